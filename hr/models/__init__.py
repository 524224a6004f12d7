"""HR's records: the core (structure, people, contracts, documents, leave) and talent (hiring, onboarding)."""

from hr.models.core import *  # noqa: F403
from hr.models.core import fold  # noqa: F401
from hr.models.development import *  # noqa: F403, E402
from hr.models.talent import *  # noqa: F403
