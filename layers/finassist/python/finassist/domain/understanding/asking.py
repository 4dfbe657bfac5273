"""The questions we send back when a message cannot be acted on safely, and the help text."""

from __future__ import annotations

from decimal import Decimal

from finassist.domain.money import MAX_AMOUNT, format_brl, quantize
from finassist.domain.understanding.intents import Clarification

HELP = (
    'Não entendi bem. 🤔 Você pode me mandar um gasto, por exemplo: "almoço 45,00", "Uber 23,50 ontem" ou '
    '"paguei 1.800 de aluguel dia 8". Ou perguntar: "quanto gastei este mês?" ou '
    '"quanto gastei com transporte em outubro?"'
)

NEGATIVE_AMOUNT = (
    "Eu só anoto gastos com valores positivos. Se foi um estorno ou reembolso, corrija o lançamento original "
    '(por exemplo: "na verdade foram 30") ou mande o valor sem o sinal de menos.'
)


def plain(amount: Decimal) -> str:
    """'45,00': the amount as a user would type it in an example."""
    return format_brl(amount).removeprefix("R$ ").strip()


def ask_amount(description: str) -> str:
    if description:
        return f"Quanto você gastou com {description}? Me diga o valor, por exemplo: {description} 45,00"
    return "Quanto foi esse gasto? Me diga o valor e o que foi, por exemplo: almoço 45,00"


def valid_amount(value: Decimal) -> bool:
    return Decimal(0) < value < MAX_AMOUNT


def unlikely_amount(amount: Decimal) -> Clarification:
    return Clarification(
        "ambiguous_amount",
        f"O valor {format_brl(amount)} não parece certo. Pode confirmar o valor? Por exemplo: 45,00",
    )


def several_amounts(values: list[Decimal], what: str) -> Clarification:
    shown = " e ".join(format_brl(quantize(v)) for v in values[:3])
    return Clarification(
        "ambiguous_amount", f"Encontrei mais de um valor na mensagem ({shown}). Qual é o valor {what}?"
    )


def unclear_amount(typed: str) -> Clarification:
    """'1,234' is R$ 1,23 to one reader and R$ 1.234,00 to another; '0,001' is no price: ask which."""
    return Clarification(
        "unclear_amount",
        f'Não entendi o valor "{typed}": em reais são no máximo duas casas depois da vírgula. '
        "Qual foi o valor? Mande de novo, por exemplo: 1.234,00 ou 12,34",
    )
