"""Finance's records: the chart of accounts, the books and budgets."""

from finance.models.books import *  # noqa: F403
from finance.models.budgets import *  # noqa: F403
from finance.models.chart import *  # noqa: F403
