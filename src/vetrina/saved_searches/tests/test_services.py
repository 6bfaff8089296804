import pytest
from django.core.exceptions import ValidationError

from vetrina.saved_searches.models import SavedSearch, SavedSearchAlert
from vetrina.saved_searches.services import (
    filters_from_mapping,
    filters_from_query,
    saved_search_alerts_set,
    saved_search_create,
    saved_search_delete,
    saved_search_rename,
)

pytestmark = pytest.mark.django_db


def save(member, name="Italian fashion", **filters):
    return saved_search_create(
        organisation=member.organisation,
        created_by=member,
        name=name,
        filters=filters_from_mapping(filters or {"country": "it", "category": ["fashion"]}),
    )


def test_it_keeps_the_filters_as_the_search_pages_canonical_address_without_the_page(brand_member):
    saved_search = saved_search_create(
        organisation=brand_member.organisation,
        created_by=brand_member,
        name="  Italian   fashion ",
        filters=filters_from_query(
            "category=fashion&country=it&er_min=0.05&sort=-growth&page=3&page_size=50"
        ),
    )
    assert saved_search.name == "Italian fashion"
    assert saved_search.query == "country=IT&category=fashion&er_min=0.05&sort=-growth"
    assert saved_search.search_url == "/search/?country=IT&category=fashion&er_min=0.05&sort=-growth"


def test_it_refuses_filters_the_search_would_refuse_naming_the_filter(brand_member):
    with pytest.raises(ValidationError) as refused:
        save(brand_member, category=["fashion", "knitting"])
    assert refused.value.message_dict == {"filters.category": ["'knitting' is not a category."]}
    with pytest.raises(ValidationError) as refused:
        save(brand_member, audience_age_min=0.3)
    assert "Choose an age bracket for this share." in refused.value.message_dict["filters.audience_age_min"]
    assert not SavedSearch.objects.exists()


def test_it_refuses_a_name_that_is_not_a_filter_and_a_search_without_filters(brand_member):
    with pytest.raises(ValidationError, match="'followers' is not a search filter"):
        save(brand_member, followers=1000)
    with pytest.raises(ValidationError, match="Choose at least one filter"):
        save(brand_member, sort="growth")
    assert not SavedSearch.objects.exists()


def test_names_are_unique_in_an_organisation_ignoring_case_but_not_across_organisations(
    brand_member, agency_member
):
    save(brand_member)
    with pytest.raises(ValidationError, match="already a saved search named"):
        save(brand_member, name="ITALIAN FASHION")
    save(agency_member)
    assert SavedSearch.objects.count() == 2


def test_it_renames_and_refuses_a_taken_or_empty_name(brand_member):
    first = save(brand_member)
    second = save(brand_member, name="Beauty", category="beauty")
    saved_search_rename(saved_search=second, name="Beauty in Italy")
    second.refresh_from_db()
    assert second.name == "Beauty in Italy"
    with pytest.raises(ValidationError, match="already a saved search named"):
        saved_search_rename(saved_search=second, name=first.name.lower())
    with pytest.raises(ValidationError, match="Give the search a name"):
        saved_search_rename(saved_search=second, name="   ")
    second.refresh_from_db()
    assert second.name == "Beauty in Italy"


def test_alerts_are_per_member_and_go_with_the_saved_search(brand_member):
    saved_search = save(brand_member)
    assert saved_search_alerts_set(saved_search=saved_search, user=brand_member, on=True) is True
    assert saved_search_alerts_set(saved_search=saved_search, user=brand_member, on=True) is False
    assert SavedSearchAlert.objects.filter(user=brand_member).count() == 1
    saved_search_delete(saved_search=saved_search)
    assert not SavedSearchAlert.objects.exists()
