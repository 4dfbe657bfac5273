"""Messages that manage the ledger: undo, correct, summary, limits, recurring bills, export, yes and no."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from finassist.domain.periods import Period
from finassist.domain.understanding import (
    AddRecurring,
    Clarification,
    Confirmation,
    CorrectLast,
    ExpenseIntent,
    ExportRequest,
    MonthSummaryRequest,
    NotUnderstood,
    SetBudget,
    SpendingQuestion,
    UndoLast,
    understand,
)

TUESDAY = date(2026, 11, 24)
NOVEMBER = Period(date(2026, 11, 1), date(2026, 11, 30), "este mês")
OCTOBER = Period(date(2026, 10, 1), date(2026, 10, 31), "em outubro")
LAST_MONTH = Period(date(2026, 10, 1), date(2026, 10, 31), "no mês passado")


def _money(text: str) -> Decimal:
    return Decimal(text).quantize(Decimal("0.01"))


# -- undo --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "apaga o último",
        "desfaz",
        "cancela o último lançamento",
        "apaga isso",
        "exclui o último gasto",
        "Apaga o último lançamento",
        "apague a última despesa",
        "desfazer",
        "desfaz o último",
        "cancela isso",
        "cancelar o último registro",
        "exclua o último",
        "remover o último gasto",
        "deleta",
        "apaga a última",
        "pode excluir o último lançamento?",
        "quero apagar o último gasto",
        "ops, apaga",
        "apaga aí",
        "apaga o último, por favor",
        "por favor desfaz",
        "tira esse último",
        "esquece o último",
        "anula o último",
        "desconsidera o último lançamento",
        "volta atrás",
        "lancei errado, apaga",
        "o último tá errado, apaga",
        "foi engano",
        "lancei duplicado",
        "lançou duas vezes",
        "não era pra ter lançado isso",
        "cancela",
    ],
)
def test_asking_to_remove_the_last_entry_is_an_undo(text: str) -> None:
    assert understand(text, TUESDAY) == UndoLast()


@pytest.mark.parametrize("text", ["apaga tudo", "apaga o limite de lazer", "exclui todos os gastos"])
def test_removing_more_than_the_last_entry_is_explained_not_done(text: str) -> None:
    intent = understand(text, TUESDAY)
    assert isinstance(intent, Clarification)
    assert intent.reason == "unsupported_removal"
    assert "apaga o último" in intent.message


@pytest.mark.parametrize(
    "text", ["cancelamento da academia 50", "creme pra tirar mancha 30", "tirei 50 do caixa pro almoço"]
)
def test_an_expense_with_a_removal_word_inside_is_still_an_expense(text: str) -> None:
    assert isinstance(understand(text, TUESDAY), ExpenseIntent)


# -- correct the last entry --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("na verdade foram 52", "52"),
        ("corrige pra 52", "52"),
        ("o valor certo é 52,90", "52.90"),
        ("o valor foi 52", "52"),
        ("o valor correto é 52", "52"),
        ("corrige o valor para 52", "52"),
        ("corrigir para 52,90", "52.90"),
        ("era 52", "52"),
        ("errei, era 52", "52"),
        ("muda o valor pra 52", "52"),
        ("troca o valor para 52", "52"),
        ("altera para 52 reais", "52"),
        ("era pra ser 52", "52"),
        ("o certo é 52", "52"),
        ("valor errado, o certo é 52", "52"),
        ("na verdade foram cinquenta e dois reais", "52"),
        ("corrige o último para 52 reais", "52"),
        ("muda o valor do almoço para 52", "52"),
        ("na verdade gastei 52 no almoço", "52"),
        ("na real foi R$ 1.250,00", "1250"),
    ],
)
def test_a_new_amount_for_the_last_entry_is_a_correction_of_the_amount(text: str, amount: str) -> None:
    assert understand(text, TUESDAY) == CorrectLast(amount=_money(amount))


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("não foi 25, foi 52", "52"),
        ("era 52 e não 25", "52"),
        ("não é 25, é 52", "52"),
        ("foram 52, não 25", "52"),
        ("o almoço foi 52, não 45", "52"),
        ("52, não 45", "52"),
        ("o valor era 45 não 54", "45"),
        ("não foi 45, foi 54", "54"),
        ("muda de 25 para 52", "52"),
        ("não foi 25,90, foi 52,90", "52.90"),
    ],
)
def test_the_old_amount_a_user_denies_is_left_out_of_the_correction(text: str, amount: str) -> None:
    assert understand(text, TUESDAY) == CorrectLast(amount=_money(amount))


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("muda a categoria para Lazer", "Lazer"),
        ("não era Alimentação, era Lazer", "Lazer"),
        ("muda pra lazer", "Lazer"),
        ("muda para lazer", "Lazer"),
        ("coloca em transporte", "Transporte"),
        ("põe como compras", "Compras"),
        ("não, era lazer", "Lazer"),
        ("muda de alimentação para lazer", "Lazer"),
        ("é lazer", "Lazer"),
        ("categoria: saúde", "Saúde"),
        ("coloca na categoria lazer", "Lazer"),
        ("a categoria certa é lazer", "Lazer"),
        ("é lazer, não alimentação", "Lazer"),
        ("era transporte", "Transporte"),
        ("muda pra categoria transporte", "Transporte"),
        ("mudar categoria do último para saúde", "Saúde"),
        ("muda a categoria pra comida", "Alimentação"),
        ("deixa em outros", "Outros"),
        ("joga pra compras", "Compras"),
        ("passa pra transporte", "Transporte"),
        ("lança como lazer", "Lazer"),
        ("era de lazer", "Lazer"),
        ("na verdade é lazer", "Lazer"),
        ("não era alimentação e sim lazer", "Lazer"),
        ("troca a categoria para Educação", "Educação"),
    ],
)
def test_a_category_named_for_the_last_entry_is_a_correction_of_the_category(text: str, category: str) -> None:
    assert understand(text, TUESDAY) == CorrectLast(category=category)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("era ontem", date(2026, 11, 23)),
        ("muda a data pra dia 20", date(2026, 11, 20)),
        ("muda a data pra 20", date(2026, 11, 20)),
        ("na verdade foi ontem", date(2026, 11, 23)),
        ("foi ontem", date(2026, 11, 23)),
        ("era anteontem", date(2026, 11, 22)),
        ("foi no sábado", date(2026, 11, 21)),
        ("a data é ontem", date(2026, 11, 23)),
        ("muda a data para ontem", date(2026, 11, 23)),
        ("data errada, foi dia 20", date(2026, 11, 20)),
        ("a data certa é 20/11", date(2026, 11, 20)),
        ("não foi hoje, foi ontem", date(2026, 11, 23)),
        ("era dia 30 de outubro", date(2026, 10, 30)),
    ],
)
def test_a_day_given_for_the_last_entry_is_a_correction_of_the_date(text: str, day: date) -> None:
    assert understand(text, TUESDAY) == CorrectLast(date=day)


@pytest.mark.parametrize(
    ("text", "description"),
    [
        ("a descrição é pizza", "pizza"),
        ("a descrição certa é pizza", "pizza"),
        ("muda a descrição para pizza", "pizza"),
        ("descrição: pizza", "pizza"),
        ("o nome é pizza", "pizza"),
        ("era pizza", "pizza"),
        ("na verdade foi pizza", "pizza"),
        ("troca a descrição por pizza", "pizza"),
        ("altera a descrição para pizza de calabresa", "pizza de calabresa"),
        ("não era almoço, era jantar", "jantar"),
        ("troca almoço por jantar", "jantar"),
        ("a descrição é Pizza Hut", "Pizza Hut"),
    ],
)
def test_new_words_for_the_last_entry_are_a_correction_of_the_description(text: str, description: str) -> None:
    assert understand(text, TUESDAY) == CorrectLast(description=description)


def test_a_correction_can_change_several_fields_at_once() -> None:
    assert understand("na verdade era 52 e foi ontem", TUESDAY) == CorrectLast(
        amount=Decimal("52.00"), date=date(2026, 11, 23)
    )
    assert understand("corrige: 52 e categoria lazer", TUESDAY) == CorrectLast(
        amount=Decimal("52.00"), category="Lazer"
    )


@pytest.mark.parametrize(
    ("text", "asks_for"),
    [
        ("lancei errado", "o valor, a categoria, a data ou a descrição"),
        ("corrige", "o valor, a categoria, a data ou a descrição"),
        ("corrige o último", "o valor, a categoria, a data ou a descrição"),
        ("errei o valor", "valor certo"),
        ("o valor tá errado", "valor certo"),
        ("errei a categoria", "categoria"),
        ("a data tá errada", "data certa"),
        ("não era lazer", "o valor, a categoria, a data ou a descrição"),
        ("muda a descrição", "descrição certa"),
    ],
)
def test_a_correction_with_nothing_recognisable_asks_what_to_change(text: str, asks_for: str) -> None:
    intent = understand(text, TUESDAY)
    assert isinstance(intent, Clarification)
    assert intent.reason == "correction_unclear"
    assert asks_for in intent.message


def test_a_correction_between_two_new_amounts_is_asked_back() -> None:
    intent = understand("na verdade foram 52 ou 55", TUESDAY)
    assert isinstance(intent, Clarification)
    assert intent.reason == "ambiguous_amount"


@pytest.mark.parametrize(
    "text",
    [
        "paguei 52 de pizza",
        "troca de óleo 150",
        "ajuste da calça 30",
        "coloca 30 em lazer",
        "conserto do carro 800",
        "paguei 1.800 de aluguel dia 8",
        "almoço 45",
        "Uber 23,50 ontem",
    ],
)
def test_plain_expenses_are_not_taken_for_corrections(text: str) -> None:
    assert isinstance(understand(text, TUESDAY), ExpenseIntent)


def test_an_answer_to_how_much_stays_open_to_the_follow_up_and_is_not_a_correction() -> None:
    assert isinstance(understand("foi 52", TUESDAY), Clarification)
    assert isinstance(understand("45", TUESDAY), Clarification)


# -- month summary -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("resumo do mês", NOVEMBER),
        ("como estão meus gastos?", NOVEMBER),
        ("resumo de outubro", OCTOBER),
        ("como foi o mês passado?", LAST_MONTH),
        ("me dá um panorama", NOVEMBER),
        ("resumo", NOVEMBER),
        ("Resumo do mês, por favor", NOVEMBER),
        ("como tá o mês?", NOVEMBER),
        ("onde gastei mais este mês?", NOVEMBER),
        ("quanto gastei por categoria em outubro?", OCTOBER),
        ("como foi outubro?", OCTOBER),
        ("balanço do mês", NOVEMBER),
        ("relatório de outubro", OCTOBER),
        ("pra onde foi meu dinheiro?", NOVEMBER),
        ("gastos por categoria", NOVEMBER),
        ("como estou este mês?", NOVEMBER),
        ("visão geral dos gastos", NOVEMBER),
        ("como estão minhas finanças", NOVEMBER),
        ("me manda o resumo do mês passado", LAST_MONTH),
        ("qual o resumo de outubro?", OCTOBER),
        ("resumo de outubro de 2025", Period(date(2025, 10, 1), date(2025, 10, 31), "em outubro de 2025")),
    ],
)
def test_asking_for_the_month_at_a_glance_is_a_summary_of_a_calendar_month(text: str, period: Period) -> None:
    assert understand(text, TUESDAY) == MonthSummaryRequest(period)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("resumo de gastos com lazer em setembro", "Lazer"),
        ("como estão meus gastos com transporte?", "Transporte"),
        ("resumo de alimentação do mês passado", "Alimentação"),
    ],
)
def test_a_summary_of_one_category_stays_a_spending_question(text: str, category: str) -> None:
    intent = understand(text, TUESDAY)
    assert isinstance(intent, SpendingQuestion)
    assert intent.category == category


def test_the_summary_in_september_keeps_its_month() -> None:
    intent = understand("resumo de gastos com lazer em setembro", TUESDAY)
    assert intent == SpendingQuestion(Period(date(2026, 9, 1), date(2026, 9, 30), "em setembro"), "Lazer")


@pytest.mark.parametrize("text", ["resumo da semana", "resumo do ano", "resumo de hoje"])
def test_a_summary_of_something_other_than_a_month_is_a_spending_question(text: str) -> None:
    intent = understand(text, TUESDAY)
    assert isinstance(intent, SpendingQuestion)
    assert intent.category is None


@pytest.mark.parametrize(
    "text", ["quanto gastei em outubro?", "quanto gastei", "gastos de outubro", "quanto gastei este mês?"]
)
def test_ordinary_spending_questions_are_not_taken_for_summaries(text: str) -> None:
    assert isinstance(understand(text, TUESDAY), SpendingQuestion)


# -- budgets -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "category", "amount"),
    [
        ("meu limite de alimentação é 800 por mês", "Alimentação", "800"),
        ("quero gastar no máximo 300 com lazer", "Lazer", "300"),
        ("orçamento de transporte 400", "Transporte", "400"),
        ("limite de 500 para compras", "Compras", "500"),
        ("teto de 200 pra ifood", "Alimentação", "200"),
        ("não quero passar de 300 em lazer", "Lazer", "300"),
        ("define um limite de 1.000 no mercado", "Alimentação", "1000"),
        ("meta de gastos com lazer: 300", "Lazer", "300"),
        ("quero gastar até 600 com comida por mês", "Alimentação", "600"),
        ("orçamento mensal de saúde R$ 250,00", "Saúde", "250"),
        ("limite alimentação 800", "Alimentação", "800"),
        ("Meu orçamento pra educação é de quinhentos reais", "Educação", "500"),
        ("coloca um teto de 150 em uber", "Transporte", "150"),
        ("no máximo 1.200 de mercado por mês", "Alimentação", "1200"),
    ],
)
def test_a_monthly_limit_for_a_category_is_a_budget(text: str, category: str, amount: str) -> None:
    assert understand(text, TUESDAY) == SetBudget(category, _money(amount))


def test_a_limit_without_a_category_asks_which_category() -> None:
    intent = understand("meu limite total é 3000", TUESDAY)
    assert isinstance(intent, Clarification)
    assert intent.reason == "missing_budget_category"
    assert "R$ 3.000,00" in intent.message


def test_a_limit_without_an_amount_asks_how_much() -> None:
    intent = understand("quero um limite pra lazer", TUESDAY)
    assert isinstance(intent, Clarification)
    assert intent.reason == "missing_budget_amount"
    assert "Lazer" in intent.message


def test_a_weekly_limit_is_asked_back_because_limits_are_monthly() -> None:
    intent = understand("limite de 100 por semana com lazer", TUESDAY)
    assert isinstance(intent, Clarification)
    assert intent.reason == "budget_period"


@pytest.mark.parametrize("text", ["qual meu limite de lazer?", "quanto falta pro limite de lazer?"])
def test_a_question_about_a_limit_does_not_set_one(text: str) -> None:
    assert not isinstance(understand(text, TUESDAY), (SetBudget, Clarification))


def test_a_credit_card_limit_is_neither_a_budget_nor_an_expense() -> None:
    assert isinstance(understand("aumentaram o limite do cartão para 5000", TUESDAY), NotUnderstood)


def test_an_expense_said_with_no_maximo_is_still_an_expense() -> None:
    assert isinstance(understand("gastei no máximo 50 no almoço", TUESDAY), ExpenseIntent)


# -- recurring ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "day", "amount", "category", "description"),
    [
        ("todo dia 8 pago 1.800 de aluguel", 8, "1800", "Moradia", "aluguel"),
        ("todo mês dia 10 tenho 99,90 de internet", 10, "99.90", "Contas", "internet"),
        ("aluguel de 1.800 todo dia 5", 5, "1800", "Moradia", "aluguel"),
        ("todo dia 5 pago 120 de academia", 5, "120", "Saúde", "academia"),
        ("internet 99,90 todo dia 10", 10, "99.90", "Contas", "internet"),
        ("todo dia 1º pago o condomínio de 650", 1, "650", "Moradia", "condomínio"),
        ("todo dia primeiro pago 650 de condomínio", 1, "650", "Moradia", "condomínio"),
        ("pago 1.800 de aluguel todo dia 8", 8, "1800", "Moradia", "aluguel"),
        ("mensalmente no dia 15 pago 89,90 de plano de saúde", 15, "89.90", "Saúde", "plano de saúde"),
        ("cadastra uma despesa fixa de 1.800 de aluguel no dia 8", 8, "1800", "Moradia", "aluguel"),
        ("spotify 21,90 todo dia 12 do mês", 12, "21.90", "Contas", "spotify"),
        ("todo dia 10 vence o boleto da faculdade de 890", 10, "890", "Contas", "boleto da faculdade"),
        ("todos os meses dia 20 pago 45 de celular", 20, "45", "Contas", "celular"),
        ("no último dia do mês pago 300 de escola, é fixo", 31, "300", "Educação", "escola"),
        ("todo dia 31 pago 200 de academia", 31, "200", "Saúde", "academia"),
        ("Netflix 55,90 todo dia 3", 3, "55.90", "Contas", "Netflix"),
    ],
)
def test_a_bill_on_a_day_of_every_month_is_a_recurring_expense(
    text: str, day: int, amount: str, category: str, description: str
) -> None:
    assert understand(text, TUESDAY) == AddRecurring(day, _money(amount), category, description)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("netflix 55,90 todo mês", "missing_recurring_day"),
        ("todo mês pago 1.800 de aluguel", "missing_recurring_day"),
        ("aluguel 1800 por mês", "missing_recurring_day"),
        ("todo dia 8 pago 1.800", "missing_description"),
        ("todo dia 8 pago o aluguel", "missing_amount"),
        ("todo dia gasto 10 de café", "recurring_frequency"),
        ("toda semana gasto 50 na feira", "recurring_frequency"),
        ("todo 5º dia útil pago 1.800 de aluguel", "recurring_day"),
    ],
)
def test_a_recurring_expense_missing_a_piece_is_asked_back(text: str, reason: str) -> None:
    intent = understand(text, TUESDAY)
    assert isinstance(intent, Clarification)
    assert intent.reason == reason


@pytest.mark.parametrize(
    "text",
    [
        "paguei 1.800 de aluguel dia 8",
        "conta fixa de luz 150",
        "mensalidade da academia 120 dia 5",
        "Netflix 55,90 dia 3",
    ],
)
def test_a_one_off_expense_on_a_day_is_not_taken_for_a_recurring_one(text: str) -> None:
    assert isinstance(understand(text, TUESDAY), ExpenseIntent)


@pytest.mark.parametrize("text", ["quanto gasto por mês com aluguel?", "quais são meus gastos fixos?"])
def test_a_question_about_monthly_spending_stays_a_question(text: str) -> None:
    assert isinstance(understand(text, TUESDAY), SpendingQuestion)


# -- export ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "period", "file_format"),
    [
        ("me manda a planilha", None, "xlsx"),
        ("exporta outubro em CSV", OCTOBER, "csv"),
        ("quero meus dados", None, "xlsx"),
        ("manda o excel do mês passado", LAST_MONTH, "xlsx"),
        ("quero baixar tudo", None, "xlsx"),
        ("exporta", None, "xlsx"),
        ("exportar meus gastos de 2025", Period(date(2025, 1, 1), date(2025, 12, 31), "em 2025"), "xlsx"),
        ("me envia o arquivo csv de setembro", Period(date(2026, 9, 1), date(2026, 9, 30), "em setembro"), "csv"),
        ("backup dos meus dados", None, "xlsx"),
        ("gera uma planilha com tudo", None, "xlsx"),
        ("exporta este mês", NOVEMBER, "xlsx"),
        ("Me manda a planilha em excel", None, "xlsx"),
    ],
)
def test_asking_for_the_data_as_a_file_is_an_export(text: str, period: Period | None, file_format: str) -> None:
    assert understand(text, TUESDAY) == ExportRequest(period, file_format)


def test_an_export_in_a_format_we_do_not_make_asks_for_one_we_do() -> None:
    intent = understand("manda em pdf", TUESDAY)
    assert isinstance(intent, Clarification)
    assert intent.reason == "export_format"
    assert "xlsx" in intent.message and "CSV" not in intent.message, "WhatsApp takes no CSV document"


@pytest.mark.parametrize(
    "text", ["assinatura do excel 40", "me manda os gastos de outubro", "qual o total da planilha?"]
)
def test_expenses_and_questions_that_mention_files_are_not_exports(text: str) -> None:
    assert not isinstance(understand(text, TUESDAY), ExportRequest)


# -- yes / no ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "sim",
        "Sim!",
        "pode",
        "isso",
        "claro",
        "s",
        "ok",
        "beleza",
        "pode sim",
        "isso mesmo",
        "sim, pode colocar",
        "claro que sim",
        "com certeza",
        "sim por favor",
        "pode ser",
        "ss",
        "exato",
        "tá bom",
        "uhum",
        "sim 👍",
        "SIM",
        "correto",
        "fechado",
    ],
)
def test_a_yes_is_a_confirmation(text: str) -> None:
    assert understand(text, TUESDAY) == Confirmation(True)


@pytest.mark.parametrize(
    "text",
    [
        "não",
        "nao",
        "Não!",
        "deixa",
        "n",
        "não, obrigado",
        "deixa pra lá",
        "esquece",
        "pode deixar",
        "agora não",
        "não quero",
        "nem pensar",
        "claro que não",
        "melhor não",
        "não precisa",
        "negativo",
        "nn",
    ],
)
def test_a_no_is_a_confirmation_that_says_no(text: str) -> None:
    assert understand(text, TUESDAY) == Confirmation(False)


@pytest.mark.parametrize("text", ["👍", "👍🏽", "✅", "👌"])
def test_a_thumbs_up_answers_yes_when_we_asked_something(text: str) -> None:
    assert understand(text, TUESDAY, awaiting_confirmation=True) == Confirmation(True)


@pytest.mark.parametrize("text", ["👎", "❌"])
def test_a_thumbs_down_answers_no_when_we_asked_something(text: str) -> None:
    assert understand(text, TUESDAY, awaiting_confirmation=True) == Confirmation(False)


def test_a_lone_emoji_out_of_the_blue_still_gets_help() -> None:
    assert isinstance(understand("👍", TUESDAY), NotUnderstood)


def test_cancela_answers_no_to_a_pending_question_and_undoes_otherwise() -> None:
    assert understand("cancela", TUESDAY, awaiting_confirmation=True) == Confirmation(False)
    assert understand("cancela", TUESDAY) == UndoLast()


@pytest.mark.parametrize("text", ["obrigado", "oi", "bom dia!", "tudo bem?", "não sei", "ajuda"])
def test_chatter_is_not_a_yes_or_a_no(text: str) -> None:
    assert not isinstance(understand(text, TUESDAY), Confirmation)


def test_a_no_followed_by_a_category_corrects_instead_of_refusing() -> None:
    assert understand("não, coloca em lazer", TUESDAY) == CorrectLast(category="Lazer")
    assert understand("sim, mas o valor é 52", TUESDAY) == CorrectLast(amount=Decimal("52.00"))
