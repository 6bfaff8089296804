"""What "Add all to a list" adds, against the plain-Python reading of the search in test_exactness: for
random searches, exactly the first matches in the search's order, as many as the limit allows."""

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vetrina.creators.models import Creator
from vetrina.search.filters import SearchFilters
from vetrina.search.selectors import creator_ids_matching
from vetrina.search.tests.test_exactness import creators, expected, query, searches  # noqa: F401  (a fixture)


def filters_of(params: dict[str, Any]) -> SearchFilters:
    data = {name: value for name, value in query(params).items() if name not in ("page", "page_size")}
    return SearchFilters.model_validate(data)


def test_it_takes_exactly_the_first_matches_in_the_searchs_order(creators, brand_member):  # noqa: F811
    handles = dict(Creator.objects.values_list("pk", "handle"))
    runs = []

    @settings(max_examples=150, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(searches(), st.integers(1, 60))
    def adds_agree(params: dict[str, Any], limit: int) -> None:
        ids = creator_ids_matching(viewer=brand_member, filters=filters_of(params), limit=limit)
        assert [handles[pk] for pk in ids] == expected(creators, params)[:limit]
        runs.append((params, limit))

    adds_agree()
    # some searches found more than their limit, so the cut was tested too
    assert any(len(expected(creators, params)) > limit for params, limit in runs)
