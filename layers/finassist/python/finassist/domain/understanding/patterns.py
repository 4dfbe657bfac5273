"""Patterns more than one reader needs: what a question, an expense verb and a polite lead-in look like."""

from __future__ import annotations

import re

HOW_MUCH = r"(?:quanto|quantos|quanta|quantas|qto|qtos|qta|qtas|qnto|qntos|qnta|qntas|qnt|qnts|qt|qts|qto\?)"
"""'quanto' as people type it in a hurry: 'qto', 'qnto', 'qnt', 'qt'."""
QUESTION_RE = re.compile(
    rf"\b(?:{HOW_MUCH}|qual|quais|resumo|extrato|relatorio|balanco|somatorio)\b"
    r"|\btotal\s+(?:de|dos|das|do|da|que|gasto|geral)\b|\btotal\s*\??$"
    r"|\bme\s+(?:diz|diga|mostra|mostre|fala|fale|informa|informe|passa|passe|manda|mande)\b"
    r"|\b(?:mostra|mostre|ver|veja|listar?|liste)\s+(?:os\s+|meus\s+)?(?:gastos|despesas)\b"
)
EXPENSE_VERB_RE = re.compile(
    r"\b(?:gastei|gastamos|paguei|pagamos|comprei|compramos|torrei|almocei|jantei|lanchei|abasteci|estacionei|pedi"
    r"|peguei|comi|tomei)\b"
)
ASK_RE = re.compile(rf"\b(?:{HOW_MUCH}|qual|quais|cade)\b")

LEAD = (
    r"^\W*(?:(?:oi|ola|ei|opa|ops|eita|putz|poxa|droga|ah|ai|ok|pronto|entao|errei|ixi|vish|ue|uai|nossa)\W+)*"
    r"(?:(?:por\s+favor|pf|pfv|pls|favor)\W+)?(?:(?:voce|vc|tu)\s+)?"
    r"(?:(?:pode|poderia|podia|consegue|conseguiria|da\s+pra|da\s+para|dava\s+pra|tem\s+como|quero|queria"
    r"|gostaria\s+de|preciso|vamos|vou|me\s+ajuda\s+a)\s+)?(?:(?:por\s+favor|pf|pfv)\W+)?(?:me\s+)?"
)
"""What may come before a command verb: 'oi', 'por favor', 'você pode', 'quero'."""

_PLACE_VERB = (
    r"(?:coloc(?:a|ar)|coloque|p(?:oe|onha|or)|bot(?:a|e|ar)|jog(?:a|ar)|jogue|mov(?:e|a|er)|pass(?:a|e|ar)"
    r"|transfer(?:e|ir)|transfira|classific(?:a|ar)|classifique|categoriz(?:a|e|ar)|lanc(?:a|e|ar)|registr(?:a|e|ar)"
    r"|marc(?:a|ar)|marque|deix(?:a|e|ar)|salv(?:a|e|ar)|anot(?:a|e|ar)|manda|mande|mandar)"
)
PLACE_RE = re.compile(
    r"\b" + _PLACE_VERB + r"\b(?:\s+(?:isso|esse|essa|ele|ela|ai|la|o\s+ultimo|a\s+ultima|o\s+[^\W\d_]+))?"
    r"\s+(?:em|no|na|nos|nas|pra|para|pro|como|de|na\s+categoria|pra\s+categoria|para\s+a?\s*categoria)\s+"
)
"""'coloca em Lazer', 'passa pra transporte', 'põe como compras': moves the last entry to a category."""
