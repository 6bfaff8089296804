"""Reading settings from the environment, failing loudly on values we cannot use."""

import os
import secrets
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}.")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}; got {value}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int_list(name: str, default: list[int], *, minimum: int = 0) -> list[int]:
    """Comma-separated whole numbers, e.g. the e-mail retry delays "60,300,1800"."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        values = [int(item) for item in raw.split(",") if item.strip()]
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be whole numbers separated by commas; got {raw!r}."
        ) from None
    if not values or min(values) < minimum:
        raise ImproperlyConfigured(f"{name} must list numbers of at least {minimum}; got {raw!r}.")
    return values


def email_settings(url: str, *, data_dir: Path) -> dict[str, Any]:
    """Django's MAILERS setting from EMAIL_URL: smtp://user:pass@host:port[?starttls|?tls].

    Unset, messages are written as files under the data folder, so a local run needs no mail server.
    """
    if not url:
        return {
            "default": {
                "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
                "OPTIONS": {"file_path": str(data_dir / "mail")},
            }
        }
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ImproperlyConfigured(f"EMAIL_URL must look like smtp://user:password@host:port; got {url!r}.")
    options = {key.lower() for key in parse_qs(parts.query, keep_blank_values=True)}
    unknown = options - {"starttls", "tls", "ssl"}
    if unknown:
        raise ImproperlyConfigured(f"EMAIL_URL has unknown options {sorted(unknown)}; use ?starttls or ?tls.")
    implicit_tls = parts.scheme == "smtps" or bool(options & {"tls", "ssl"})
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": parts.hostname,
                "port": parts.port or (465 if implicit_tls else 25),
                "username": unquote(parts.username or ""),
                "password": unquote(parts.password or ""),
                "use_tls": "starttls" in options,
                "use_ssl": implicit_tls,
                "timeout": 30,
            },
        }
    }


def origin(url: str) -> str:
    """The scheme, host and port of a URL, as a Content-Security-Policy source."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ImproperlyConfigured(f"{url!r} is not an http(s) address.")
    return f"{parts.scheme}://{parts.netloc}"


def kept_secret_key(key_file: Path) -> str:
    """The key stored in key_file, made (0600) on first use."""
    if not key_file.exists():
        # Several processes (server, worker, test workers) may start at once on a fresh data folder:
        # each writes a whole candidate of its own, and a hard link, which fails when the name
        # exists, makes exactly one of them the key. Nobody reads a half-written or replaced key.
        fd, candidate = tempfile.mkstemp(dir=key_file.parent, prefix=f".{key_file.name}.")
        try:
            with os.fdopen(fd, "w") as out:  # mkstemp made it 0600
                out.write(secrets.token_urlsafe(50))
            os.link(candidate, key_file)
        except FileExistsError:
            pass
        finally:
            os.unlink(candidate)
    return key_file.read_text().strip()
