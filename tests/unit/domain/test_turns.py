"""One turn per sender, as pure rules: order of arrival, leases that expire, heads that never arrive."""

from __future__ import annotations

from finassist.domain.turns import TurnRules, TurnState, enqueue, release, renew, try_take

RULES = TurnRules(lease_seconds=300, start_grace_seconds=120)


def queued(*sids: str, now: float = 0.0) -> TurnState:
    state = TurnState()
    for sid in sids:
        state = enqueue(state, sid, now) or state
    return state


def test_messages_queue_in_the_order_the_webhook_accepted_them() -> None:
    assert queued("SM1", "SM2", "SM3").queue == ("SM1", "SM2", "SM3")


def test_a_message_delivered_twice_keeps_its_first_place() -> None:
    state = queued("SM1", "SM2")
    assert enqueue(state, "SM1", 5.0) is None


def test_the_head_takes_the_turn_and_holds_it_with_a_lease() -> None:
    decision = try_take(queued("SM1", "SM2"), "SM1", 10.0, RULES)
    assert decision.outcome == "taken"
    assert decision.state is not None
    assert decision.state.holder == "SM1" and decision.state.lease_until == 310.0


def test_a_later_message_waits_while_the_head_is_alive() -> None:
    state = try_take(queued("SM1", "SM2"), "SM1", 10.0, RULES).state
    assert state is not None
    decision = try_take(state, "SM2", 200.0, RULES)
    assert decision.outcome == "wait" and decision.ahead == 1 and decision.state is None


def test_taking_the_turn_again_after_a_retry_changes_nothing() -> None:
    state = try_take(queued("SM1"), "SM1", 10.0, RULES).state
    assert state is not None
    again = try_take(state, "SM1", 11.0, RULES)
    assert again.outcome == "taken" and again.state is None


def test_a_holder_whose_lease_ran_out_is_evicted_so_the_next_message_goes() -> None:
    state = try_take(queued("SM1", "SM2"), "SM1", 10.0, RULES).state
    assert state is not None
    decision = try_take(state, "SM2", 310.0, RULES)
    assert decision.outcome == "taken"
    assert decision.state is not None and decision.state.queue == ("SM2",) and decision.state.holder == "SM2"


def test_a_head_that_never_came_for_its_turn_is_evicted_after_the_grace() -> None:
    state = queued("SM1", "SM2", now=0.0)
    assert try_take(state, "SM2", 119.0, RULES).outcome == "wait"
    decision = try_take(state, "SM2", 120.0, RULES)
    assert decision.outcome == "taken" and decision.state is not None and decision.state.queue == ("SM2",)


def test_only_the_next_in_line_moves_up_when_a_head_dies() -> None:
    state = queued("SM1", "SM2", "SM3", now=0.0)
    decision = try_take(state, "SM3", 500.0, RULES)
    assert decision.outcome == "wait" and decision.ahead == 1
    assert decision.state is not None and decision.state.queue == ("SM2", "SM3")


def test_release_passes_the_turn_and_starts_the_next_heads_grace() -> None:
    state = try_take(queued("SM1", "SM2"), "SM1", 10.0, RULES).state
    assert state is not None
    after = release(state, "SM1", 42.0)
    assert after is not None
    assert after.queue == ("SM2",) and after.holder == "" and after.head_since == 42.0


def test_a_message_that_fails_before_its_turn_leaves_the_queue_without_disturbing_the_holder() -> None:
    state = try_take(queued("SM1", "SM2", "SM3"), "SM1", 10.0, RULES).state
    assert state is not None
    after = release(state, "SM2", 20.0)
    assert after is not None
    assert after.queue == ("SM1", "SM3") and after.holder == "SM1" and after.lease_until == 310.0


def test_releasing_twice_is_harmless() -> None:
    state = release(queued("SM1"), "SM1", 1.0)
    assert state is not None
    assert release(state, "SM1", 2.0) is None


def test_a_message_missing_from_the_queue_joins_its_end_instead_of_jumping_ahead() -> None:
    decision = try_take(queued("SM1"), "SM9", 1.0, RULES)
    assert decision.outcome == "wait" and decision.state is not None
    assert decision.state.queue == ("SM1", "SM9")


def test_a_step_renews_the_lease_only_when_the_last_renewal_is_older_than_the_renewal_interval() -> None:
    taken = try_take(queued("SM1"), "SM1", 10.0, RULES).state
    assert taken is not None and taken.lease_until == 310.0

    assert renew(taken, "SM1", 10.0 + RULES.renew_after_seconds - 1, RULES) is None  # no write moments later
    renewed = renew(taken, "SM1", 10.0 + RULES.renew_after_seconds + 1, RULES)
    assert renewed is not None and renewed.lease_until == 10.0 + RULES.renew_after_seconds + 1 + 300


def test_only_the_holder_renews() -> None:
    taken = try_take(queued("SM1", "SM2"), "SM1", 10.0, RULES).state
    assert taken is not None
    assert renew(taken, "SM2", 200.0, RULES) is None
