"""What Twilio's WhatsApp channel accepts, as Twilio documents it: the offline channel keeps the same rules.

- The customer-service window: "A messaging session starts when a user sends your application a message, and
  lasts for 24 hours from the most recently received message"; outside it a free-form message fails with error
  63016 and only an approved template (ContentSid + ContentVariables) goes through
  (https://www.twilio.com/docs/api/errors/63016; support article 360038232293).
- Twilio reports 63016 as the message's status, not as an API error: the create answers 201 `queued`, the message
  then ends `failed` with `error_code` 63016 (twilio-oai api_v2010 Message: "error_code ... returned if the Message
  status is failed or undelivered").
- "a WhatsApp media message can only contain one media attachment. Any additional attachments will be ignored."
  (support.twilio.com 360017961894).
- Media types: images JPG/JPEG/PNG, audio OGG (opus)/AMR/3GP/AAC/MPEG, documents PDF/DOC/DOCX/PPTX/XLSX, video
  MP4, contacts vCard; "the maximum size limit is 16MB ... the size limit for images is only 5 MB"
  (https://www.twilio.com/docs/whatsapp/guidance-whatsapp-media-messages).
- Body: "Can be up to 1,600 characters in length" (twilio-oai, Messages create `Body`); error 21617 past it.
- Templates: `ContentSid` must match ^HX[0-9a-fA-F]{32}$ and name an approved template, else 21655 "The ContentSid
  is Invalid"; `ContentVariables` is a JSON object of strings, and a value that is empty, null, or holds a newline,
  a tab or more than four consecutive spaces is 21656 "The ContentVariables Parameter is invalid"
  (https://www.twilio.com/docs/api/errors/21655, .../21656).
"""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

SESSION_WINDOW: Final = timedelta(hours=24)
MAX_BODY_CHARS: Final = 1600
MAX_MEDIA_BYTES: Final = 16_000_000
MAX_IMAGE_BYTES: Final = 5_000_000
"""Twilio writes "16MB" and "5 MB": read as decimal megabytes, the stricter of the two readings."""

OUTSIDE_WINDOW: Final = 63016
OUTSIDE_WINDOW_MESSAGE: Final = (
    "Failed to send freeform message because you are outside the allowed window. If you are using WhatsApp, "
    "please use a Message Template."
)
BODY_TOO_LONG: Final = 21617
INVALID_CONTENT_SID: Final = 21655
INVALID_CONTENT_VARIABLES: Final = 21656
CONTENT_SID: Final = re.compile(r"^HX[0-9a-fA-F]{32}$")
_UNFIT_VARIABLE: Final = re.compile(r"[\n\t]| {5,}")
MEDIA_TOO_LARGE: Final = 11751
UNSUPPORTED_MEDIA: Final = 12300

IMAGE_TYPES: Final = frozenset({"image/jpeg", "image/png"})
DOCUMENT_TYPES: Final = frozenset(
    {
        "application/pdf",
        "application/msword",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
)
AUDIO_TYPES: Final = frozenset({"audio/ogg", "audio/amr", "audio/3gpp", "audio/aac", "audio/mpeg"})
OTHER_TYPES: Final = frozenset({"video/mp4", "text/vcard"})
SUPPORTED_TYPES: Final = IMAGE_TYPES | DOCUMENT_TYPES | AUDIO_TYPES | OTHER_TYPES


@dataclass(frozen=True)
class Refusal:
    """Why WhatsApp will not deliver a message: Twilio's error code and its words."""

    code: int
    message: str


def in_session(last_inbound: datetime | None, now: datetime) -> bool:
    """Whether a free-form message may go: the person wrote to us less than 24 hours ago."""
    return last_inbound is not None and now - last_inbound < SESSION_WINDOW


def media_type_of(name: str) -> str:
    """The content type a file's name announces (what a media URL's Content-Type would say)."""
    guessed = (mimetypes.guess_type(name)[0] or "").lower()
    return {"text/x-vcard": "text/vcard", "text/directory": "text/vcard"}.get(guessed, guessed)


def media_refusal(content_type: str, size: int) -> Refusal | None:
    """Why one attachment cannot go on WhatsApp, or None when it can."""
    bare = content_type.split(";", 1)[0].strip().lower()
    if bare not in SUPPORTED_TYPES:
        return Refusal(UNSUPPORTED_MEDIA, f"WhatsApp does not accept {bare or 'this content type'}")
    limit = MAX_IMAGE_BYTES if bare in IMAGE_TYPES else MAX_MEDIA_BYTES
    if size > limit:
        return Refusal(MEDIA_TOO_LARGE, f"{bare} of {size} bytes is over WhatsApp's {limit}-byte limit")
    return None


def variables_refusal(variables: Mapping[str, object]) -> Refusal | None:
    """Why Twilio would refuse these ContentVariables (21656), or None when every value is fit for a template."""
    for key, value in variables.items():
        if not isinstance(value, str) or not value.strip() or _UNFIT_VARIABLE.search(value):
            return Refusal(INVALID_CONTENT_VARIABLES, f"The ContentVariables Parameter is invalid (variable {key})")
    return None
