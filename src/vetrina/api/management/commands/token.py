"""`vetrina token create --user EMAIL --name NAME [--read-write]`, and `revoke`, from the shell."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from vetrina.accounts.models import User
from vetrina.api.models import ApiToken
from vetrina.api.services import api_token_create, api_token_revoke


class Command(BaseCommand):
    help = _("Create or revoke a user's API token. The new token is printed once; only its hash is kept.")

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help=_("Create a token and print it."))
        create.add_argument("--user", required=True, help=_("The owner's e-mail address."))
        create.add_argument("--name", required=True, help=_("What the token is for."))
        create.add_argument(
            "--read-write",
            action="store_true",
            help=_("Let the token write (default: read only)."),
        )
        revoke = actions.add_parser("revoke", help=_("Revoke a user's token by its name."))
        revoke.add_argument("--user", required=True, help=_("The owner's e-mail address."))
        revoke.add_argument("--name", required=True, help=_("The token's name."))

    def handle(self, *args: Any, **options: Any) -> None:
        user = self._user(options["user"])
        if options["action"] == "create":
            scope = ApiToken.Scope.READ_WRITE if options["read_write"] else ApiToken.Scope.READ
            try:
                _row, token = api_token_create(user=user, name=options["name"], scope=scope)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
            self.stdout.write(token)
            return
        row = user.api_tokens.filter(name=options["name"].strip(), revoked_at__isnull=True).first()
        if row is None:
            raise CommandError(
                _("%(email)s has no live token named %(name)r.")
                % {"email": user.email, "name": options["name"]}
            )
        api_token_revoke(token=row)
        self.stdout.write(_("Revoked %(name)r (%(prefix)s…).") % {"name": row.name, "prefix": row.prefix})

    def _user(self, email: str) -> User:
        users = list(User.objects.filter(email__iexact=email.strip())[:2])
        if len(users) != 1:
            raise CommandError(_("No single account has the e-mail address %(email)r.") % {"email": email})
        return users[0]
