"""What never reaches a log line or an operator's screen in full: phone numbers and what people wrote."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

# An E.164 number, with or without Twilio's `whatsapp:` prefix: "+" then 8 to 15 digits.
_E164 = re.compile(r"(?<![\w+])(whatsapp:)?\+(\d{4,11})(\d{4})(?!\d)")
# Keys whose values are what a person said or was told: never logged, only their size.
CONTENT_KEYS = frozenset({"text", "body", "Body", "transcript", "reply", "reply_text", "user_text", "parts"})
# Keys that hold a bare phone number (Twilio's WaId): masked like an E.164 number.
NUMBER_KEYS = frozenset({"WaId", "wa_id"})


def mask_phone_numbers(text: str) -> str:
    """`whatsapp:+5511987654321` -> `whatsapp:+***4321`: enough to tell senders apart, not to call them."""
    return _E164.sub(lambda m: f"{m.group(1) or ''}+***{m.group(3)}", text)


def _mask_bare_number(value: str) -> str:
    return f"***{value[-4:]}" if value.isdigit() and len(value) > 4 else mask_phone_numbers(value)


def _redacted(value: Any) -> str:
    if isinstance(value, str):
        return f"<redacted {len(value)} chars>"
    if isinstance(value, (list, tuple)):
        return f"<redacted {len(value)} items>"
    return "<redacted>"


def redact(value: Any) -> Any:
    """A copy of a log record (dicts, lists, strings) with message contents dropped and numbers masked."""
    if isinstance(value, str):
        return mask_phone_numbers(value)
    if isinstance(value, Mapping):
        cleaned: dict[Any, Any] = {}
        for key, item in value.items():
            if key in CONTENT_KEYS and item not in (None, ""):
                cleaned[key] = _redacted(item)
            elif key in NUMBER_KEYS and isinstance(item, str):
                cleaned[key] = _mask_bare_number(item)
            else:
                cleaned[key] = redact(item)
        return cleaned
    if isinstance(value, (list, tuple)):
        return [redact(item) for item in value]
    return value
