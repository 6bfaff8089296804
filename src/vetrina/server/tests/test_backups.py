"""`vetrina backup FILE` and `vetrina restore FILE`, on SQLite and PostgreSQL alike."""

import sqlite3
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from vetrina.creators.models import Creator
from vetrina.creators.tests.factories import CreatorFactory


def handles() -> set[str]:
    return set(Creator.objects.values_list("handle", flat=True))


def test_a_backup_restores_the_database_as_it_was(transactional_db, tmp_path: Path):
    # given two creators, backed up
    CreatorFactory.create(handle="anna.styles")
    CreatorFactory.create(handle="bruno.cooks")
    backup = tmp_path / "vetrina.backup"
    call_command("backup", str(backup))
    # and changes after it: one creator gone, another added
    Creator.objects.filter(handle="anna.styles").delete()
    CreatorFactory.create(handle="carla.runs")
    # when
    call_command("restore", str(backup), "--no-input")
    # then the database is as it was at the backup, and still takes writes
    assert handles() == {"anna.styles", "bruno.cooks"}
    CreatorFactory.create(handle="dario.sings")
    assert len(handles()) == 3


def test_it_backs_up_sqlite_while_a_writer_holds_the_lock(transactional_db, tmp_path: Path):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's write lock")
    # given a creator, and a writer in the middle of a transaction that adds another
    CreatorFactory.create(handle="anna.styles")
    writer = sqlite3.connect(connection.settings_dict["NAME"])
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE creators_creator SET handle = 'not.yet' WHERE handle = 'anna.styles'")
    backup = tmp_path / "vetrina.backup"
    try:
        # when
        call_command("backup", str(backup))
    finally:
        writer.rollback()
        writer.close()
    # then the backup holds what was committed, in one file of its own
    copy = sqlite3.connect(backup)
    assert copy.execute("SELECT handle FROM creators_creator").fetchall() == [("anna.styles",)]
    assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    copy.close()


def test_it_will_not_overwrite_a_file_unless_told(transactional_db, tmp_path: Path):
    # given
    existing = tmp_path / "vetrina.backup"
    existing.write_text("keep me")
    # when / then
    with pytest.raises(CommandError, match="exists; pass --overwrite"):
        call_command("backup", str(existing))
    assert existing.read_text() == "keep me"
    call_command("backup", str(existing), "--overwrite")
    assert existing.read_bytes() != b"keep me"
    assert not list(tmp_path.glob(".*partial"))


def test_it_restores_only_when_told_to_replace_the_database(transactional_db, tmp_path: Path):
    # given a backup of an empty database, and a creator since
    backup = tmp_path / "vetrina.backup"
    call_command("backup", str(backup))
    CreatorFactory.create(handle="anna.styles")
    # when run with no terminal to ask and no --no-input, then it refuses and changes nothing
    with pytest.raises(CommandError, match="pass --no-input to confirm"):
        call_command("restore", str(backup))
    assert handles() == {"anna.styles"}


def test_it_asks_before_restoring(transactional_db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    backup = tmp_path / "vetrina.backup"
    call_command("backup", str(backup))
    CreatorFactory.create(handle="anna.styles")
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    questions: list[str] = []

    def answer(question: str) -> str:
        questions.append(question)
        return "no"

    monkeypatch.setattr("builtins.input", answer)
    with pytest.raises(CommandError, match="Nothing restored"):
        call_command("restore", str(backup))
    assert "This replaces everything in" in questions[0]
    assert handles() == {"anna.styles"}


def test_it_refuses_a_file_that_is_not_a_backup_of_this_kind_of_database(transactional_db, tmp_path: Path):
    # given a creator, and a file that is no backup
    CreatorFactory.create(handle="anna.styles")
    notes = tmp_path / "notes.txt"
    notes.write_text("not a backup")
    # when / then
    with pytest.raises(CommandError, match=r"is not a (SQLite|PostgreSQL) backup"):
        call_command("restore", str(notes), "--no-input")
    with pytest.raises(CommandError, match="is not a file"):
        call_command("restore", str(tmp_path / "missing.backup"), "--no-input")
    assert handles() == {"anna.styles"}
