"""GET /api/v1/campaigns and GET /api/v1/campaigns/{id}/results: the page's numbers, unformatted; only
the organisation's members and staff."""

import pytest

from vetrina.collaborations.tests.factories import CampaignFactory
from vetrina.conftest import client_for
from vetrina.creators.tests.factories import CreatorFactory
from vetrina.results.selectors import campaign_results
from vetrina.results.tests.factories import accepted_request, videos_of

pytestmark = pytest.mark.django_db

NEVER = "7499999999999999999"


@pytest.fixture
def campaign(brand_member):
    campaign = CampaignFactory.create(organisation=brand_member.organisation, name="Autumn serum")
    asha = CreatorFactory.create(handle="asha.fits")
    videos = videos_of(asha, [1000, 2000, 3000, 12_000], first_id=7_400_000_000_000_000_000)
    accepted_request(campaign=campaign, creator=asha, videos=[str(videos[-1].pk), NEVER, None])
    return campaign


def test_the_list_gives_the_organisation_s_campaigns_with_their_posted_videos(brand_member, campaign):
    CampaignFactory.create(name="Someone else's")
    body = client_for(brand_member).get("/api/v1/campaigns").json()
    assert body["count"] == 1
    assert body["results"][0] | {"created_at": None} == {
        "id": campaign.pk,
        "name": "Autumn serum",
        "organisation": "Acme Cosmetics",
        "created_at": None,
        "videos_posted": 2,
    }


def test_the_results_are_the_page_s_figures_unformatted(brand_member, campaign):
    body = client_for(brand_member).get(f"/api/v1/campaigns/{campaign.pk}/results").json()
    results = campaign_results(campaign)
    arrived, never = body["videos"]
    video = results.videos[0]
    assert arrived["views"] == 12_000
    assert arrived["arrived"] is True
    assert arrived["engagement_rate"] == video.engagement_rate
    assert arrived["cost_amount"] == "333.33"
    assert arrived["cost_currency"] == "USD"
    assert arrived["cpm"] == video.cpm
    assert arrived["cpe"] == video.cpe
    assert arrived["lift"] == 6.0
    assert arrived["lift_baseline_videos"] == 3
    assert never["video_id"] == NEVER
    assert never["arrived"] is False
    assert (never["views"], never["cpm"], never["lift"]) == (None, None, None)
    totals = body["totals"]
    assert (totals["videos_posted"], totals["videos_arrived"], totals["views"]) == (2, 1, 12_000)
    assert totals["costs"] == [
        {
            "currency": "USD",
            "videos": 2,
            "spend": "666.67",
            "cpm": results.totals.costs[0].cpm,
            "cpv": results.totals.costs[0].cpv,
            "cpe": results.totals.costs[0].cpe,
        }
    ]
    assert body["history"] == []


def test_another_organisation_gets_404_and_visitors_and_creators_403(
    campaign, agency_member, visitor, creator_account, staff_user
):
    url = f"/api/v1/campaigns/{campaign.pk}/results"
    assert client_for(agency_member).get(url).status_code == 404
    assert client_for(visitor).get(url).status_code == 403
    assert client_for(creator_account).get(url).status_code == 403
    assert client_for(staff_user).get(url).status_code == 200
    assert client_for(None).get(url).status_code == 401
    assert client_for(visitor).get("/api/v1/campaigns").status_code == 403


def test_the_schema_describes_both_operations(brand_member):
    paths = client_for(brand_member).get("/api/v1/openapi.json").json()["paths"]
    assert "get" in paths["/api/v1/campaigns"]
    assert "get" in paths["/api/v1/campaigns/{campaign_id}/results"]
