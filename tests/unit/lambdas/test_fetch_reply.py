from finassist.local.invoke import prepare
from finassist.local.stack import EmbeddedStack


def test_the_final_text_comes_back_in_whatsapp_sized_parts(stack: EmbeddedStack) -> None:
    result = stack.call("fetch_reply", prepare(stack, "fetch_reply"))
    assert result == {"parts": ["Anotado! ✅ R$ 45,00 em Alimentação (almoço), 24/11."]}
