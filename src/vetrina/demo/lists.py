"""The demo brand's lists, each made as a member would: a search's matches added with "Add all to a list"
(search.selectors, shortlists.services), so that a new user sees a list's combined audience at once."""

from vetrina.accounts.models import User
from vetrina.search.filters import SearchFilters
from vetrina.search.selectors import creator_ids_matching
from vetrina.shortlists.models import Shortlist
from vetrina.shortlists.services import shortlist_create_with_creators

# Each list's name and the search it comes from; two markets whose audiences differ, so that the
# combined charts differ too.
DEMO_LISTS = {
    "Beauty in the US": {"category": ["beauty"], "country": ["US"]},
    "Fitness in India": {"category": ["fitness"], "country": ["IN"]},
}
DEMO_LIST_SIZE = 25  # the first ones of each search, by reach


def demo_lists_ensure(*, brand: User) -> int:
    """The brand's demo lists, made once; returns how many were made (0 when they exist)."""
    organisation = brand.organisation
    assert organisation is not None
    if Shortlist.objects.filter(organisation=organisation, name__in=DEMO_LISTS).exists():
        return 0
    made = 0
    for name, search in DEMO_LISTS.items():
        ids = creator_ids_matching(
            viewer=brand, filters=SearchFilters.model_validate(search), limit=DEMO_LIST_SIZE
        )
        if ids:
            shortlist_create_with_creators(
                organisation=organisation, created_by=brand, name=name, creator_ids=ids
            )
            made += 1
    return made
