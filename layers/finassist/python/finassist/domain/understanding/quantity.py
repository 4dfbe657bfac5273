"""A count and a price per unit: '2 cafés de 7,50' is R$ 15,00, '3 pães a 1,20 cada' is R$ 3,60.

'2 camisetas por 100' stays R$ 100,00: 'por' gives the total. A count of instalments ('3 parcelas de 100')
is left alone: how much was paid now is not said.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from finassist.domain import wordlists
from finassist.domain.money import AmountMatch
from finassist.domain.number_words import parse_count
from finassist.domain.understanding.message import Message

_COUNT = r"(?P<n>\d{1,2}|um|uma|dois|duas|tres|quatro|cinco|seis|sete|oito|nove|dez|onze|doze)"
_ITEM = r"(?P<item>[^\W\d_]+(?:\s+[^\W\d_]+){0,2}?)"
_EACH_BEFORE_RE = re.compile(
    rf"\b{_COUNT}\s+{_ITEM}\s+(?:de|a|por\s+cada|por\s+unidade|cada\s+um[a]?\s+(?:de|a|por)?)\s*$"
)
"""What comes right before the price: '2 cafés de ', '3 pães a ', '2 ingressos, cada um '."""
_EACH_AFTER_RE = re.compile(r"^\s*(?:reais\s+)?(?:cada(?:\s+um[a]?)?|a\s+unidade|por\s+unidade|por\s+cabeca)\b")
_COUNT_BEFORE_RE = re.compile(rf"\b{_COUNT}\s+{_ITEM}\s+$")
_UNITS = wordlists.words("amount_words_ptbr.json", "units")


@dataclass(frozen=True)
class UnitPrice:
    count: int
    price: Decimal
    what: str  # the count and the thing as typed: "2 cafés"

    @property
    def total(self) -> Decimal:
        return self.count * self.price


def unit_price(message: Message, amount: AmountMatch) -> UnitPrice | None:
    """The count and unit price around the one amount of the message, when the words say 'each'."""
    before = message.folded[: amount.start]
    after = message.folded[amount.end :]
    found = _EACH_BEFORE_RE.search(before)
    if found is None and _EACH_AFTER_RE.match(after):
        found = _COUNT_BEFORE_RE.search(before)
    if found is None:
        return None
    count = parse_count(found.group("n"))
    first_item_word = found.group("item").split()[0]
    if count is None or count < 2 or first_item_word in _UNITS:
        return None
    return UnitPrice(count, amount.value, message.text[found.start() : found.end("item")])
