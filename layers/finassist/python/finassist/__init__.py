"""FinAssist: a pt-BR expense assistant on WhatsApp, shared code for every Lambda (the layer)."""
