"""Telling people what FinAssist did on its own, the way WhatsApp allows it.

A business may start a WhatsApp conversation only with an approved template (ContentSid + ContentVariables); a
free-form message to someone who has not written in 24 hours fails with 63016. So the recurring notice goes as the
deployment's approved template; without one (or if Twilio refuses it) it is kept and goes at the top of the
person's next reply, claimed by that message so it is delivered exactly once even when a step is retried.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from finassist.domain.notices import RecurringNotice, in_reply, template_variables, with_notices
from finassist.errors import ChannelRejected
from finassist.idempotency import deliver
from finassist.ports import NoticeStore, PendingNotice

if TYPE_CHECKING:
    from finassist.idempotency import Once

Told = Literal["template", "kept"]


def _recurring(notice: PendingNotice) -> RecurringNotice:
    return RecurringNotice(notice.when, notice.description, notice.category, notice.amount)


def teller(template_sid: str, send_once: Once, store: NoticeStore) -> Callable[[PendingNotice], Told]:
    """How this deployment tells an owner about a recurring expense it added."""

    def tell(notice: PendingNotice) -> Told:
        if template_sid:
            try:
                send_once(
                    request={
                        "key": f"recurring#{notice.notice_id}",
                        "to": notice.sender_id,
                        "content_sid": template_sid,
                        "variables": template_variables(_recurring(notice)),
                    }
                )
                return "template"
            except ChannelRejected:
                pass  # the template was refused for good: the notice must still reach its owner
        store.keep(notice)
        return "kept"

    return tell


def deliver_reply(
    send_once: Once,
    store: NoticeStore,
    today: date,
    to: str,
    parts: Sequence[str],
    message_sid: str,
    *,
    kind: str,
    media: Sequence[str] = (),
) -> dict[str, Any]:
    """The reply (or apology) with the notices waiting for this person at its top; they are removed once sent."""
    held = store.claim(to, message_sid)
    lines = [in_reply(_recurring(notice), today) for notice in held]
    result = deliver(send_once, to, with_notices(parts, lines), message_sid, kind, media)
    store.remove(to, [notice.notice_id for notice in held])
    return {**result, "notices": len(held)}
