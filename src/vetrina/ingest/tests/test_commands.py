import io
import json
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from vetrina.creators.models import Creator
from vetrina.creators.tests.factories import CreatorFactory, VideoFactory, as_lines, line_data


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write_lines(path: Path, *lines: dict | str) -> Path:
    path.write_text("".join(as_lines(*lines)), encoding="utf-8")
    return path


def test_import_reads_a_file_and_prints_a_summary(db, tmp_path):
    # given
    path = write_lines(
        tmp_path / "creators.jsonl", line_data(handle="anna.styles"), "", line_data(handle="bob")
    )
    # when
    out, err = run("import", str(path))
    # then
    assert out == "Lines read: 3. Created: 2, updated: 0, unchanged: 0, bad: 0.\n"
    assert err == ""
    assert Creator.objects.count() == 2


def test_import_prints_each_bad_line_and_exits_with_an_error(db, tmp_path):
    # given
    path = write_lines(
        tmp_path / "creators.jsonl",
        line_data(handle="good.one"),
        line_data(handle="far.away", country="FR"),
        "not json",
    )
    out, err = io.StringIO(), io.StringIO()
    # when
    with pytest.raises(CommandError, match=r"^2 lines were not imported\.$") as error:
        call_command("import", str(path), stdout=out, stderr=err)
    # then
    assert error.value.returncode == 1  # what `vetrina import` exits with
    assert err.getvalue().splitlines() == [
        "line 2 (@far.away): country: FR is not one of the markets Vetrina serves (US, GB, IN, TW, DE)",
        "line 3: invalid JSON at column 1: Expecting value",
    ]
    assert out.getvalue() == "Lines read: 3. Created: 1, updated: 0, unchanged: 0, bad: 2.\n"
    assert list(Creator.objects.values_list("handle", flat=True)) == ["good.one"]


def test_import_counts_unchanged_and_updated_creators(db, tmp_path):
    # given
    same, changed = line_data(handle="same"), line_data(handle="changed")
    run("import", str(write_lines(tmp_path / "first.jsonl", same, changed)))
    # when
    out, _err = run("import", str(write_lines(tmp_path / "second.jsonl", same, {**changed, "bio": "New"})))
    # then
    assert out == "Lines read: 2. Created: 0, updated: 1, unchanged: 1, bad: 0.\n"


def test_import_reads_standard_input_for_a_dash(db, monkeypatch):
    # given
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(as_lines(line_data()))))
    # when
    out, _err = run("import", "-")
    # then
    assert out == "Lines read: 1. Created: 1, updated: 0, unchanged: 0, bad: 0.\n"
    assert Creator.objects.get().handle == "anna.styles"


def test_import_reads_standard_input_as_utf8_bytes(db, monkeypatch):
    # given: a byte order mark, then a line with bytes that are not UTF-8 in a caption
    good = json.dumps(line_data(handle="taipei.eats", display_name="林小雨"), ensure_ascii=False).encode()
    broken = json.dumps(line_data(handle="broken")).replace("Three ways", "Three \udcff ways", 1)
    raw = b"\xef\xbb\xbf" + good + b"\n" + broken.encode("utf-8", "surrogateescape") + b"\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw), encoding="latin-1"))
    err = io.StringIO()
    # when
    with pytest.raises(CommandError):
        call_command("import", "-", stdout=io.StringIO(), stderr=err)
    # then
    assert err.getvalue() == "line 2 (@broken): videos[0].caption: is not valid UTF-8 text\n"
    assert Creator.objects.get().display_name == "林小雨"


def test_import_skips_a_byte_order_mark_at_the_start_of_a_file(db, tmp_path):
    # given
    path = tmp_path / "creators.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + "".join(as_lines(line_data())).encode())
    # when
    out, _err = run("import", str(path))
    # then
    assert out.endswith("bad: 0.\n")


def test_import_refuses_a_file_it_cannot_read(db, tmp_path):
    # when / then
    with pytest.raises(CommandError, match=r"^Cannot read .*missing\.jsonl: No such file or directory$"):
        run("import", str(tmp_path / "missing.jsonl"))


def test_export_writes_a_file(db, tmp_path):
    # given
    VideoFactory(creator=CreatorFactory(handle="anna.styles"))
    path = tmp_path / "creators.jsonl"
    # when
    out, err = run("export", str(path))
    # then
    assert out == f"Exported 1 creator to {path}.\n"
    assert err == ""
    [line] = path.read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["handle"] == "anna.styles"


def test_export_writes_standard_output_for_a_dash_and_its_summary_to_standard_error(db):
    # given
    CreatorFactory(handle="bob", display_name="Bøb")
    CreatorFactory(handle="anna.styles")
    # when
    out, err = run("export", "-")
    # then
    assert [json.loads(line)["handle"] for line in out.splitlines()] == ["anna.styles", "bob"]
    assert "Bøb" in out
    assert err == "Exported 2 creators.\n"


def test_export_then_import_through_the_commands_round_trips(db, tmp_path):
    # given
    run(
        "import",
        str(write_lines(tmp_path / "in.jsonl", line_data(handle="anna.styles"), line_data(handle="bo"))),
    )
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    run("export", str(first))
    Creator.objects.all().delete()
    # when
    run("import", str(first))
    run("export", str(second))
    # then
    assert second.read_bytes() == first.read_bytes()


def test_export_refuses_a_file_it_cannot_write(db, tmp_path):
    # when / then
    with pytest.raises(
        CommandError, match=r"^Cannot write .*no-such-folder/out\.jsonl: No such file or directory$"
    ):
        run("export", str(tmp_path / "no-such-folder" / "out.jsonl"))


@pytest.mark.parametrize(("niceness", "calls"), [(10, [10]), (0, [])])
def test_import_lowers_its_cpu_priority_as_set(db, tmp_path, settings, monkeypatch, niceness, calls):
    # An import beside a serving site leaves the processor to the site's requests first.
    settings.VETRINA_IMPORT_NICENESS = niceness
    lowered: list[int] = []
    monkeypatch.setattr("vetrina.ingest.management.commands.import.os.nice", lowered.append)
    run("import", str(write_lines(tmp_path / "creators.jsonl", line_data(handle="anna.styles"))))
    assert lowered == calls
    assert Creator.objects.filter(handle="anna.styles").exists()
