from django.urls import reverse, set_script_prefix

from vetrina.lib.urls import handle_url, handle_url_for


def test_a_handles_address_is_the_one_reverse_writes():
    for name in ("metrics:creator", "shortlists:picker"):
        for handle in ("anna.styles", "a_b.9", "zz"):
            assert handle_url(name, handle) == reverse(name, args=[handle])


def test_a_handle_reverse_would_quote_is_left_to_reverse():
    # Not a handle Vetrina stores, but the address must still be the one reverse() writes.
    assert handle_url("metrics:creator", "Ünïcode me") == reverse("metrics:creator", args=["Ünïcode me"])


def test_the_address_follows_the_script_prefix():
    set_script_prefix("/vetrina/")
    try:
        assert handle_url("metrics:creator", "anna.styles") == "/vetrina/creators/anna.styles/"
    finally:
        set_script_prefix("/")
    assert handle_url("metrics:creator", "anna.styles") == "/creators/anna.styles/"


def test_a_pages_handle_addresses_are_the_ones_reverse_writes():
    url = handle_url_for("metrics:creator")
    for handle in ("anna.styles", "a_b.9", "zz", "Ünïcode me"):
        assert url(handle) == reverse("metrics:creator", args=[handle])
