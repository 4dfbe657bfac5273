"""ReceiveWebhook: Twilio's POST /webhook/whatsapp -> one execution per MessageSid, empty TwiML at once."""

from typing import Any

from finassist import secrets, webhook, wiring
from finassist.observability import logger, metrics, step_handler


@step_handler
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    settings = wiring.settings()
    response = webhook.handle(
        event,
        settings,
        auth_token=secrets.twilio_credentials(settings).auth_token,
        users=wiring.users(),
        stepfunctions=wiring.stepfunctions(),
        channel=wiring.channel(),
    )
    logger.info("webhook answered", extra={"status": response["statusCode"]})
    metrics.add_metric(name="MessagesReceived", unit="Count", value=1)
    return response
