import csv
import io

import pytest
from django.test import Client

from vetrina.creators.tests.factories import AudienceCountryFactory, CreatorFactory
from vetrina.lib.audience import FIXED_DIMENSIONS
from vetrina.shortlists.tests.factories import ShortlistEntryFactory, ShortlistFactory

pytestmark = pytest.mark.django_db

# The audience shares' columns, after the list page's (docs/numbers.md, "The shortlist CSV").
AUDIENCE_HEADER = [
    f"audience_{dimension}_{bucket.replace('-', '_').replace('+', '_plus')}_percent"
    for dimension, buckets in FIXED_DIMENSIONS.items()
    for bucket in buckets
]
NO_AUDIENCE = [""] * len(AUDIENCE_HEADER)


def test_it_exports_the_list_page_columns_rounded_in_the_units_their_headers_name(brand_member):
    # given
    shortlist = ShortlistFactory.create(organisation=brand_member.organisation, name="Summer launch")
    asha = CreatorFactory.create(
        handle="asha.fits",
        display_name="Asha, Sharma",
        reach=1_234_567,
        avg_views=240_123.4,
        engagement_rate=0.0612345678,
        authenticity_score=91.7,
    )
    AudienceCountryFactory.create(creator=asha, country="IN", share=0.7123)
    AudienceCountryFactory.create(creator=asha, country="US", share=0.2877)
    blank = CreatorFactory.create(handle="new.face", display_name="=HYPERLINK(1)")
    first = ShortlistEntryFactory.create(
        shortlist=shortlist, creator=asha, note='Said "yes", twice\nCall back'
    )
    second = ShortlistEntryFactory.create(shortlist=shortlist, creator=blank)
    client = Client()
    client.force_login(brand_member)

    # when
    response = client.get(f"/shortlists/{shortlist.pk}/export.csv")

    # then
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="summer-launch.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        [
            "handle",
            "display_name",
            "reach_followers",
            "avg_views_per_video",
            "engagement_rate_percent",
            "authenticity_score",
            "top_audience_country",
            "top_audience_country_percent",
            "note",
            "added_at",
            *AUDIENCE_HEADER,
        ],
        [
            "asha.fits",
            "Asha, Sharma",
            "1234567",
            "240123",  # 240,123.4 views a video
            "6.12",  # 0.0612345678 is 6.12345678 %
            "91.7",
            "IN",
            "71.2",  # 0.7123 is 71.23 %
            'Said "yes", twice\nCall back',
            first.added_at.isoformat(),
            *NO_AUDIENCE,
        ],
        # undefined numbers are empty cells; a cell a spreadsheet would run as a formula stays text
        ["new.face", "'=HYPERLINK(1)", "", "", "", "", "", "", "", second.added_at.isoformat(), *NO_AUDIENCE],
        # and the list as a whole: its total reach and its combined audience, without a handle
        ["", "All creators, reach-weighted", "1234567", "", "", "", "IN", "71.2", "", "", *NO_AUDIENCE],
    ]


def test_the_file_is_these_exact_bytes_in_the_page_order(brand_member):
    # given two creators, one with every number and a note needing quotes, one blank with a formula name
    shortlist = ShortlistFactory.create(organisation=brand_member.organisation, name="Été 2026")
    asha = CreatorFactory.create(
        handle="asha.fits",
        display_name="Asha Sharma",
        reach=1_200_000,
        avg_views=240_000.5,
        engagement_rate=0.061,
        authenticity_score=92.0,
    )
    AudienceCountryFactory.create(creator=asha, country="IN", share=0.7)
    blank = CreatorFactory.create(handle="new.face", display_name="+1 -2", reach=None)
    first = ShortlistEntryFactory.create(shortlist=shortlist, creator=asha, note="@team: ask, then\r\ncall")
    second = ShortlistEntryFactory.create(shortlist=shortlist, creator=blank, note="-")
    client = Client()
    client.force_login(brand_member)

    # when sorted by reach, largest first (undefined last)
    response = client.get(f"/shortlists/{shortlist.pk}/export.csv?sort=-reach")

    # then
    assert response["Content-Disposition"] == 'attachment; filename="ete-2026.csv"'
    assert (
        response.content
        == (
            "handle,display_name,reach_followers,avg_views_per_video,engagement_rate_percent,authenticity_score,"
            f"top_audience_country,top_audience_country_percent,note,added_at,{','.join(AUDIENCE_HEADER)}\r\n"
            # 240,000.5 views round half up; 0.061 is 6.10 %, 0.7 is 70.0 %
            f'asha.fits,Asha Sharma,1200000,240001,6.10,92.0,IN,70.0,"\'@team: ask, then\r\ncall",'
            f"{first.added_at.isoformat()}{',' * len(AUDIENCE_HEADER)}\r\n"
            f"new.face,'+1 -2,,,,,,,'-,{second.added_at.isoformat()}{',' * len(AUDIENCE_HEADER)}\r\n"
            f',"All creators, reach-weighted",1200000,,,,IN,70.0,,{"," * len(AUDIENCE_HEADER)}\r\n'
        ).encode()
    )


def test_long_fractions_are_rounded_not_written_to_the_last_digit(brand_member):
    # given the numbers of issue 19's export: 0.040687103279113006 and 1598590.9333333333
    shortlist = ShortlistFactory.create(organisation=brand_member.organisation)
    creator = CreatorFactory.create(
        handle="mia.cooks",
        reach=2_000_000,
        avg_views=1_598_590.9333333333,
        engagement_rate=0.040687103279113006,
        authenticity_score=73.25,
    )
    AudienceCountryFactory.create(creator=creator, country="IT", share=0.33333333333333337)
    ShortlistEntryFactory.create(shortlist=shortlist, creator=creator)
    client = Client()
    client.force_login(brand_member)

    # when
    response = client.get(f"/shortlists/{shortlist.pk}/export.csv")

    # then
    [row, _whole_list] = csv.DictReader(io.StringIO(response.content.decode()))
    assert row["avg_views_per_video"] == "1598591"
    assert row["engagement_rate_percent"] == "4.07"
    assert row["authenticity_score"] == "73.3"  # half up, not to the even neighbour
    assert row["top_audience_country_percent"] == "33.3"
