"""Finance's records: the chart of accounts, the books, budgets, partners and sales documents."""

from finance.models.books import *  # noqa: F403
from finance.models.budgets import *  # noqa: F403
from finance.models.chart import *  # noqa: F403
from finance.models.expenses import *  # noqa: F403
from finance.models.invoices import *  # noqa: F403
from finance.models.partners import *  # noqa: F403
from finance.models.payables import *  # noqa: F403
from finance.models.payments import *  # noqa: F403
