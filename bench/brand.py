"""The brand member a benchmark signs in as: a brand's cards and pages carry Contact and Add to list,
which staff's do not. Made in the benchmark's own database the first time, found there after."""

from typing import Any


def brand_member(username: str) -> Any:
    from vetrina.accounts.models import Organisation, OrganisationKind, Role, User

    organisation, _ = Organisation.objects.get_or_create(
        name="Bench Brand", defaults={"kind": OrganisationKind.BRAND, "country": "IT"}
    )
    user, _ = User.objects.get_or_create(
        username=username, defaults={"role": Role.BRAND, "organisation": organisation}
    )
    return user
