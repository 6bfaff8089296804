import csv
import io

import pytest
from django.test import Client

from vetrina.creators.tests.factories import AudienceCountryFactory, CreatorFactory
from vetrina.shortlists.tests.factories import ShortlistEntryFactory, ShortlistFactory

pytestmark = pytest.mark.django_db


def test_it_exports_the_list_page_columns_with_exact_numbers(brand_member):
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
            "reach",
            "avg_views",
            "engagement_rate",
            "authenticity",
            "top_audience_country",
            "top_audience_country_share",
            "note",
            "added_at",
        ],
        [
            "asha.fits",
            "Asha, Sharma",
            "1234567",
            "240123.4",
            "0.0612345678",
            "91.7",
            "IN",
            "0.7123",
            'Said "yes", twice\nCall back',
            first.added_at.isoformat(),
        ],
        # undefined numbers are empty cells; a cell a spreadsheet would run as a formula stays text
        ["new.face", "'=HYPERLINK(1)", "", "", "", "", "", "", "", second.added_at.isoformat()],
    ]
