"""Addresses of pages that link many creators, without reverse() for each link: a page of twenty search
cards links each creator four times, and reverse() took some 15 us a link."""

from collections.abc import Callable
from functools import lru_cache
from urllib.parse import quote

from django.urls import get_script_prefix, get_urlconf, reverse

# Stands for the handle while the address is reversed: a handle has no capitals (creators.models).
_PLACEHOLDER = "HANDLE"
# The characters of a handle, which reverse() writes as they are.
_HANDLE_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789._")


def handle_url(name: str, handle: str) -> str:
    """reverse(name, args=[handle]), for a URL whose one argument is a handle."""
    if not handle or not _HANDLE_CHARACTERS.issuperset(handle):
        return reverse(name, args=[handle])
    before, after = _around_handle(get_urlconf(), get_script_prefix(), name)
    return before + handle + after


def handle_url_for(name: str) -> Callable[[str], str]:
    """handle_url(name, …) for a page's many handles: the URL configuration and script prefix read once."""
    before, after = _around_handle(get_urlconf(), get_script_prefix(), name)

    def url(handle: str) -> str:
        if not handle or not _HANDLE_CHARACTERS.issuperset(handle):
            return reverse(name, args=[handle])
        return before + handle + after

    return url


def named_url(name: str) -> str:
    """reverse(name), for a URL without arguments, reversed once."""
    return _named(get_urlconf(), get_script_prefix(), name)


@lru_cache(maxsize=64)
def _named(urlconf: str | None, prefix: str, name: str) -> str:
    # The URL configuration and the script prefix are in the key: reverse() reads both.
    return reverse(name, urlconf=urlconf)


@lru_cache(maxsize=64)
def _around_handle(urlconf: str | None, prefix: str, name: str) -> tuple[str, str]:
    # The URL configuration and the script prefix are in the key: reverse() reads both.
    before, placeholder, after = reverse(name, args=[_PLACEHOLDER], urlconf=urlconf).partition(
        quote(_PLACEHOLDER)
    )
    if not placeholder or _PLACEHOLDER in after:
        raise ValueError(f"{name} does not take one handle")
    return before, after
