"""`make chat`: type as a WhatsApp user; each line goes through the webhook and the real state machine."""

from __future__ import annotations

import sys
from pathlib import Path

from finassist.local.present import outcome_lines
from finassist.local.stack import EmbeddedStack, project_root, twilio_fields
from finassist.wiring import xlsx_ledger_path

HELP = """Type a message as Ana would on WhatsApp. Commands:
  /audio <file.ogg>   send a voice note (offline, only the samples in events/voice_notes are understood)
  /image              send a picture
  /sair               quit"""


def main() -> int:
    root = project_root()
    sender = "whatsapp:+5511987654321"
    data_dir = root / ".local" / "chat"
    print(HELP)
    with EmbeddedStack(data_dir, record_sleeps=False) as stack:
        stack.add_user(sender, "Ana")
        while True:
            try:
                text = input("\nvocê> ").strip()
            except (EOFError, KeyboardInterrupt):
                break
            if not text:
                continue
            if text in ("/sair", "/quit"):
                break
            if text.startswith("/audio"):
                path = Path(text.removeprefix("/audio").strip() or root / "events/voice_notes/almoco.ogg")
                fields = twilio_fields(sender, media_url=path.resolve().as_uri(), media_type="audio/ogg")
            elif text == "/image":
                fields = twilio_fields(sender, media_url="https://api.twilio.com/media/ME0", media_type="image/jpeg")
            else:
                fields = twilio_fields(sender, text, profile_name="Ana")
            print("\n".join(outcome_lines(stack.send(fields))))
        print(f"\nAna's ledger: {xlsx_ledger_path(data_dir, sender)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
