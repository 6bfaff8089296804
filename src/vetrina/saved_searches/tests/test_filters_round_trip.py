"""A saved search runs exactly the search that was saved: every valid combination of the search's
parameters (drawn by hypothesis), kept by a saved search and read back, is the same search, bar the page."""

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from vetrina.lib.audience import AGE_BRACKETS, DEVICES, GENDERS
from vetrina.lib.categories import CATEGORIES
from vetrina.saved_searches.services import filters_from_mapping, filters_from_query, search_query_of
from vetrina.search.filters import MAX_BIGINT, SearchFilters, Sort

SHARE = st.floats(0, 1, allow_nan=False, allow_infinity=False)
NUMBER = st.floats(0, 1e12, allow_nan=False, allow_infinity=False)
SINGLE: dict[str, st.SearchStrategy[Any]] = {
    "q": st.text(alphabet=st.characters(categories=["L", "N", "Zs"]), max_size=40),
    "followers_min": st.integers(0, MAX_BIGINT),
    "followers_max": st.integers(0, MAX_BIGINT),
    "avg_views_min": NUMBER,
    "avg_views_max": NUMBER,
    "er_min": SHARE,
    "authenticity_min": st.floats(0, 100, allow_nan=False),
    "audience_active_min": SHARE,
    "sort": st.sampled_from([sort.value for sort in Sort]),
    "page": st.integers(1, 1000),
    "page_size": st.integers(1, 100),
}
BUCKETS = {
    "audience_country": st.sampled_from(["IT", "US", "IN", "BR"]),
    "audience_age": st.sampled_from(list(AGE_BRACKETS)),
    "audience_gender": st.sampled_from(list(GENDERS)),
    "audience_device": st.sampled_from(list(DEVICES)),
}


@st.composite
def searches(draw: st.DrawFn) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for name in draw(st.lists(st.sampled_from(list(SINGLE)), unique=True, max_size=6)):
        params[name] = draw(SINGLE[name])
    if draw(st.booleans()):
        params["country"] = draw(
            st.lists(st.sampled_from(["IT", "US", "IN", "GB", "DE"]), min_size=1, max_size=3)
        )
    if draw(st.booleans()):
        params["category"] = draw(st.lists(st.sampled_from(list(CATEGORIES)), min_size=1, max_size=3))
    for bucket in draw(st.lists(st.sampled_from(list(BUCKETS)), unique=True, max_size=2)):
        params[bucket] = draw(BUCKETS[bucket])
        params[f"{bucket}_min"] = draw(SHARE)
    return params


@settings(max_examples=300, deadline=None, database=None)
@given(searches())
def test_a_saved_search_reads_back_as_the_search_that_was_saved_bar_the_page(params):
    saved = search_query_of(filters_from_mapping(params))
    # the search as the search page and the API read the parameters, on its first page
    expected = SearchFilters.model_validate(
        {name: value for name, value in params.items() if name not in ("page", "page_size")}
    )
    assert filters_from_query(saved) == expected
