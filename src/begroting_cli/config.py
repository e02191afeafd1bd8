"""Project settings from a file, so a repository states its unit, fail-on level and ignored codes once.

Looked up from the working directory upwards: the first `begroting.toml` (top-level keys) or
`pyproject.toml` with a `[tool.begroting]` table wins. Options on the command line override it.

    [tool.begroting]
    unit = 1000
    fail-on = "warning"
    ignore = ["unit-inferred"]
    select = ["subtotal-*", "saldo-*"]
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import UsageError

KEYS = {"unit", "fail-on", "ignore", "select"}
FAIL_ON = ("error", "warning")


@dataclass(frozen=True)
class Config:
    unit: int | None = None
    fail_on: str | None = None
    ignore: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    path: Path | None = field(default=None, compare=False)


def _codes(value: Any, key: str, where: Path) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(x, str) and x for x in value):
        raise UsageError(f"{where}: {key} must be a list of diagnostic codes, such as [\"unit-inferred\"]")
    return tuple(value)


def from_table(table: dict[str, Any], where: Path) -> Config:
    """Check and convert one settings table; unknown keys and wrong types are usage errors naming the file."""
    unknown = sorted(set(table) - KEYS)
    if unknown:
        raise UsageError(f"{where}: unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(KEYS))}")
    unit = table.get("unit")
    if unit is not None and (isinstance(unit, bool) or not isinstance(unit, int) or unit < 1):
        raise UsageError(f"{where}: unit must be a positive whole multiplier such as 1000, not {unit!r}")
    fail_on = table.get("fail-on")
    if fail_on is not None and fail_on not in FAIL_ON:
        raise UsageError(f"{where}: fail-on must be one of {', '.join(FAIL_ON)}, not {fail_on!r}")
    return Config(unit=unit, fail_on=fail_on, ignore=_codes(table.get("ignore", []), "ignore", where),
                  select=_codes(table.get("select", []), "select", where), path=where)


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read the settings: {getattr(exc, 'strerror', None) or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: not valid TOML: {exc}") from None


def find_config(start: Path | None = None) -> Config:
    """The settings that apply in `start` (default: the working directory); empty when no file has any."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        own = folder / "begroting.toml"
        if own.is_file():
            return from_table(_read(own), own)
        project = folder / "pyproject.toml"
        if project.is_file():
            table = _read(project).get("tool", {}).get("begroting")
            if table is not None:
                if not isinstance(table, dict):
                    raise UsageError(f"{project}: [tool.begroting] must be a table")
                return from_table(table, project)
        if (folder / ".git").exists():
            break  # a repository's settings stop at its root
    return Config()


__all__ = ["Config", "find_config", "from_table"]
