from finassist.local.invoke import prepare
from finassist.local.stack import EmbeddedStack


def test_the_final_text_comes_back_in_whatsapp_sized_parts(stack: EmbeddedStack) -> None:
    result = stack.call("fetch_reply", prepare(stack, "fetch_reply"))
    assert result == {"parts": ["Anotado! ✅ R$ 45,00 em Alimentação (almoço), 24/11."], "media": []}


def test_the_assistant_run_time_is_measured_from_the_runs_start() -> None:
    from finassist.flow import run_seconds

    assert run_seconds(100.0, now=102.5) == 2.5
    assert run_seconds(None) is None
    assert run_seconds(200.0, now=100.0) == 0.0
