from vetrina.creators.tests.factories import VideoFactory


def test_it_orders_videos_newest_first(db):
    older = VideoFactory.create(posted_at="2026-10-01T10:00:00Z")
    newer = VideoFactory.create(creator=older.creator, posted_at="2026-10-02T10:00:00Z")
    assert list(older.creator.videos.all()) == [newer, older]
