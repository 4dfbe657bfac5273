"""The same ASL on AWS Step Functions Local through testcontainers: only where a Docker engine runs."""

from __future__ import annotations

import pytest


def docker_engine_problem() -> str | None:
    """Why there is no usable Docker engine here, or None when there is one."""
    try:
        import docker

        docker.from_env(timeout=3).ping()
    except Exception as exc:  # noqa: BLE001 - any failure means "no engine", and the reason is printed
        return f"no Docker engine ({type(exc).__name__}: {str(exc)[:120]})"
    return None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    problem = docker_engine_problem()
    for item in items:
        if "tests/docker" in str(item.fspath):
            item.add_marker(pytest.mark.docker)
            if problem:
                item.add_marker(pytest.mark.skip(reason=f"{problem}: the embedded stack covers the same paths"))
