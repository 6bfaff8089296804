"""The members `python -m bench load` signs in as, and what they look at: run as a process of its own, with
Django set up on the database about to be served (`vetrina demo --no-serve` made it). Writes the plan the
Locust users read."""

import argparse
import json
import os
import secrets
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vetrina.config.settings")
    import django

    django.setup()
    from vetrina.accounts.models import Organisation, Role, User
    from vetrina.api.models import ApiToken
    from vetrina.api.services import api_token_create
    from vetrina.creators.models import Creator
    from vetrina.shortlists.services import shortlist_create

    # The demo brand's organisation: its members search, keep lists and contact, as the demo's brand login does.
    acme = Organisation.objects.get(name="Acme Cosmetics")
    members = []
    for number in range(1, options.members + 1):
        password = secrets.token_urlsafe(12)
        user = User.objects.create_user(
            username=f"load{number}@acme.localhost",
            email=f"load{number}@acme.localhost",
            password=password,
            first_name="Load",
            last_name=f"Member {number}",
            role=Role.BRAND,
            organisation=acme,
        )
        _row, token = api_token_create(user=user, name="load", scope=ApiToken.Scope.READ_WRITE)
        shortlist = shortlist_create(organisation=acme, created_by=user, name=f"Load list {number}")
        members.append(
            {"username": user.username, "password": password, "token": token, "shortlist": shortlist.pk}
        )
    verified = Creator.objects.filter(verified=True).order_by("pk")
    plan = {
        "members": members,
        "handles": list(verified.values_list("handle", flat=True)[:2000]),
        "contactable": list(verified.exclude(manager_email="").values_list("handle", flat=True)[:2000]),
        "creators": Creator.objects.count(),
    }
    options.out.write_text(json.dumps(plan))


if __name__ == "__main__":
    main()
