"""The report page of a campaign, its CSV, and My Activity's overview: the figures as the selectors give
them, formatted for people on the page and raw in the CSV; a video that never arrived says so."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vetrina.collaborations.tests.factories import CampaignFactory
from vetrina.conftest import client_for
from vetrina.creators.models import VideoPoint
from vetrina.creators.tests.factories import CreatorFactory
from vetrina.results.exporting import CSV_HEADER
from vetrina.results.tests.factories import START, accepted_request, videos_of

pytestmark = pytest.mark.django_db

NEVER = "7499999999999999999"


@pytest.fixture
def campaign(brand_member):
    campaign = CampaignFactory.create(organisation=brand_member.organisation, name="Autumn serum")
    asha = CreatorFactory.create(handle="asha.fits", display_name="Asha")
    rohan = CreatorFactory.create(handle="rk.style", display_name="Rohan")
    asha_videos = videos_of(asha, [1000, 2000, 3000, 12_000], first_id=7_400_000_000_000_000_000)
    rohan_videos = videos_of(rohan, [500, 800], first_id=7_410_000_000_000_000_000)
    accepted_request(campaign=campaign, creator=asha, videos=[str(asha_videos[-1].pk), NEVER])
    accepted_request(
        campaign=campaign,
        creator=rohan,
        option="per_video",
        amount="100",
        currency="EUR",
        videos=[str(rohan_videos[-1].pk)],
    )
    VideoPoint.objects.bulk_create(
        VideoPoint(video=video, at=START + timedelta(days=day), views=views, likes=0, comments=0, shares=0)
        for video, day, views in [
            (asha_videos[-1], 5, 4000),
            (asha_videos[-1], 9, 12_000),
            (rohan_videos[-1], 6, 800),
        ]
    )
    return campaign


def test_the_report_shows_totals_per_currency_the_chart_and_each_video(brand_member, campaign):
    response = client_for(brand_member).get(f"/activity/campaigns/{campaign.pk}/results/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "2 of 3 posted videos have arrived through an import" in page
    # two currencies, never added: each has its own spend
    assert 'id="total-spend-USD"' in page
    assert 'id="total-spend-EUR"' in page
    assert "$1,000.00" in page
    assert "€100.00" in page
    assert '<svg class="chart-svg chart-line"' in page
    assert "12,800" in page  # the cumulative views at the last point, in the chart's numbers
    assert "Not arrived yet: no import has brought this video." in page
    # asha's posted video: 12,000 views against the median of her three before it (2,000): ▲ 6.0×
    assert "▲ 6.0×" in page
    assert page.count('<details class="how"') >= 7


def test_the_table_sorts_by_a_column_with_undefined_values_last(brand_member, campaign):
    page = (
        client_for(brand_member)
        .get(f"/activity/campaigns/{campaign.pk}/results/?sort=-views")
        .content.decode()
    )
    assert (
        page.index("@asha.fits · Video 1")
        < page.index("@rk.style · Video 1")
        < page.index("@asha.fits · Video 2")
    )
    ascending = (
        client_for(brand_member)
        .get(f"/activity/campaigns/{campaign.pk}/results/?sort=views")
        .content.decode()
    )
    assert (
        ascending.index("@rk.style · Video 1")
        < ascending.index("@asha.fits · Video 1")
        < ascending.index("@asha.fits · Video 2")
    )
    assert 'aria-sort="ascending"' in ascending


def test_the_page_costs_the_same_queries_however_many_videos(brand_member, campaign):
    client = client_for(brand_member)
    url = f"/activity/campaigns/{campaign.pk}/results/"
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    creator = CreatorFactory.create()
    videos = videos_of(creator, [10, 20, 30, 40, 50], first_id=7_420_000_000_000_000_000)
    accepted_request(campaign=campaign, creator=creator, videos=[str(video.pk) for video in videos])
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after) == len(before)


def test_the_csv_has_the_page_s_rows_raw_with_units_in_the_headers(brand_member, campaign):
    response = client_for(brand_member).get(f"/activity/campaigns/{campaign.pk}/results.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "autumn-serum-results.csv" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert list(rows[0]) == CSV_HEADER
    by_video = {row["video_id"]: row for row in rows}
    asha = next(row for row in rows if row["handle"] == "asha.fits" and row["arrived"] == "yes")
    assert asha["views"] == "12000"
    assert asha["cost_currency"] == "USD"
    assert asha["cost_amount"] == "500.0000"
    assert asha["cpm_per_1000_views"] == "41.6667"  # 500 / 12,000 × 1,000
    assert asha["lift_times_creator_median"] == "6.0000"
    never = by_video[NEVER]
    assert never["arrived"] == "no"
    assert (never["views"], never["cpm_per_1000_views"], never["lift_times_creator_median"]) == ("", "", "")
    assert never["cost_amount"] == "500.0000"


def test_my_activity_overview_gives_each_month_and_the_best_and_worst_by_lift(brand_member, campaign):
    page = client_for(brand_member).get("/activity/results/").content.decode()
    assert "September 2026" in page
    assert "Best videos by lift" in page
    assert "Autumn serum" in page
    # asha's video (6.0×) is the best; rohan's (800 against 500: 1.6×) comes next, in the same list
    assert page.index("▲ 6.0×") < page.index("▲ 1.6×")


def test_the_campaign_page_links_to_its_results(brand_member, campaign):
    page = client_for(brand_member).get(f"/activity/campaigns/{campaign.pk}/").content.decode()
    assert f'href="/activity/campaigns/{campaign.pk}/results/"' in page
    activity = client_for(brand_member).get("/activity/").content.decode()
    assert 'href="/activity/results/"' in activity
