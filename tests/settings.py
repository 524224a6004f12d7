"""Test settings: the product's settings with the environment a test run needs.

Every switch is set here through the same environment variables production uses (TRAPS.md), so
tests exercise the real settings module, with two-factor required as it is in production.
"""

import os
from pathlib import Path

_base = Path(__file__).resolve().parent.parent
os.environ.setdefault(
    "DJANGO_SECRET_KEY", "tests-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
)
os.environ.setdefault("DJANGO_HTTPS", "0")
os.environ.setdefault("OTP_REQUIRED_ROLES", "Administrator,HR,Finance")
os.environ.setdefault("SERVER_TIMING", "1")
os.environ.setdefault("STATIC_MANIFEST", "0")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "1")
os.environ.setdefault("BACKOFFICE_VAR_DIR", str(_base / "var" / "test"))
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from backoffice.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405  (WhiteNoise warns when it is missing)
