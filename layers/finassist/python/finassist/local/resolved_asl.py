"""Prints the ASL with its DefinitionSubstitutions resolved to well-formed ARNs, for statelint."""

from finassist.local.stack import REGION, project_root
from finassist.local.template import load


def main() -> None:
    template = load(project_root())
    arns = {lid: f"arn:aws:lambda:{REGION}:123456789012:function:{lid}" for lid in template.functions}
    print(template.definition(arns))


if __name__ == "__main__":
    main()
