"""The history of a posted video's counts: a point when the video is recorded as posted (if it has
arrived), then one each time an import creates or changes it; none for videos no campaign posted, and
none for an import that changes nothing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vetrina.collaborations.deliverables import deliverable_post
from vetrina.collaborations.models import Deliverable, DeliverableState
from vetrina.collaborations.tests.factories import CampaignFactory
from vetrina.creators.models import VideoPoint
from vetrina.creators.tests.factories import CreatorFactory, VideoFactory, as_lines, line_data, video_data
from vetrina.ingest.importing import creators_import
from vetrina.results.services import posted_video_points_record
from vetrina.results.tests.factories import accepted_request

pytestmark = pytest.mark.django_db

POSTED = "7350000000000000001"
OTHER = "7350000000000000002"


def points_of(video_id: str) -> list[tuple[int, int, int, int]]:
    return list(
        VideoPoint.objects.filter(video_id=int(video_id))
        .order_by("at")
        .values_list("views", "likes", "comments", "shares")
    )


@pytest.fixture
def posted(brand_member):
    """A campaign's video recorded as posted before any import brought it."""
    creator = CreatorFactory.create(handle="anna.styles")
    campaign = CampaignFactory.create(organisation=brand_member.organisation)
    return accepted_request(campaign=campaign, creator=creator, videos=[POSTED])


def line(views: int, *, likes: int = 10) -> list[str]:
    return as_lines(
        line_data(
            videos=[
                video_data(id=POSTED, views=views, likes=likes),
                video_data(id=OTHER, posted_at="2026-10-01T18:00:00Z", views=views),
            ]
        )
    )


def test_an_import_that_brings_a_posted_video_records_its_first_point(posted):
    creators_import(lines=line(500))
    assert points_of(POSTED) == [(500, 10, 5, 2)]
    # a video no campaign posted has no history
    assert points_of(OTHER) == []


def test_each_import_that_changes_a_posted_video_adds_a_point_and_one_that_does_not_adds_none(posted):
    creators_import(lines=line(500))
    creators_import(lines=line(500))
    creators_import(lines=line(800, likes=30))
    creators_import(lines=line(800, likes=30))
    assert points_of(POSTED) == [(500, 10, 5, 2), (800, 30, 5, 2)]


def test_recording_as_posted_a_video_already_imported_records_its_first_point(brand_member):
    # given a video that arrived before it was recorded as posted
    video = VideoFactory.create(id=int(OTHER), views=4321)
    campaign = CampaignFactory.create(organisation=brand_member.organisation)
    request = accepted_request(campaign=campaign, creator=video.creator, videos=[None])
    deliverable = Deliverable.objects.get(request=request)
    Deliverable.objects.filter(pk=deliverable.pk).update(
        state=DeliverableState.APPROVED, approved_at=video.posted_at
    )
    # when
    deliverable_post(deliverable=deliverable, video=OTHER)
    # then
    assert points_of(OTHER) == [(4321, 100, 5, 2)]


def test_recording_as_posted_a_video_not_imported_yet_records_nothing(brand_member):
    campaign = CampaignFactory.create(organisation=brand_member.organisation)
    request = accepted_request(campaign=campaign, creator=CreatorFactory.create(), videos=[None])
    deliverable = Deliverable.objects.get(request=request)
    Deliverable.objects.filter(pk=deliverable.pk).update(
        state=DeliverableState.APPROVED, approved_at=request.sent_at
    )
    deliverable_post(deliverable=deliverable, video=POSTED)
    assert VideoPoint.objects.count() == 0


def test_the_hook_costs_one_query_when_no_posted_video_is_in_the_batch(posted):
    with CaptureQueriesContext(connection) as queries:
        written = posted_video_points_record(video_ids={7_360_000_000_000_000_000 + n for n in range(5000)})
    assert written == 0
    assert len(queries) == 1


def test_a_first_import_of_a_new_creator_records_the_point_too(posted):
    # the line's creator is new: its videos go in through the import's fast path
    creators_import(lines=as_lines(line_data(handle="fresh.face", videos=[video_data(id=POSTED, views=70)])))
    assert points_of(POSTED) == [(70, 100, 5, 2)]
