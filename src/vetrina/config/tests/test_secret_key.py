"""The secret key made on first use: one key, even when many processes start at once."""

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from vetrina.config import env

STARTING_TOGETHER = 8


def test_starters_racing_on_a_fresh_data_folder_all_get_the_one_stored_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every starter makes its candidate only once all have seen that no key exists yet: the race
    # that two processes starting together on a fresh data folder can run into.
    everyone_checked = threading.Barrier(STARTING_TOGETHER)
    make_key = env.secrets.token_urlsafe

    def candidate(nbytes: int) -> str:
        everyone_checked.wait(timeout=10)
        return make_key(nbytes)

    monkeypatch.setattr(env.secrets, "token_urlsafe", candidate)
    key_file = tmp_path / "secret_key"
    with ThreadPoolExecutor(STARTING_TOGETHER) as pool:
        keys = set(pool.map(lambda _: env.kept_secret_key(key_file), range(STARTING_TOGETHER)))

    stored = key_file.read_text().strip()
    assert keys == {stored}
    assert len(stored) >= 50
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]  # no candidate left behind


def test_a_stored_key_is_kept(tmp_path: Path) -> None:
    key_file = tmp_path / "secret_key"
    key_file.write_text("an-existing-key\n")
    assert env.kept_secret_key(key_file) == "an-existing-key"
