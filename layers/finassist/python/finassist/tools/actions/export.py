"""The person's rows as a workbook sent back on WhatsApp."""

from __future__ import annotations

from datetime import date
from typing import Any

from finassist.domain.expense import in_period
from finassist.tools.actions.common import error
from finassist.tools.arguments import ExportArgs
from finassist.tools.context import ToolContext

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_expenses(args: ExportArgs, context: ToolContext) -> dict[str, Any]:
    """Always the .xlsx: WhatsApp takes PDF, DOC, DOCX, PPTX and XLSX documents, not CSV."""
    start = args.start_date or date(1900, 1, 1)
    end = args.end_date or date(9999, 12, 31)
    if end < start:
        return error("a data final é anterior à inicial")
    if context.media is None or context.files is None:
        return error("o envio de arquivos não está disponível agora")
    rows = in_period(context.ledger.query(start, end, kind=None), start, end, kind=None)
    url = context.media.put("despesas.xlsx", context.files.xlsx_bytes(rows), XLSX_CONTENT_TYPE)
    return {
        "status": "success",
        "count": len(rows),
        "format": "xlsx",
        "media": [{"url": url, "content_type": XLSX_CONTENT_TYPE}],
    }
