from vetrina.lib.workers import Backoff


def test_the_backoff_doubles_up_to_its_cap_and_starts_again_after_a_success():
    backoff = Backoff(first=0.5, cap=3)
    assert [backoff.next() for _ in range(5)] == [0.5, 1, 2, 3, 3]
    backoff.reset()
    assert backoff.next() == 0.5
