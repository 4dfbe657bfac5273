"""`make build`'s glibc check: a shared object needing a newer glibc than python3.11's Amazon Linux 2 (2.26) fails
the build; the versions are read from the ELF file itself, as the dynamic linker reads them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pydantic_core
import pytest

from scripts.check_glibc import RUNTIME_GLIBC, main, needed_versions, required_glibc, too_new

SYSTEM_LIB = Path("/usr/lib/x86_64-linux-gnu/libstdc++.so.6")
OLD_WHEEL_LIB = next(Path(pydantic_core.__file__).parent.glob("*.so"), None)  # a manylinux2014 wheel's library


def _readelf_glibc(path: Path) -> set[str]:
    output = subprocess.run(["readelf", "-V", "-W", str(path)], capture_output=True, text=True, check=True).stdout  # noqa: S603, S607
    in_needs = output.split("Version needs section", 1)[-1] if "Version needs section" in output else ""
    return {word for word in in_needs.replace(":", " ").split() if word.startswith("GLIBC_")}


@pytest.mark.skipif(not SYSTEM_LIB.exists() or shutil.which("readelf") is None, reason="needs libstdc++ and readelf")
def test_the_versions_read_are_the_ones_readelf_reports() -> None:
    ours = {name for name in needed_versions(SYSTEM_LIB.resolve().read_bytes()) if name.startswith("GLIBC_")}

    assert ours == _readelf_glibc(SYSTEM_LIB.resolve())
    assert required_glibc(SYSTEM_LIB.resolve()) > (2, 26)


@pytest.mark.skipif(not SYSTEM_LIB.exists() or OLD_WHEEL_LIB is None, reason="needs libstdc++ and the dev venv")
def test_a_build_with_a_library_too_new_for_the_runtime_fails_and_names_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert OLD_WHEEL_LIB is not None
    layer = tmp_path / "FinAssistLayer" / "python"
    (layer / "old").mkdir(parents=True)
    (layer / "new").mkdir(parents=True)
    shutil.copy(OLD_WHEEL_LIB, layer / "old" / OLD_WHEEL_LIB.name)
    shutil.copy(SYSTEM_LIB.resolve(), layer / "new" / "libstdc++.so.6")

    code = main(str(tmp_path), "python3.11")

    out = capsys.readouterr().out
    assert code == 1
    assert "new/libstdc++.so.6 needs GLIBC_2." in out and "python3.11 has 2.26" in out
    assert OLD_WHEEL_LIB.name not in out, "a manylinux2014 wheel is fine"
    assert set(too_new(tmp_path, RUNTIME_GLIBC["python3.11"])) == {layer / "new" / "libstdc++.so.6"}


def test_a_build_without_native_code_passes(tmp_path: Path) -> None:
    (tmp_path / "ParseMessageFunction").mkdir()
    (tmp_path / "ParseMessageFunction" / "app.py").write_text("def handler(event, context): ...\n")

    assert main(str(tmp_path), "python3.11") == 0
