"""docs/cli.md: the command-line reference, generated from `--help` (the sqlite-utils / cog idea).

    .venv/bin/python -m tests.cli_reference --update     # or: make docs

`tests/test_docs.py` fails when the file is out of date, or when a command or option is missing from it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from typer.main import get_command
from typer.testing import CliRunner

from begroting_cli.cli import app

DOC = Path(__file__).resolve().parent.parent / "docs" / "cli.md"
HEADER = """# Command-line reference

Generated from `begroting COMMAND --help` by `make docs` (tests/cli_reference.py); do not edit by hand.
`tests/test_docs.py` fails when this file is out of date or misses a command or option.
"""


def commands() -> list[str]:
    group = get_command(app)
    return sorted(group.commands)  # type: ignore[attr-defined]


def options(command: str) -> list[str]:
    """Every option string of a command (`--format`, `-f`, ...), from the command itself, not its help."""
    cmd = get_command(app).commands[command]  # type: ignore[attr-defined]
    return [o for p in cmd.params if p.param_type_name == "option" for o in (*p.opts, *p.secondary_opts)]


def help_text(args: list[str]) -> str:
    result = CliRunner().invoke(app, [*args, "--help"], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    return result.stdout


def render() -> str:
    parts = [HEADER, "## begroting\n", "```text\n" + help_text([]) + "```\n"]
    for name in commands():
        parts += [f"## begroting {name}\n", "```text\n" + help_text([name]) + "```\n"]
    return "\n".join(parts)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--update", action="store_true", help="rewrite docs/cli.md")
    args = ap.parse_args()
    text = render()
    if args.update:
        DOC.parent.mkdir(exist_ok=True)
        DOC.write_text(text, encoding="utf-8")
        return 0
    current = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
    if current != text:
        print("docs/cli.md is out of date: run make docs", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
