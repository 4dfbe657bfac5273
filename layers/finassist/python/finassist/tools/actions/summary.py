"""The month at a glance: totals by category with their share and change, and the bar chart as media."""

from __future__ import annotations

from typing import Any

from finassist.domain.periods import month_period
from finassist.domain.summary import previous_month, summarize, summary_text, summary_title
from finassist.tools.actions.common import money
from finassist.tools.arguments import MonthArgs
from finassist.tools.context import ToolContext


def month_summary(args: MonthArgs, context: ToolContext) -> dict[str, Any]:
    year, month = (int(part) for part in args.month.split("-"))
    period = month_period(year, month, "")
    previous = previous_month(period)
    rows = context.ledger.query(previous.start, period.end)
    summary = summarize(rows, period, previous)
    output: dict[str, Any] = {
        "status": "success",
        "month": args.month,
        "total": money(summary.total),
        "previous_total": money(summary.previous_total),
        "by_category": [
            {
                "category": line.category,
                "amount": money(line.amount),
                "share_percent": str(line.share),
                "change_percent": None if line.change is None else str(line.change),
            }
            for line in summary.lines
        ],
        "text": summary_text(summary),
    }
    if context.media is not None and context.charts is not None and summary.lines:
        bars = [(line.category, line.amount) for line in summary.lines]
        png = context.charts.bar_chart_png(summary_title(summary), bars)
        output["media"] = [
            {"url": context.media.put(f"resumo-{args.month}.png", png, "image/png"), "content_type": "image/png"}
        ]
    return output
