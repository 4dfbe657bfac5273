"""After `sam build`: no shared object in a function or layer may need a newer glibc than the Lambda runtime has.

A wheel built for a newer glibc installs fine and then fails on its first import in Lambda
("version `GLIBC_2.28' not found"). python3.11 runs on Amazon Linux 2, whose glibc is 2.26 (AWS SAM's own
builder, aws-lambda-builders `workflows/python_pip/packager.py`, maps cp311 to (2, 26); Lambda's runtime table lists
python3.11 on Amazon Linux 2): docs/decisions.md. The versions a library needs are read from its ELF
`.gnu.version_r` section (the symbol versions the dynamic linker checks), with no tool beyond Python.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

RUNTIME_GLIBC = {"python3.11": (2, 26), "python3.12": (2, 34), "python3.13": (2, 34)}
SHT_GNU_VERNEED = 0x6FFFFFFE

Version = tuple[int, ...]


def _glibc(name: str) -> Version | None:
    if not name.startswith("GLIBC_"):
        return None
    try:
        return tuple(int(part) for part in name.removeprefix("GLIBC_").split("."))
    except ValueError:
        return None  # GLIBC_PRIVATE


def needed_versions(data: bytes) -> set[str]:
    """Every version name (GLIBC_2.17, GCC_3.0, ...) an ELF shared object needs from its libraries."""
    if data[:4] != b"\x7fELF":
        return set()
    wide, endian = data[4] == 2, "<" if data[5] == 1 else ">"
    if wide:
        shoff, shentsize, shnum = struct.unpack_from(endian + "Q10xHH", data, 0x28)
        section = struct.Struct(endian + "IIQQQQIIQQ")
    else:
        shoff, shentsize, shnum = struct.unpack_from(endian + "I10xHH", data, 0x20)
        section = struct.Struct(endian + "IIIIIIIIII")
    headers = [section.unpack_from(data, shoff + index * shentsize) for index in range(shnum)]
    names: set[str] = set()
    for _, kind, _, _, offset, _size, link, count, _, _ in headers:
        if kind != SHT_GNU_VERNEED:
            continue
        strings = headers[link][4]
        entry = offset
        for _ in range(count):
            _, aux_count, _, aux, following = struct.unpack_from(endian + "HHIII", data, entry)
            aux_at = entry + aux
            for _ in range(aux_count):
                _, _, _, name, aux_next = struct.unpack_from(endian + "IHHII", data, aux_at)
                end = data.index(b"\0", strings + name)
                names.add(data[strings + name : end].decode("ascii", "replace"))
                aux_at += aux_next
            if not following:
                break
            entry += following
    return names


def required_glibc(path: Path) -> Version:
    """The newest glibc version the object needs ((0,) when it needs none)."""
    versions = [v for name in needed_versions(path.read_bytes()) if (v := _glibc(name))]
    return max(versions, default=(0,))


def too_new(folder: Path, limit: Version) -> dict[Path, Version]:
    """The shared objects under folder that need a glibc newer than limit."""
    found = {}
    for path in sorted(folder.rglob("*.so*")):
        if path.is_file() and not path.is_symlink():
            needed = required_glibc(path)
            if needed > limit:
                found[path] = needed
    return found


def main(build_dir: str = ".aws-sam/build", runtime: str = "python3.11") -> int:
    limit = RUNTIME_GLIBC[runtime]
    build = Path(build_dir)
    objects = [p for p in build.rglob("*.so*") if p.is_file()]
    offenders = too_new(build, limit)
    shown = ".".join(map(str, limit))
    for path, needed in offenders.items():
        print(f"{path.relative_to(build)} needs GLIBC_{'.'.join(map(str, needed))}; {runtime} has {shown}")
    print(f"{len(objects)} shared objects checked against glibc {shown} ({runtime}): {len(offenders)} too new")
    return 1 if offenders else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
