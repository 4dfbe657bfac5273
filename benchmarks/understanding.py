"""The offline pt-BR engine: messages per second and the per-message p99 (one core, no I/O)."""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path

from benchmarks.common import Figure, ms, percentile, table, timed
from finassist.domain.understanding import understand

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "messages-ptbr.jsonl"
EXTRA = [
    "Gastei R$ 45 em almoço hoje",
    "uber 23,50 ontem",
    "quanto gastei semana passada?",
    "paguei 1.800 de aluguel dia 8",
    "gastei quarenta e cinco reais no almoço",
    "quanto gastei com transporte entre 1 e 15 de novembro?",
    "farmácia 37,90",
    "oi",
]


def messages() -> list[str]:
    return [json.loads(line)["text"] for line in CORPUS.read_text(encoding="utf-8").splitlines() if line] + EXTRA


def run() -> str:
    texts = messages()
    today = date(2026, 11, 24)
    for text in texts:  # warm the lexicon and regex caches, as a warm Lambda would have them
        understand(text, today)
    rounds = 200
    per_message: list[float] = []
    started = time.perf_counter()
    for _ in range(rounds):
        for text in texts:
            per_message.extend(timed(lambda t=text: understand(t, today), 1))  # type: ignore[misc]
    elapsed = time.perf_counter() - started
    count = rounds * len(texts)
    return table(
        "Offline pt-BR engine (understand one message)",
        [
            Figure("messages per second", f"{count / elapsed:,.0f}", f"{count} messages, {len(texts)} distinct"),
            Figure("p50 per message", ms(percentile(per_message, 0.5))),
            Figure("p99 per message", ms(percentile(per_message, 0.99))),
        ],
    )


if __name__ == "__main__":
    print(run())
