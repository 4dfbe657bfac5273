"""Writes each state machine's ASL with its DefinitionSubstitutions resolved to well-formed ARNs, for
statelint: `python -m finassist.local.resolved_asl OUT_DIR` prints the files it wrote."""

import sys
from pathlib import Path

from finassist.local.stack import REGION, project_root
from finassist.local.template import load


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else ".")
    out.mkdir(parents=True, exist_ok=True)
    template = load(project_root())
    arns = {lid: f"arn:aws:lambda:{REGION}:123456789012:function:{lid}" for lid in template.functions}
    for logical_id, machine in template.state_machines.items():
        path = out / f"{logical_id}.asl.json"
        path.write_text(template.definition(arns, machine), encoding="utf-8")
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
