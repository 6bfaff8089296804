from io import StringIO

from django.core.management import call_command

from vetrina.creators.models import Creator
from vetrina.creators.tests.factories import FollowerSnapshotFactory, VideoFactory


def test_it_recomputes_every_creator_and_says_how_many(db):
    # given two creators whose stored numbers are stale
    video = VideoFactory.create(views=200, likes=20, comments=0, shares=0)
    FollowerSnapshotFactory.create(creator=video.creator, count=5000)
    FollowerSnapshotFactory.create()
    Creator.objects.update(reach=None, avg_views=None)
    out = StringIO()
    # when
    call_command("recompute", stdout=out)
    # then
    assert out.getvalue().strip() == "Recomputed the numbers of 2 creators."
    fresh = Creator.objects.get(pk=video.creator_id)
    assert (fresh.reach, fresh.avg_views, fresh.engagement_rate) == (5000, 200.0, 0.1)
