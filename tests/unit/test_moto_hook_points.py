"""The embedded stack replaces private moto internals; if a moto upgrade moves them, fail here, loudly."""

import inspect
from pathlib import Path

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


# -- the payload limit and the terminal errors (finassist/local/sfn_limits.py) -----------------------------------


def test_catch_and_retry_still_match_error_names_in_error_equals_decl() -> None:
    from moto.stepfunctions.parser.asl.component.common.error_name.error_equals_decl import ErrorEqualsDecl

    assert list(inspect.signature(ErrorEqualsDecl._eval_body).parameters) == ["self", "env"]
    assert "_STATE_ALL_ERROR" in inspect.getsource(ErrorEqualsDecl._eval_body)
    assert "self.error_names" in inspect.getsource(ErrorEqualsDecl.__init__)


def test_a_states_output_is_still_checked_in_verify_size_quota() -> None:
    from moto.stepfunctions.parser.asl.component.state.state import CommonStateField

    assert list(inspect.signature(CommonStateField._verify_size_quota).parameters) == ["self", "env", "value"]
    assert "self._verify_size_quota(env=env, value=env.states.get_input())" in inspect.getsource(
        CommonStateField._eval_body
    )


def test_a_lambda_tasks_payload_still_goes_through_eval_parameters_and_its_result_through_verify_size_quota() -> None:
    from moto.stepfunctions.parser.asl.component.state.exec.state_task.state_task_lambda import StateTaskLambda

    assert list(inspect.signature(StateTaskLambda._eval_parameters).parameters) == ["self", "env"]
    assert list(inspect.signature(StateTaskLambda._verify_size_quota).parameters) == ["self", "env", "value"]
    execution = inspect.getsource(StateTaskLambda._eval_execution)
    assert "parameters = self._eval_parameters(env=env)" in execution
    assert 'payload = parameters["Payload"]' in execution
    assert "self._verify_size_quota(env=env, value=output)" in execution


def test_the_stack_restores_every_moto_attribute_it_replaced(tmp_path: Path) -> None:
    from finassist.local import sfn_limits
    from finassist.local.stack import EmbeddedStack

    originals = [(owner, name, getattr(owner, name)) for owner, name, _ in sfn_limits.patches()]
    with EmbeddedStack(tmp_path / "data"):
        assert all(getattr(owner, name) is not original for owner, name, original in originals)
    assert all(getattr(owner, name) is original for owner, name, original in originals)
