import getpass
import os
import sys
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email

from diplomatie.accounts.actions import do_create_admin
from diplomatie.directory.models import Agent


class Command(BaseCommand):
    help = (
        "Create an administrator. The password is asked for, or read from "
        "DIPLOMATIE_ADMIN_PASSWORD when there is no terminal."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True)
        parser.add_argument("--name", default="", help="display name (default: from the e-mail)")

    def handle(self, *args: Any, **options: Any) -> None:
        email = options["email"].strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"{email!r} is not a valid e-mail address.") from None
        if Agent.objects.filter(email__iexact=email).exists():
            raise CommandError(f"An account with the address {email} already exists.")
        name = options["name"].strip() or email.split("@")[0].replace(".", " ").title()
        password = os.environ.get("DIPLOMATIE_ADMIN_PASSWORD", "")
        if not password:
            if not sys.stdin.isatty():
                raise CommandError(
                    "No terminal to ask for the password: set DIPLOMATIE_ADMIN_PASSWORD."
                )
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The two passwords differ.")
        try:
            validate_password(password, Agent(email=email, display_name=name))
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        agent = do_create_admin(email=email, display_name=name, password=password)
        self.stdout.write(f"Administrator {agent.email} created.")
