"""deferred_keys.refused_claimers: which creators of a first load lose a video they claimed to an earlier one
(the PostgreSQL first load's part is in test_first_load)."""

from vetrina.ingest.deferred_keys import refused_claimers


def test_each_video_goes_to_its_earliest_claimer_that_is_kept():
    # given (creator, video, its place in the creator's line), creators in the file's order:
    # 2 claims 11, then 10, which 1 has; 3 claims 11, free again once 2 is refused; 4 claims it too late
    claims = [(1, 10, 0), (2, 11, 0), (2, 10, 1), (3, 11, 0), (4, 11, 3)]
    # then each refused creator is named with the video it lost, its place, and who keeps it
    assert refused_claimers(claims) == {2: (10, 1, 1), 4: (11, 3, 3)}


def test_no_creator_is_refused_when_the_first_claimer_of_each_video_is_kept():
    assert refused_claimers([(5, 20, 0), (5, 21, 1), (7, 22, 0), (9, 23, 2)]) == {}
