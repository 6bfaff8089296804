import io

from django.core.management import call_command
from django.test import Client

from vetrina.creators.models import Creator
from vetrina.creators.tests.factories import as_line, line_data
from vetrina.ingest.importing import creators_import


def found(user, **query) -> list[str]:
    client = Client()
    client.force_login(user)
    return [card["handle"] for card in client.get("/api/v1/creators", query).json()["results"]]


def test_an_import_makes_a_new_creator_findable_by_words_and_categories(brand_member):
    creators_import(
        lines=[
            as_line(
                line_data(
                    handle="anna.styles", display_name="Anna", bio="Blazers", categories=["travel", "fashion"]
                )
            )
        ]
    )

    assert found(brand_member, q="styl blaz") == ["anna.styles"]
    assert found(brand_member, category="fashion") == ["anna.styles"]
    assert found(brand_member, category="beauty") == []


def test_an_import_that_changes_the_profile_changes_what_finds_it(brand_member):
    creators_import(lines=[as_line(line_data(handle="anna.styles", bio="Blazers", categories=["fashion"]))])

    creators_import(lines=[as_line(line_data(handle="anna.styles", bio="Sneakers", categories=["sports"]))])

    assert found(brand_member, q="blaz") == []
    assert found(brand_member, q="sneak", category="sports") == ["anna.styles"]


def test_recompute_repairs_search_columns_written_another_way(brand_member):
    creators_import(lines=[as_line(line_data(handle="anna.styles", bio="Blazers"))])
    Creator.objects.filter(handle="anna.styles").update(bio="Hiking boots", categories=["outdoors"])

    call_command("recompute", stdout=io.StringIO())

    assert found(brand_member, q="hik", category="outdoors") == ["anna.styles"]
