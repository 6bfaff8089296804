import io

from django.core.management import call_command
from django.test import Client

from vetrina.creators.models import Creator
from vetrina.creators.tests.factories import as_line, line_data, video_data
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
    # Captions that say neither word: they are searched too.
    videos = [video_data(caption="Day one")]
    creators_import(
        lines=[as_line(line_data(handle="anna.styles", bio="Blazers", categories=["fashion"], videos=videos))]
    )

    creators_import(
        lines=[as_line(line_data(handle="anna.styles", bio="Sneakers", categories=["sports"], videos=videos))]
    )

    assert found(brand_member, q="blaz") == []
    assert found(brand_member, q="sneak", category="sports") == ["anna.styles"]


def test_recompute_repairs_search_columns_written_another_way(brand_member):
    creators_import(lines=[as_line(line_data(handle="anna.styles", bio="Blazers"))])
    Creator.objects.filter(handle="anna.styles").update(bio="Hiking boots", categories=["outdoors"])

    call_command("recompute", stdout=io.StringIO())

    assert found(brand_member, q="hik", category="outdoors") == ["anna.styles"]


def test_an_import_makes_the_captions_words_hashtags_and_mentions_findable(brand_member):
    caption = "Thrift haul with @Bo.Style #OOTD"
    creators_import(
        lines=[as_line(line_data(handle="anna.styles", bio="", videos=[video_data(caption=caption)]))]
    )

    assert found(brand_member, q="thrif") == ["anna.styles"]
    assert found(brand_member, q="#ootd") == ["anna.styles"]
    assert found(brand_member, q="@bo.style") == ["anna.styles"]
    assert found(brand_member, q="@bo") == []


def test_a_video_imported_again_with_a_new_caption_is_found_by_the_new_one_only(brand_member):
    changing = video_data(caption="Old news #oldtag")
    kept = video_data(caption="Still here #kept")
    creators_import(lines=[as_line(line_data(handle="anna.styles", videos=[changing, kept]))])

    # The second line gives one video again, with a new caption, and leaves the other out (kept).
    report = creators_import(
        lines=[as_line(line_data(handle="anna.styles", videos=[{**changing, "caption": "Fresh #newtag"}]))]
    )

    assert report.updated == 1
    assert found(brand_member, q="#oldtag") == []
    assert found(brand_member, q="old") == []
    assert found(brand_member, q="#newtag") == ["anna.styles"]
    assert found(brand_member, q="fresh") == ["anna.styles"]
    assert found(brand_member, q="#kept") == ["anna.styles"]


def test_an_erased_creator_is_found_by_its_captions_no_more(brand_member):
    creators_import(lines=[as_line(line_data(handle="anna.styles", videos=[video_data(caption="#ootd")]))])
    creators_import(lines=[as_line(line_data(handle="bo.style", videos=[video_data(caption="#ootd")]))])

    Creator.objects.filter(handle="anna.styles").delete()

    assert found(brand_member, q="#ootd") == ["bo.style"]


def test_recompute_fills_the_caption_columns_of_creators_stored_before_them(brand_member):
    creators_import(
        lines=[as_line(line_data(handle="anna.styles", videos=[video_data(caption="Desk tour #setup")]))]
    )
    Creator.objects.filter(handle="anna.styles").update(search_text=" anna styles ", caption_tags="")

    call_command("recompute", stdout=io.StringIO())

    assert found(brand_member, q="#setup desk") == ["anna.styles"]
