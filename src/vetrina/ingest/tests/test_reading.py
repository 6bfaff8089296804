import io

import pytest

from vetrina.creators.tests.factories import as_line, line_data
from vetrina.demo.services import SAMPLE_FILE
from vetrina.ingest import reading
from vetrina.ingest.exporting import creators_export
from vetrina.ingest.importing import creators_import
from vetrina.ingest.reading import chunk_lines, import_file, import_file_lines

# A byte order mark, blank lines, characters of several bytes, bytes that are not UTF-8, a last line
# without its line break.
AWKWARD = (
    b"\xef\xbb\xbf"
    + "first 林小雨\n\n".encode()
    + b"third \xff\xfe bytes\n"
    + "\n".join(f"line {n} ✓" for n in range(4, 12)).encode()
)


def chunked(path, *, chunk_lines_each):
    found = import_file(path, chunk_lines=chunk_lines_each)
    assert found.starts is not None
    return found, [
        line
        for start, end in zip(found.starts, found.starts[1:], strict=False)
        for line in chunk_lines(path, start, end)
    ]


@pytest.mark.parametrize("chunk_lines_each", [1, 2, 3, 5, 11, 12, 100])
def test_the_workers_stretches_hold_the_lines_the_plain_way_reads(tmp_path, chunk_lines_each):
    # given
    path = tmp_path / "creators.jsonl"
    path.write_bytes(AWKWARD)
    plain = [line.removesuffix("\n") for line in import_file_lines(path)]
    # when
    found, lines = chunked(path, chunk_lines_each=chunk_lines_each)
    # then
    assert lines == plain
    assert found.lines == len(plain) == 11
    assert plain[2] == "third \udcff\udcfe bytes"  # kept as lone surrogates, as the plain way keeps them


def test_a_file_ending_with_its_line_break_has_no_extra_line(tmp_path):
    # given
    path = tmp_path / "creators.jsonl"
    path.write_bytes(b"a\nb\nc\n")
    # when
    found, lines = chunked(path, chunk_lines_each=2)
    # then
    assert (found.lines, lines, found.starts) == (3, ["a", "b", "c"], (0, 4, 6))


def test_a_file_with_carriage_returns_is_read_the_plain_way(tmp_path):
    # given: Windows line breaks, which the plain way's universal newlines read as one
    path = tmp_path / "creators.jsonl"
    path.write_bytes(b"a\r\nb\r\n")
    # when
    found = import_file(path)
    # then
    assert found.starts is None
    assert list(found) == ["a\n", "b\n"]


def test_an_empty_file_has_no_lines(tmp_path):
    # given
    path = tmp_path / "creators.jsonl"
    path.write_bytes(b"")
    # when
    found = import_file(path)
    # then
    assert (found.lines, list(found)) == (0, [])


def test_workers_reading_the_file_themselves_import_what_one_process_does(db, tmp_path):
    # given the sample, with a bad line and a blank one among its lines, in a file of several stretches
    sample = SAMPLE_FILE.read_text(encoding="utf-8").splitlines(keepends=True)
    path = tmp_path / "creators.jsonl"
    path.write_text(
        "".join([*sample[:3], '{"handle": "Not A Handle"}\n', "\n", *sample[3:]]), encoding="utf-8"
    )
    # when two other processes read it, two lines at a time
    report = creators_import(lines=import_file(path, chunk_lines=2), workers=2)
    # then every good line is stored and the bad one named by its number
    assert (report.lines_read, report.created, report.bad) == (len(sample) + 2, len(sample), 1)
    assert report.errors[0].line == 4
    out = io.StringIO()
    creators_export(out=out)
    assert out.getvalue() == "".join(sample)


def test_a_line_number_past_the_first_stretch_is_the_files(db, tmp_path):
    # given a bad line in the third stretch of three lines
    good = [as_line(line_data(handle=f"creator.{n}")) + "\n" for n in range(7)]
    path = tmp_path / "creators.jsonl"
    path.write_text("".join([*good, "not json\n"]), encoding="utf-8")
    # when
    report = creators_import(lines=import_file(path, chunk_lines=3), workers=2)
    # then
    assert [(error.line, error.reason) for error in report.errors] == [
        (8, "invalid JSON at column 1: Expecting value")
    ]
    assert report.created == 7


@pytest.mark.parametrize("scan_bytes", [1, 2, 3, 7, 64])
def test_the_stretches_are_the_same_whatever_the_size_of_the_reads(tmp_path, monkeypatch, scan_bytes):
    # given the file read a few bytes at a time, so that lines and line breaks straddle the reads
    path = tmp_path / "creators.jsonl"
    path.write_bytes(AWKWARD)
    whole = import_file(path, chunk_lines=3)
    monkeypatch.setattr(reading, "SCAN_BYTES", scan_bytes)
    # when
    found = import_file(path, chunk_lines=3)
    # then
    after_breaks = [index + 1 for index, byte in enumerate(AWKWARD) if byte == ord("\n")]
    expected = (0, after_breaks[2], after_breaks[5], after_breaks[8], len(AWKWARD))
    assert (found.lines, found.starts) == (whole.lines, whole.starts) == (11, expected)
