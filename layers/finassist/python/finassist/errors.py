"""The named failures of FinAssist.

Step Functions matches a Lambda error by the exception's class name, so each class here is a word the
state machine's Retry and Catch clauses (and an operator reading the execution history) understand.
"""


class FinAssistError(Exception):
    """Base class: every failure we raise on purpose."""


class UnsupportedMessage(FinAssistError):
    """The message is neither text nor a voice note (an image, a document, a sticker, an empty body)."""


class VoiceNoteTooLarge(FinAssistError):
    """The voice note is over the transcription API's size limit."""


class TranscriptionFailed(FinAssistError):
    """The voice note could not be downloaded or turned into text."""


class AssistantRateLimited(FinAssistError):
    """The model provider said 429: the ASL waits and retries."""


class AssistantUnavailable(FinAssistError):
    """The model provider failed (5xx, timeout, connection): the ASL retries, then apologises."""


class AssistantRunFailed(FinAssistError):
    """A background run ended failed, cancelled or incomplete."""


class AssistantConversationLocked(FinAssistError):
    """The provider is busy with another response on this conversation ("retry in a few seconds"): the ASL
    retries with back-off. One turn per sender makes it rare; a response created twice after a timeout can
    still cause it."""


class ConversationHasOpenToolCalls(FinAssistError):
    """The provider refuses the conversation because a function call in it has no output; the flow answers the
    named calls and tries again, or moves the person to a new conversation."""

    def __init__(self, message: str, call_ids: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.call_ids = call_ids


class ConversationUnusable(FinAssistError):
    """The stored conversation cannot be read or is refused for good: the person gets a new one."""


class SenderTurnBusy(FinAssistError):
    """An earlier message of the same person is still being answered: the ASL waits and asks again."""


class DocumentUnreadable(FinAssistError):
    """A stored JSON document is missing, cut short, not JSON or cannot be read (the offline engine's files)."""


class DocumentBusy(FinAssistError):
    """Another writer held a stored JSON document's lock for longer than the lock's timeout."""


class LedgerThrottled(FinAssistError):
    """The ledger asked us to slow down (429/503/504 with Retry-After): the ASL retries."""


class LedgerUnavailable(FinAssistError):
    """The ledger could not be read or written for a reason a retry will not fix soon."""


class LedgerMisconfigured(FinAssistError):
    """The workbook, its table or a column is missing: an operator must act."""


class ChannelUnavailable(FinAssistError):
    """The messaging channel (Twilio) refused for now (429/5xx): the ASL retries."""


class ChannelRejected(FinAssistError):
    """Twilio refused the message for good (invalid To, outside the 24-hour window): retrying cannot help."""

    def __init__(self, message: str, *, status: int | None = None, code: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code


class OutsideMessagingWindow(ChannelRejected):
    """Twilio error 63016: a free-form WhatsApp message to someone who has not written in 24 hours.

    Twilio reports it as the message's failed status, so we see it when we look the message up; business-initiated
    messages avoid it altogether by going as approved templates (or waiting for the person's next message).
    """


class UnknownSender(FinAssistError):
    """The sender is not in the Users table."""


class CredentialsMissing(FinAssistError):
    """A credential's SecureString parameter is absent or malformed: run `finassist credentials set`."""


class SignInFailed(FinAssistError):
    """The Microsoft device-code sign-in did not finish (declined, expired, or public client flows are off)."""
