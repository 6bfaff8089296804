"""The project's documents stand alone: every link they make resolves inside the repository, and
neither they nor the code send a reader to notes that live outside it."""

import re
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[4]
DOCUMENTS = [REPOSITORY / "README.md", *sorted((REPOSITORY / "docs").glob("*.md"))]
# A Markdown link or image whose target is not a web address or an anchor of the same page.
LOCAL_LINK = re.compile(r"\]\((?!https?://|mailto:|#)([^)\s]+)\)")
# The team's planning notes are kept beside the repository, not in it.
OUTSIDE_NOTES = re.compile(r"\b(?:DESIGN|STYLE|UI|DEVELOPERS)\.md\b|\.\./shared\b")


def test_the_readme_and_the_docs_exist():
    assert (REPOSITORY / "README.md").is_file()
    assert {path.name for path in DOCUMENTS} >= {
        "architecture.md",
        "numbers.md",
        "import-format.md",
        "api.md",
    }


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.name)
def test_every_link_of_a_document_resolves_inside_the_repository(document: Path):
    for target in LOCAL_LINK.findall(document.read_text()):
        resolved = (document.parent / target.split("#")[0]).resolve()
        assert resolved.is_relative_to(REPOSITORY), f"{document.name} links outside the repository: {target}"
        assert resolved.exists(), f"{document.name} links to a missing file: {target}"


def test_no_document_or_module_points_at_notes_outside_the_repository():
    sources = [
        *DOCUMENTS,
        *(REPOSITORY / "src").rglob("*.py"),
        *(REPOSITORY / "src").rglob("*.html"),
        *(REPOSITORY / "src").rglob("*.css"),
        *(REPOSITORY / "src").rglob("*.js"),
        *(REPOSITORY / "bench").rglob("*.py"),
        *(REPOSITORY / "scripts").iterdir(),
        REPOSITORY / "Makefile",
        REPOSITORY / "pyproject.toml",
    ]
    mentions = [
        f"{path.relative_to(REPOSITORY)}:{number}"
        for path in sources
        if path.is_file() and path != Path(__file__)
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), start=1)
        if OUTSIDE_NOTES.search(line)
    ]
    assert mentions == [], "These lines refer to notes outside the repository: " + ", ".join(mentions)
