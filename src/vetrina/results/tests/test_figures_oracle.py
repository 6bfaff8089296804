"""Every figure of a campaign's results against a plain second reading of the definitions (oracle.py),
from the raw rows: fixed fee split over a request's videos, fee per video, an accepted counter-offer,
free product (no money), two currencies, a video with no views, a creator with fewer than 30 earlier
videos and one with none, and a video that never arrives."""

from datetime import timedelta
from decimal import Decimal

import pytest

from vetrina.collaborations.tests.factories import CampaignFactory
from vetrina.creators.models import Video, VideoPoint
from vetrina.creators.tests.factories import CreatorFactory
from vetrina.results.selectors import campaign_results
from vetrina.results.tests import oracle
from vetrina.results.tests.factories import START, accepted_request, videos_of

pytestmark = pytest.mark.django_db


def same(got: float | None, want: float | None) -> bool:
    """Equal to the oracle's figure, both undefined or both defined and equal but for float rounding."""
    if got is None or want is None:
        return got is want
    return got == pytest.approx(want, rel=1e-12)


def stored_rows() -> list[dict]:
    return [
        {
            "id": video.pk,
            "creator": video.creator_id,
            "posted_at": video.posted_at,
            "views": video.views,
            "likes": video.likes,
            "comments": video.comments,
            "shares": video.shares,
        }
        for video in Video.objects.all()
    ]


@pytest.fixture
def campaign(brand_member):
    campaign = CampaignFactory.create(organisation=brand_member.organisation, name="Autumn serum")
    many = CreatorFactory.create(handle="asha.fits")
    few = CreatorFactory.create(handle="rk.style")
    none = CreatorFactory.create(handle="new.face")
    countered = CreatorFactory.create(handle="luca.cooks")
    # 40 videos of uneven views: the lift's median is of the 30 before each posted one.
    many_videos = videos_of(
        many, [(n * 7919) % 5000 + 100 for n in range(40)], first_id=7_400_000_000_000_000_000
    )
    few_videos = videos_of(few, [300, 0, 900, 450], first_id=7_410_000_000_000_000_000)
    none_videos = videos_of(none, [2500], first_id=7_420_000_000_000_000_000)
    countered_videos = videos_of(countered, [100, 200, 50], first_id=7_430_000_000_000_000_000)
    # A fixed fee of 1,000 USD for three videos: two arrived (the latest and one from the middle), the
    # third posted under an id no import has brought.
    accepted_request(
        campaign=campaign,
        creator=many,
        videos=[str(many_videos[-1].pk), str(many_videos[20].pk), "7499999999999999999"],
    )
    # 200 EUR a video: one with no views at all (every ratio over views undefined), one after three
    # earlier videos (fewer than 30); a third not posted yet.
    accepted_request(
        campaign=campaign,
        creator=few,
        option="per_video",
        amount="200",
        currency="EUR",
        videos=[str(few_videos[1].pk), str(few_videos[3].pk), None],
    )
    # Free product: no cost figures; the creator's only video has nothing before it (no lift).
    accepted_request(campaign=campaign, creator=none, option="free_product", videos=[str(none_videos[0].pk)])
    # Open to offers, a counter-offer of 900 USD accepted: the whole price for its one video.
    accepted_request(
        campaign=campaign,
        creator=countered,
        option="open",
        agreed="900",
        agreed_currency="USD",
        videos=[str(countered_videos[-1].pk)],
    )
    return campaign


def posted_rows(campaign) -> list[dict]:
    from vetrina.collaborations.models import Deliverable

    rows = []
    for deliverable in Deliverable.objects.filter(request__campaign=campaign, state="posted").select_related(
        "request__offer"
    ):
        request = deliverable.request
        rows.append(
            {
                "video_id": deliverable.video_id,
                "option": request.offer.payment_option,
                "agreed": request.agreed_amount,
                "currency": request.agreed_currency,
                "request_videos": request.deliverables.count(),
            }
        )
    return rows


def test_each_video_s_figures_are_the_oracle_s(campaign):
    # when
    results = campaign_results(campaign)

    # then every posted video is there, and each of its figures is the oracle's
    stored = stored_rows()
    expected = {row["video_id"]: oracle.video_figures(row, stored) for row in posted_rows(campaign)}
    assert {video.video_id for video in results.videos} == set(expected)
    for video in results.videos:
        want = expected[video.video_id]
        assert video.arrived is want["arrived"], video.video_id
        assert video.views == want["views"]
        assert same(video.engagement_rate, want["engagement_rate"])
        assert same(
            None if video.cost.amount is None else float(video.cost.amount),
            None if want["cost"] is None else float(want["cost"]),
        )
        for name in ("cpm", "cpv", "cpe", "lift"):
            assert same(getattr(video, name), want[name]), (video.video_id, name)


def test_the_undefined_cases_are_undefined_not_zero(campaign):
    results = {video.video_id: video for video in campaign_results(campaign).videos}
    never = results["7499999999999999999"]
    assert never.arrived is False
    assert never.views is None
    assert never.cpm is None
    assert never.lift is None
    # ...but its share of the fixed fee is known
    assert never.cost.amount == Decimal(1000) / 3
    no_views = next(video for video in results.values() if video.handle == "rk.style" and video.views == 0)
    assert no_views.engagement_rate is None
    assert no_views.cpm is None
    assert no_views.cpv is None
    assert no_views.cpe is None
    free = next(video for video in results.values() if video.handle == "new.face")
    assert free.cost.amount is None
    assert free.cpm is None
    assert free.cpe is None
    assert free.lift is None
    assert free.lift_baseline_videos == 0
    # the creator with three videos before the posted one: the median of those three
    fewer = next(video for video in results.values() if video.handle == "rk.style" and video.views == 450)
    assert fewer.lift_baseline_videos == 3
    assert fewer.lift == 450 / 300


def test_the_totals_are_the_oracle_s_with_each_currency_apart(campaign):
    totals = campaign_results(campaign).totals
    want = oracle.totals(posted_rows(campaign), stored_rows())
    assert totals.videos_posted == 7
    assert totals.videos_arrived == 6
    assert totals.views == want["views"]
    assert same(totals.engagement_rate, want["engagement_rate"])
    assert [costs.currency for costs in totals.costs] == ["EUR", "USD"]
    for costs in totals.costs:
        expected = want["costs"][costs.currency]
        assert same(float(costs.spend), float(expected["spend"]))
        for name in ("cpm", "cpv", "cpe"):
            assert same(getattr(costs, name), expected[name]), (costs.currency, name)
    assert totals.videos_without_money == 1


def test_a_campaign_whose_videos_never_arrived_has_undefined_totals(brand_member):
    campaign = CampaignFactory.create(organisation=brand_member.organisation)
    accepted_request(campaign=campaign, creator=CreatorFactory.create(), videos=["7488888888888888888"])
    totals = campaign_results(campaign).totals
    assert (totals.views, totals.engagement_rate, totals.videos_arrived) == (None, None, 0)
    assert totals.costs[0].spend == Decimal(1000)
    assert totals.costs[0].cpm is None


def test_the_views_over_time_are_the_oracle_s_cumulative_sums(campaign):
    # given points recorded at several moments, two videos at once at one of them
    videos = [int(video.video_id) for video in campaign_results(campaign).videos if video.arrived][:3]
    moments = [START + timedelta(days=day) for day in (3, 5, 8)]
    points = [
        (videos[0], moments[0], 100),
        (videos[1], moments[0], 40),
        (videos[0], moments[1], 250),
        (videos[2], moments[2], 75),
        (videos[1], moments[2], 90),
    ]
    VideoPoint.objects.bulk_create(
        VideoPoint(video_id=video, at=at, views=views, likes=0, comments=0, shares=0)
        for video, at, views in points
    )
    # then
    assert campaign_results(campaign).history == oracle.cumulative(points)
    assert oracle.cumulative(points)[-1] == (moments[2], 250 + 90 + 75)
