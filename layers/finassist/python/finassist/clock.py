"""'Today' for the user: a date in America/Sao_Paulo, or the frozen instant a test or the eval sets."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from finassist.settings import Settings


def now(settings: Settings) -> datetime:
    """The current instant in the user's time zone."""
    zone = ZoneInfo(settings.timezone)
    if settings.frozen_now is not None:
        frozen = settings.frozen_now
        return frozen.astimezone(zone) if frozen.tzinfo else frozen.replace(tzinfo=zone)
    return datetime.now(zone)


def today(settings: Settings) -> date:
    """The user's calendar date, which 'hoje', 'ontem' and 'este mês' are relative to."""
    return now(settings).date()
