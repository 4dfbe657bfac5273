"""ReceiveWebhook: Twilio's POST /webhook/whatsapp -> one execution per MessageSid, empty TwiML at once."""

import time
from typing import Any

from finassist import clock, credentials, webhook, wiring
from finassist.observability import logger, metrics, step_handler


@step_handler
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    settings = wiring.settings()
    send_once = wiring.send_once()
    wiring.register_lambda_context(context)
    response = webhook.handle(
        event,
        settings,
        auth_token=credentials.twilio_credentials(settings).auth_token,
        users=wiring.users(),
        turns=wiring.turns(),
        stepfunctions=wiring.stepfunctions(),
        send_once=send_once,
        today=clock.today(settings),
        now=time.time(),
    )
    logger.info("webhook answered", extra={"status": response["statusCode"]})
    metrics.add_metric(name="MessagesReceived", unit="Count", value=1)
    return response
