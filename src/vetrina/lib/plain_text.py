"""Text a stranger posts that ends up in an e-mail to someone else (an applicant's company and name, in
the e-mail to the address they typed): plain words only, never a link.

The e-mails escape their HTML part and never turn text into links, but mail programs link whatever
looks like an address on their own; so such text may not hold one at all. What counts as a link:
anything with a scheme (`https://`, `mailto:`, `tel:`…), anything starting `www.`, an e-mail
address, and a host name: words joined by dots ending in a two-letter country domain or a common
generic one (`acme.io`, `example.com`, `shop.store`). Initials and abbreviations ("J. Smith",
"Acme Ltd.", "St. Louis") are not links.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_GENERIC_DOMAINS = (
    "com|net|org|info|biz|edu|gov|mil|int|name|pro|mobi|xyz|top|site|online|shop|store|club|live|link|"
    "click|app|dev|page|blog|tech|website|space|fun|icu|vip|work|world|today|email|support|services|"
    "help|bank|money|loan|news|media|digital|agency|cloud|host|win|bid|trade|tel|zip|mov"
)
_LINK = re.compile(
    r"""
    [a-z][a-z0-9+.-]*://                                       # a scheme with its slashes
    | \b(?:mailto|tel|sms|callto|javascript|data):             # a scheme without
    | \bwww\.
    | [^\s@]+@[^\s@]+\.[^\s@]+                                 # an e-mail address
    | \b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:[a-z]{2}|"""
    + _GENERIC_DOMAINS
    + r""")\b(?!\.\w)                                          # a host name
    """,
    re.IGNORECASE | re.VERBOSE,
)


def has_link(text: str) -> bool:
    return _LINK.search(text) is not None


def validate_no_link(text: str) -> None:
    """For a form field whose text is e-mailed to someone else."""
    if has_link(text):
        raise ValidationError(
            _("Write this without web or e-mail addresses: it is e-mailed as plain text."), code="link"
        )
