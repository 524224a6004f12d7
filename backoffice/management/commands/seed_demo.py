from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from backoffice.registry import registry

BASE_OPTIONS = {
    "stdout",
    "stderr",
    "verbosity",
    "settings",
    "pythonpath",
    "traceback",
    "no_color",
    "force_color",
    "skip_checks",
}


class Command(BaseCommand):
    help = "Create the demo company: the organisation, one account per role (password 'demo') and each department's data."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even with DJANGO_DEBUG off.")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already has users (so `make run` seeds each database once).",
        )
        for flag, kwargs in registry.seed_arguments.items():
            parser.add_argument(flag, **kwargs)

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "Demo data has well-known passwords; with DJANGO_DEBUG off, pass --force to create it anyway."
            )
        if options["if_empty"] and get_user_model().objects.exists():
            self.stdout.write("The database already has users; demo data was not added.")
            return
        own = {
            key: value
            for key, value in options.items()
            if key not in BASE_OPTIONS | {"force", "if_empty"}
        }
        # The demo's own story (claims decided, leave approved) would mail made-up people: its
        # messages stay in memory instead of reaching the console or a real server.
        backend = settings.EMAIL_BACKEND
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        try:
            for _order, step in sorted(registry.seed_steps, key=lambda s: s[0]):
                with transaction.atomic():
                    step(stdout=self.stdout, **own)
        finally:
            settings.EMAIL_BACKEND = backend
        self.stdout.write(
            self.style.SUCCESS(
                "Demo data is ready. Accounts (password 'demo'): admin, hr, finance, it, ops, compliance, planner, manager, staff."
            )
        )
