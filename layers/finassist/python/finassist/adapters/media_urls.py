"""Where a media URL really leads, read the way the HTTP client will read it, so credentials go only to Twilio.

A check written with `urllib.parse` and a request sent with `requests` can disagree about the host:
`https://host\\@api.twilio.com/` is api.twilio.com to `urlsplit` but `host` to requests (the backslash starts the
path), and `https://api%2Etwilio%2Ecom/` is the reverse. So the URL is prepared by requests itself (scheme and
host lower-cased, IDNs encoded, the host percent-decoded) and parsed by urllib3, which is what opens the
connection; the request that is sent is that same prepared request.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import requests
from urllib3.exceptions import LocationParseError
from urllib3.util import parse_url

TWILIO_MEDIA_HOSTS: Final = frozenset({"api.twilio.com"})
"""The host of every MediaUrl Twilio posts (`https://api.twilio.com/2010-04-01/Accounts/.../Media/ME...`); its
redirect to storage (S3, Twilio's CDN) needs and gets no credentials."""
HTTPS_PORT: Final = 443


@dataclass(frozen=True)
class Destination:
    """The parts of a prepared URL that decide where the bytes (and any Authorization header) go."""

    url: str
    scheme: str
    host: str
    port: int | None
    userinfo: str | None


def destination(url: str) -> Destination | None:
    """Where requests will connect for url; None when requests would refuse the URL itself."""
    try:
        prepared = requests.Request("GET", url).prepare()
        parsed = parse_url(str(prepared.url))
    except (requests.RequestException, LocationParseError, ValueError, UnicodeError):
        return None
    if not parsed.scheme or not parsed.host:
        return None
    return Destination(str(prepared.url), parsed.scheme, parsed.host, parsed.port, parsed.auth)


def is_twilio_media(target: Destination | None) -> bool:
    """Only an https URL to a Twilio media host on the default port, with no userinfo, may carry credentials."""
    return (
        target is not None
        and target.scheme == "https"
        and target.userinfo is None
        and target.host in TWILIO_MEDIA_HOSTS
        and target.port in (None, HTTPS_PORT)
    )


def is_twilio_media_url(url: str) -> bool:
    return is_twilio_media(destination(url))
