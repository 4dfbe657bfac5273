"""Settings are said once: each field's default and variable name live on the field, and one reader converts the
environment's text by the field's type."""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from finassist.local.stack import project_root
from finassist.local.template import load
from finassist.settings import ENV, Settings, from_environ

VARIABLES = {setting.metadata[ENV]: setting.name for setting in fields(Settings) if ENV in setting.metadata}


def test_an_empty_environment_gives_every_default() -> None:
    assert from_environ({}) == Settings()
    assert from_environ({}).assistant_engine == "offline" and from_environ({}).openai_api_key_env == ""


def test_every_variable_template_yaml_sets_is_a_setting_powertools_aside() -> None:
    template = load(project_root())
    set_there = {name for function in template.functions.values() for name in function.environment}

    assert {name for name in set_there if not name.startswith("POWERTOOLS_")} <= set(VARIABLES)


def test_each_variable_is_read_by_its_name_and_converted_by_the_fields_type() -> None:
    settings = from_environ(
        {
            "CHANNEL": "twilio",
            "USERS_TABLE": "stack-Users",
            "POLL_SECONDS": " 3",
            "TURN_WAIT_SECONDS": "2.5",
            "OFFLINE_FIRST": "Off",
            "FINASSIST_DATA_DIR": "/tmp/finassist",
            "FINASSIST_NOW": "2026-11-24T10:00:00-03:00",
            "GRAPH_MODE": "rest",
            "RECURRING_NOTICE_TEMPLATE_SID": "HX123",
        }
    )

    assert settings.channel == "twilio"
    assert settings.users_table == "stack-Users"
    assert settings.poll_seconds == 3
    assert settings.turn_wait_seconds == 2.5
    assert settings.offline_first is False
    assert settings.data_dir == Path("/tmp/finassist")
    assert settings.frozen_now == datetime(2026, 11, 24, 10, tzinfo=timezone(timedelta(hours=-3)))
    assert settings.graph_mode == "rest"
    assert settings.recurring_notice_template == "HX123"


@pytest.mark.parametrize("text", ["true", "1", "yes", ""])
def test_a_flag_is_on_unless_the_variable_says_false(text: str) -> None:
    assert from_environ({"OFFLINE_FIRST": text}).offline_first is True


def test_an_empty_choice_or_empty_time_is_the_default() -> None:
    settings = from_environ({"LEDGER": "", "OFFLINE_STORE": "", "FINASSIST_NOW": ""})

    assert (settings.ledger, settings.offline_store, settings.frozen_now) == ("xlsx", "files", None)


def test_a_choice_outside_its_list_is_refused_with_the_variable_named() -> None:
    with pytest.raises(ValueError, match="LEDGER must be one of"):
        from_environ({"LEDGER": "sheets"})


def test_a_number_that_is_not_one_is_refused() -> None:
    with pytest.raises(ValueError):
        from_environ({"MAX_TOOL_ROUNDS": "four"})


def test_a_developers_key_chooses_the_real_model_unless_the_engine_is_named() -> None:
    assert from_environ({"OPENAI_API_KEY": "sk-dev"}).assistant_engine == "openai"
    assert from_environ({"OPENAI_API_KEY": "sk-dev"}).openai_api_key_env == "OPENAI_API_KEY"
    assert from_environ({"OPENAI_API_KEY": "sk-dev", "ASSISTANT_ENGINE": "offline"}).assistant_engine == "offline"


def test_settings_without_a_variable_are_never_read_from_the_environment() -> None:
    settings = from_environ({"OPENAI_TIMEOUT_SECONDS": "1", "TIMEZONE": "UTC", "OPENAI_API_KEY_ENV": "X"})

    assert (settings.openai_timeout_seconds, settings.timezone, settings.openai_api_key_env) == (
        20.0,
        "America/Sao_Paulo",
        "",
    )
