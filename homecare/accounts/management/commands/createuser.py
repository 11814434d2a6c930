from __future__ import annotations

import getpass
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from homecare.accounts.services import create_user
from homecare.core.actor import Actor
from homecare.core.roles import Role


class Command(BaseCommand):
    help = "Create a user with a role (the password is asked for unless --password is given)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--provider", help="Provider's council reference (provider users only)")
        parser.add_argument("--password", help="Password (asked for if not given)")
        parser.add_argument("--email", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        provider = None
        if options["provider"]:
            # Providers sit above accounts: looked up by name, not imported.
            provider_model = apps.get_model("providers", "Provider")
            provider = provider_model.objects.filter(council_ref=options["provider"]).first()
            if provider is None:
                raise CommandError(f"No provider with the council reference {options['provider']}")
        password = options["password"] or getpass.getpass("Password: ")
        try:
            user = create_user(
                by=Actor.command("createuser"),
                username=options["username"],
                password=password,
                role=options["role"],
                provider=provider,
                email=options["email"],
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"Created {user.username} ({user.get_role_display()})")
