"""`make demo`: a scripted WhatsApp conversation through ReceiveWebhook and the real state machine, offline."""

from __future__ import annotations

import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from finassist.local.present import outcome_lines
from finassist.local.stack import EmbeddedStack, Outcome, project_root, twilio_fields
from finassist.wiring import xlsx_ledger_path

ANA = "whatsapp:+5511987654321"
STRANGER = "whatsapp:+5521912345678"


@dataclass(frozen=True)
class Line:
    sender: str
    name: str
    text: str = ""
    media: str = ""
    media_type: str = ""


def script(voice_notes: Path) -> list[Line]:
    return [
        Line(ANA, "Ana", "Gastei R$ 45 em almoço hoje"),
        Line(ANA, "Ana", "Uber 23,50 ontem"),
        Line(ANA, "Ana", media=(voice_notes / "mercado.ogg").as_uri(), media_type="audio/ogg"),
        Line(ANA, "Ana", "paguei 1.800 de aluguel dia 8"),
        Line(ANA, "Ana", "na verdade foram 1.850"),
        Line(ANA, "Ana", "Quanto gastei em alimentação este mês?"),
        Line(ANA, "Ana", "quanto gastei esta semana?"),
        Line(ANA, "Ana", "meu limite de alimentação é 300 por mês"),
        Line(ANA, "Ana", "padaria 15"),
        Line(ANA, "Ana", "gastei 80 com presente de aniversário"),
        Line(ANA, "Ana", "sim"),
        Line(ANA, "Ana", "apaga o último"),
        Line(ANA, "Ana", "todo dia 10 pago 99,90 de internet"),
        Line(ANA, "Ana", "resumo do mês"),
        Line(ANA, "Ana", "exporta este mês em CSV"),
        Line(STRANGER, "Bruno", "Oi! Quero anotar meus gastos"),
        Line(
            ANA,
            "Ana",
            media="https://api.twilio.com/2010-04-01/Accounts/AC0/Messages/MM0/Media/ME0",
            media_type="image/jpeg",
        ),
    ]


def _fields(line: Line) -> dict[str, str]:
    return twilio_fields(
        line.sender, line.text, media_url=line.media or None, media_type=line.media_type or None, profile_name=line.name
    )


def play(stack: EmbeddedStack) -> list[Outcome]:
    """The script on a running stack, without printing (for `finassist history --demo`). The data directory is
    the stack's own; message sids are numbered (SM000…001, SM000…002, ...) so an execution can be named."""
    stack.add_user(ANA, "Ana")
    lines = script(stack.root / "events" / "voice_notes")
    return [stack.send({**_fields(line), **_numbered_sid(n)}) for n, line in enumerate(lines, start=1)]


def _numbered_sid(n: int) -> dict[str, str]:
    sid = f"SM{n:032x}"
    return {"MessageSid": sid, "SmsMessageSid": sid, "SmsSid": sid}


def _shown(line: Line, voice_notes: Path) -> str:
    if line.media_type.startswith("audio/"):
        transcript = voice_notes / Path(line.media).with_suffix(".txt").name
        return f"🎙️ voice note ({transcript.read_text(encoding='utf-8').strip()!r})"
    if line.media:
        return f"🖼️ image ({line.media_type})"
    return line.text


def main() -> int:
    root = project_root()
    data_dir = root / ".local" / "demo"
    shutil.rmtree(data_dir, ignore_errors=True)
    voice_notes = root / "events" / "voice_notes"
    started = time.monotonic()
    print("FinAssist demo — the real ASL and the real handlers on the embedded stack (offline engine)\n")
    with EmbeddedStack(data_dir, record_sleeps=False) as stack:
        stack.add_user(ANA, "Ana")
        for line in script(voice_notes):
            print(f"▶ {line.name} ({line.sender}): {_shown(line, voice_notes)}")
            outcome = stack.send(_fields(line))
            print("\n".join(outcome_lines(outcome)) + "\n")
        daily = stack.run_daily_recurring()
        added = sum(1 for item in (daily.output or {}).get("results", []) if item.get("added"))
        print(f"⏰ Daily recurring-expenses job (EventBridge Scheduler's execution): {daily.status}, {added} added")
        print(f"  ⤷ {' → '.join(daily.state_names)}\n")
    ledger = xlsx_ledger_path(data_dir, ANA)
    print(f"Ana's ledger: {ledger}")
    print(f"Done in {time.monotonic() - started:.1f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
