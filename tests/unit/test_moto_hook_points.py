"""The embedded stack replaces private moto internals; if a moto upgrade moves them, fail here, loudly."""

import inspect

import moto
from moto.awslambda.models import LambdaFunction
from moto.dynamodb.responses import DynamoHandler
from moto.stepfunctions.parser.asl.component.common.retry import retrier_decl
from moto.stepfunctions.parser.asl.component.state.wait.wait_function.wait_function import WaitFunction


def test_moto_is_the_pinned_version() -> None:
    assert moto.__version__ == "5.2.5", "the embedded stack's hooks were verified on moto 5.2.5 only"


def test_lambda_invocations_still_go_through_invoke_lambda() -> None:
    assert list(inspect.signature(LambdaFunction._invoke_lambda).parameters) == ["self", "event"]
    assert "self._invoke_lambda(" in inspect.getsource(LambdaFunction.invoke)


def test_wait_states_still_sleep_in_wait_interval() -> None:
    assert list(inspect.signature(WaitFunction._wait_interval).parameters) == ["self", "env", "wait_seconds"]


def test_retry_back_off_still_sleeps_through_the_time_module() -> None:
    assert "time.sleep(" in inspect.getsource(retrier_decl.RetrierDecl._eval_body)


def test_every_dynamodb_request_still_goes_through_one_call_action() -> None:
    assert list(inspect.signature(DynamoHandler.call_action).parameters) == ["self"]
    assert "super().call_action()" in inspect.getsource(DynamoHandler.call_action)
