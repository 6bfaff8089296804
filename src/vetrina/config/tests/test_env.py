from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from vetrina.config.env import email_settings, env_bool, env_int, env_int_list, env_list


def test_it_writes_e_mail_to_files_when_no_url_is_set(tmp_path: Path):
    config = email_settings("", data_dir=tmp_path)["default"]
    assert config["BACKEND"] == "django.core.mail.backends.filebased.EmailBackend"
    assert config["OPTIONS"] == {"file_path": str(tmp_path / "mail")}


def test_it_reads_an_smtp_url_with_starttls(tmp_path: Path):
    config = email_settings("smtp://mailer:p%40ss@mail.example:587?starttls", data_dir=tmp_path)["default"]
    assert config["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    options = config["OPTIONS"]
    assert (options["host"], options["port"]) == ("mail.example", 587)
    assert (options["username"], options["password"]) == ("mailer", "p@ss")
    assert (options["use_tls"], options["use_ssl"]) == (True, False)


def test_it_uses_implicit_tls_on_port_465_when_asked_for_tls(tmp_path: Path):
    options = email_settings("smtp://mail.example?tls", data_dir=tmp_path)["default"]["OPTIONS"]
    assert (options["port"], options["use_ssl"], options["use_tls"]) == (465, True, False)


@pytest.mark.parametrize("url", ["http://mail.example", "smtp://", "smtp://mail.example?tsl"])
def test_it_refuses_an_e_mail_url_it_cannot_use(url: str, tmp_path: Path):
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL"):
        email_settings(url, data_dir=tmp_path)


def test_it_reads_booleans_numbers_and_lists(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("FLAG", "Yes")
    monkeypatch.setenv("COUNT", "12")
    monkeypatch.setenv("HOSTS", "a.example, b.example,")
    assert env_bool("FLAG", False) is True
    assert env_int("COUNT", 0) == 12
    assert env_list("HOSTS", []) == ["a.example", "b.example"]
    assert env_bool("UNSET", True) is True


def test_it_reads_a_list_of_numbers(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("DELAYS", "60, 300,1800")
    assert env_int_list("DELAYS", [1]) == [60, 300, 1800]
    assert env_int_list("UNSET", [1]) == [1]


@pytest.mark.parametrize(
    ("reader", "raw"),
    [
        (env_bool, "maybe"),
        (env_int, "twelve"),
        (env_int, "-1"),
        (env_int_list, "60,soon"),
        (env_int_list, ","),
    ],
)
def test_it_fails_loudly_on_a_value_it_cannot_read(reader, raw: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("VALUE", raw)
    with pytest.raises(ImproperlyConfigured, match="VALUE"):
        reader("VALUE", [] if reader is env_int_list else 0)


def test_it_writes_a_message_to_the_data_folder_by_default(settings, tmp_path: Path):
    # given the default configuration
    settings.MAILERS = email_settings("", data_dir=tmp_path)
    # when
    from django.core import mail

    mail.mailers.default.send_messages([mail.EmailMessage("Hello", "Body", to=["a@example.com"])])
    # then
    written = list((tmp_path / "mail").iterdir())
    assert len(written) == 1
    assert "Subject: Hello" in written[0].read_text()
