"""The demo's saved searches: two of the demo brand's, watched, with new matches already found, so that
a new user sees the bell, the saved search's page and the e-mail of new matches at once. The watch is
shown through the same services and check as the worker's: three creators of the first search lose their
verification and get it back, as staff's verifying would."""

from django.db.models import Q

from vetrina.accounts.models import User
from vetrina.creators.models import Creator
from vetrina.saved_searches.models import SavedSearch
from vetrina.saved_searches.selectors import saved_filters
from vetrina.saved_searches.services import filters_from_mapping, saved_search_create
from vetrina.saved_searches.watching import saved_search_emails_send, saved_searches_check
from vetrina.search.selectors import conditions

DEMO_SEARCHES = [
    ("Engaged beauty creators", {"category": ["beauty"], "er_min": 0.04}),
    ("Fitness for 18-24", {"category": ["fitness"], "audience_age": "18-24", "audience_age_min": 0.3}),
]
NEWLY_VERIFIED = 3


def demo_saved_searches_ensure(*, brand: User) -> int:
    """Makes the demo brand's saved searches once; returns how many new matches the demo's check found."""
    organisation = brand.organisation
    assert organisation is not None
    if SavedSearch.objects.filter(organisation=organisation).exists():
        return 0
    made = [
        saved_search_create(
            organisation=organisation,
            created_by=brand,
            name=name,
            filters=filters_from_mapping(filters),
            alerts=True,
        )
        for name, filters in DEMO_SEARCHES
    ]
    filters = saved_filters(made[0]).filters
    assert filters is not None
    matching = Q()
    for condition in conditions(filters):
        matching &= condition.q
    chosen = list(
        Creator.objects.filter(verified=True)
        .filter(matching)
        .order_by("-reach")
        .values_list("pk", flat=True)[:NEWLY_VERIFIED]
    )
    saved_searches_check()  # the catalogue as it stands (the first check takes stock)
    Creator.objects.filter(pk__in=chosen).update(verified=False)
    saved_searches_check()
    Creator.objects.filter(pk__in=chosen).update(verified=True)
    report = saved_searches_check()
    saved_search_emails_send()
    return sum(len(found) for found in report.matches.values())
