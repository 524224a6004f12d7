"""The kinds of audit events, declared once per app.

Each app lists its kinds as one ``AuditKind`` enumeration (code and label per member) and hands it
to the registry with its contributions: services record with a member, never with a typed-again
string, and the audit trail's filter and labels come from the same declaration. The codes are what
the ``AuditEvent`` rows store, so a member's value never changes once events were written with it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditKind(models.TextChoices):
    """Base of every app's audit kinds: ``CODE = "app.what_happened", _("Label")``."""


class PlatformAudit(AuditKind):
    LOGIN = "auth.login", _("Signed in")
    LOGOUT = "auth.logout", _("Signed out")
    LOGIN_FAILED = "auth.login_failed", _("Sign-in failed")
    LOCKOUT = "auth.lockout", _("Sign-in locked")
    OTP_ENROLLED = "auth.otp_enrolled", _("Two-factor enrolled")
    OTP_FAILED = "auth.otp_failed", _("Two-factor code rejected")
    OTP_DISABLED = "auth.otp_disabled", _("Two-factor turned off")
    OTP_RESET = "auth.otp_reset", _("Two-factor reset by an administrator")
    PASSWORD_CHANGED = "auth.password_changed", _("Password changed")
    USER_INVITED = "user.invited", _("Account created and invited")
    USER_DEACTIVATED = "user.deactivated", _("Account closed")
    ROLE_GRANTED = "role.granted", _("Role granted")
    ROLE_REVOKED = "role.revoked", _("Role revoked")
    ORGANISATION_UPDATED = "organisation.updated", _("Organisation settings changed")
    AUDIT_EXPORTED = "audit.exported", _("Audit trail exported")
