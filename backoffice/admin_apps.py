from django.contrib.admin.apps import AdminConfig


class BackofficeAdminConfig(AdminConfig):
    """Django's admin on the product's own site class (branding, role-based access)."""

    default_site = "backoffice.admin_site.BackofficeAdminSite"
