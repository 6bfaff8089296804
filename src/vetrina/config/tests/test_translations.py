"""Vetrina in Italian: the catalogue is complete and sound, pages and e-mails speak it, and the check
that keeps it complete (scripts/i18n.sh check, run by scripts/lint.sh) fails when it is not."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.core.management import CommandError, call_command
from django.utils import translation
from django.utils.translation import gettext_lazy

from vetrina.mail.emails import email_queue

ROOT = Path(__file__).resolve().parents[4]
CATALOGUE = ROOT / "src/vetrina/locale/it/LC_MESSAGES/django.po"
CHECK = ROOT / "scripts/i18n_check.py"

PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sdr]|\{[a-z_]+\}")
TAG = re.compile(r"</?(?:a|strong|em|code|time|br)\b[^>]*>")


def entries() -> list[tuple[str, str]]:
    """(English, Italian) for every form of every entry; a plural's first form pairs with the singular."""
    with CATALOGUE.open("rb") as file:
        catalog = read_po(file)
    pairs: list[tuple[str, str]] = []
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, (tuple, list)) and isinstance(message.string, (tuple, list)):
            pairs += [(message.id[0], message.string[0]), (message.id[1], message.string[1])]
        else:
            pairs.append((str(message.id), str(message.string)))
    return pairs


def test_every_translation_keeps_the_placeholders_and_the_html_tags_of_its_english():
    wrong = [
        english
        for english, italian in entries()
        if sorted(PLACEHOLDER.findall(english)) != sorted(PLACEHOLDER.findall(italian))
        or sorted(TAG.findall(english)) != sorted(TAG.findall(italian))
    ]
    assert wrong == []


def test_the_catalogue_is_compiled_for_django():
    # make install builds it; without it every page would stay English.
    compiled = CATALOGUE.with_suffix(".mo")
    assert compiled.is_file(), "Run 'make install' (or scripts/i18n.sh compile)."
    assert compiled.stat().st_mtime >= CATALOGUE.stat().st_mtime, "Run 'scripts/i18n.sh compile'."
    with translation.override("it"):
        assert str(gettext_lazy("Engagement rate")) == "Tasso di engagement"


@pytest.mark.django_db
def test_the_landing_page_speaks_italian_to_a_browser_that_asks_for_it(client):
    # when
    page = client.get("/", headers={"accept-language": "it-IT,it;q=0.9,en;q=0.5"})
    # then
    html = page.content.decode()
    assert '<html lang="it">' in html
    assert "Trova i creator che il tuo pubblico guarda già" in html
    assert "Find the creators your audience already watches" not in html


@pytest.mark.django_db
def test_an_email_in_italian_is_italian_from_subject_to_footer():
    # when
    message = email_queue(
        to="anna@example.com",
        subject=gettext_lazy("Your invitation to Vetrina"),
        template="password_reset",
        context={"uid": "MQ", "token": "set-password"},
        language="it",
    )
    # then
    assert message.subject == "Il tuo invito a Vetrina"
    assert "Qualcuno, probabilmente tu, ha chiesto di reimpostare la password" in message.text
    assert "Vetrina, il marketplace dei creator:" in message.text
    assert "Ricevi questa e-mail perché su Vetrina" in message.html


@pytest.mark.django_db
def test_a_command_speaks_italian_when_italian_is_active():
    # when / then
    with translation.override("it"), pytest.raises(CommandError, match="Non esiste un unico account"):
        call_command("token", "revoke", "--user", "nobody@example.com", "--name", "ci")


def run_check(mode: str, locale_dir: Path, fresh_dir: Path | str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(CHECK), mode, str(locale_dir), str(fresh_dir), "it"],
        capture_output=True,
        text=True,
        timeout=60,
    )


def write_po(folder: Path, body: str) -> Path:
    path = folder / "it" / "LC_MESSAGES" / "django.po"
    path.parent.mkdir(parents=True)
    path.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' + body)
    return folder


def test_the_check_names_untranslated_and_fuzzy_entries_and_says_what_to_run(tmp_path: Path):
    # given
    body = (
        '#: search/views.py\nmsgid "Filters"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Show creators"\nmsgstr "Mostra"\n\n'
        'msgid "Sort"\nmsgstr "Ordina"\n'
    )
    ours = write_po(tmp_path / "ours", body)
    fresh = write_po(tmp_path / "fresh", body)
    # when
    result = run_check("check", ours, fresh)
    # then
    assert result.returncode == 1
    assert "2 string(s) untranslated or fuzzy" in result.stderr
    assert "'Filters'  (search/views.py)" in result.stderr
    assert "'Show creators'" in result.stderr
    assert "'Sort'" not in result.stderr
    assert "Run 'scripts/i18n.sh update'" in result.stderr


def test_the_check_names_strings_of_the_code_missing_from_the_catalogue_and_stale_ones(tmp_path: Path):
    # given
    ours = write_po(tmp_path / "ours", 'msgid "Sort"\nmsgstr "Ordina"\n\nmsgid "Old"\nmsgstr "Vecchio"\n')
    fresh = write_po(tmp_path / "fresh", 'msgid "Sort"\nmsgstr ""\n\n#: lib/new.py\nmsgid "New"\nmsgstr ""\n')
    # when
    result = run_check("check", ours, fresh)
    # then
    assert result.returncode == 1
    assert "1 string(s) of the code are not in the catalogue:\n  'New'  (lib/new.py)" in result.stderr
    assert "1 string(s) the code no longer has:\n  'Old'" in result.stderr


def test_the_check_passes_a_complete_catalogue(tmp_path: Path):
    body = 'msgid "Sort"\nmsgstr "Ordina"\n\nmsgid "%(n)s creator"\nmsgid_plural "%(n)s creators"\n'
    body += 'msgstr[0] "%(n)s creator"\nmsgstr[1] "%(n)s creator"\n'
    result = run_check("check", write_po(tmp_path / "ours", body), write_po(tmp_path / "fresh", body))
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
def test_an_api_error_speaks_the_language_the_caller_asks_for(client):
    # when
    answer = client.get("/api/v1/creators/", headers={"accept-language": "it"})
    # then
    assert answer.status_code == 401
    assert answer.json()["detail"] == "Accedi oppure invia un token API."
