"""Staff read a creator's follower history on its admin page; the snapshots have no admin page of their
own (keyed by creator and day, creators migration 0013), and nothing there edits them."""

from datetime import date

from vetrina.conftest import client_for
from vetrina.creators.models import FollowerSnapshot
from vetrina.creators.tests.factories import CreatorFactory


def test_staff_read_a_creators_follower_history_on_its_page(staff_user):
    # given a creator with three days of followers, and one with none
    staff_user.is_superuser = True
    staff_user.save()
    nina = CreatorFactory.create(handle="nina.bakes")
    counts = {date(2026, 9, 30): 1_200, date(2026, 10, 1): 1_250, date(2026, 10, 3): 1_310}
    FollowerSnapshot.objects.bulk_create(
        [FollowerSnapshot(creator=nina, date=day, count=count) for day, count in counts.items()]
    )
    newcomer = CreatorFactory.create(handle="newcomer")
    client = client_for(staff_user)
    # when staff open their pages
    page = client.get(f"/admin/creators/creator/{nina.pk}/change/")
    empty = client.get(f"/admin/creators/creator/{newcomer.pk}/change/")
    # then the history says how many days, from when to when, and the last day's count
    assert page.status_code == 200
    last_day = max(counts)
    expected = (
        f"{len(counts)} days, Sept. 30, 2026 to Oct. 3, 2026; {counts[last_day]:,} followers on the last"
    )
    assert expected in page.content.decode()
    assert "No follower snapshots" in empty.content.decode()
    assert client.get("/admin/creators/followersnapshot/").status_code == 404
