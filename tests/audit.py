"""`make audit`: known vulnerabilities in what begroting installs, and a verdict that never passes unchecked.

pip-audit counts a dependency it cannot look up as "skipped" and still prints "No known
vulnerabilities found" with exit code 0 - also when the vulnerability service is unreachable and
nothing at all was checked. This wrapper audits an explicit list and judges pip-audit's JSON:

- the installed closure of `begroting-cli[all,dask]` (what a user installs; not pip-audit's own
  dependencies nor the test tools), pinned `name==version`, looked up without pip (`--no-deps
  --disable-pip`), so the audit is of exactly these versions;
- with `--lower-bounds`: each direct dependency at the lower bound `pyproject.toml` allows, so a
  bound that still admits a version with a known advisory fails.

Exit 0: every package was looked up and none has an advisory. 1: advisories (one line each).
2: the vulnerability database could not be reached, or some packages could not be looked up - one
line saying so; never "no vulnerabilities" without a check. Extra arguments go to pip-audit, e.g.
`-s osv --osv-url http://mirror.internal/v1/query` for an OSV mirror on a network without PyPI's
JSON API.

    python -m tests.audit [--lower-bounds] [PIP_AUDIT_ARGS...]
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

PROJECT = "begroting-cli"
EXTRAS = ("all", "dask")
EXIT_CLEAN, EXIT_FOUND, EXIT_UNCHECKED = 0, 1, 2


def installed_closure(project: str = PROJECT, extras: tuple[str, ...] = EXTRAS) -> dict[str, str]:
    """name -> installed version of every distribution `project[extras]` pulls in (not the project)."""
    found: dict[str, str] = {}
    todo = [(project, set(extras))]
    seen: set[tuple[str, frozenset[str]]] = set()
    while todo:
        name, wanted = todo.pop()
        key = (canonicalize_name(name), frozenset(wanted))
        if key in seen:
            continue
        seen.add(key)
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        if canonicalize_name(name) != canonicalize_name(project):
            found[canonicalize_name(name)] = dist.version
        envs = [{"extra": e} for e in sorted(wanted)] or [{"extra": ""}]
        for line in dist.requires or []:
            req = Requirement(line)
            if req.marker is None or any(req.marker.evaluate(env) for env in envs):
                todo.append((req.name, set(req.extras)))
    return found


def lower_bounds(pyproject: Path) -> dict[str, str]:
    """name -> the `>=` bound of each dependency in pyproject.toml (also the extras')."""
    import tomllib

    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    lines = list(project.get("dependencies", []))
    for group in project.get("optional-dependencies", {}).values():
        lines += group
    bounds: dict[str, str] = {}
    for line in lines:
        req = Requirement(line)
        if canonicalize_name(req.name) == PROJECT:
            continue
        for spec in req.specifier:
            if spec.operator == ">=":
                name = canonicalize_name(req.name)
                old = bounds.get(name)
                bounds[name] = spec.version if old is None else max(old, spec.version, key=_version_key)
    return bounds


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", version))


def run_pip_audit(pins: dict[str, str], extra_args: list[str]) -> tuple[dict | None, str]:
    """pip-audit's JSON for `pins` (None when it produced none) and its last stderr line."""
    with tempfile.TemporaryDirectory() as tmp:
        reqs = Path(tmp, "requirements.txt")
        reqs.write_text("".join(f"{n}=={v}\n" for n, v in sorted(pins.items())), encoding="utf-8")
        out = Path(tmp, "audit.json")
        proc = subprocess.run([sys.executable, "-m", "pip_audit", "--no-deps", "--disable-pip", "-r", str(reqs),
                               "-f", "json", "-o", str(out), "--progress-spinner", "off", *extra_args],
                              capture_output=True, text=True, check=False)
        last = (proc.stderr.strip().splitlines() or [""])[-1]
        if not out.exists() or not out.read_text(encoding="utf-8").strip():
            return None, last
        return json.loads(out.read_text(encoding="utf-8")), last


def verdict(report: dict | None, last_error: str, what: str) -> tuple[int, list[str]]:
    """The exit code and the lines to print for one pip-audit report."""
    if report is None:
        return EXIT_UNCHECKED, [f"audit: no vulnerability database reachable, nothing was checked ({last_error})"]
    deps = report.get("dependencies", [])
    skipped = [d for d in deps if d.get("skip_reason")]
    checked = len(deps) - len(skipped)
    if deps and not checked:
        reason = skipped[0]["skip_reason"]
        return EXIT_UNCHECKED, [f"audit: no vulnerability database reachable, nothing was checked: 0 of {len(deps)} "
                                f"{what} could be looked up (pip-audit: {reason})"]
    found = [f"audit: {d['name']} {d['version']}: {v['id']}"
             + (f" (fixed in {', '.join(v['fix_versions'])})" if v.get("fix_versions") else " (no fix yet)")
             for d in deps for v in d.get("vulns", [])]
    lines = list(found)
    if skipped:
        lines.append(f"audit: {len(skipped)} of {len(deps)} {what} could not be looked up, so not checked: "
                     + ", ".join(f"{d['name']} {d.get('version', '?')}" for d in skipped))
    if found:
        return EXIT_FOUND, lines
    if skipped:
        return EXIT_UNCHECKED, lines
    return EXIT_CLEAN, [f"audit: {checked} {what} checked: no known vulnerability"]


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if "--lower-bounds" in args:
        args.remove("--lower-bounds")
        pins = lower_bounds(Path(__file__).resolve().parents[1] / "pyproject.toml")
        what = "lower bounds of pyproject.toml"
    else:
        pins = installed_closure()
        what = f"installed dependencies of {PROJECT}[{','.join(EXTRAS)}]"
    if not pins:
        print(f"audit: no {what} found (is {PROJECT} installed in this environment?)", file=sys.stderr)
        return EXIT_UNCHECKED
    code, lines = verdict(*run_pip_audit(pins, args), what)
    for line in lines:
        print(line, file=sys.stderr if code else sys.stdout)
    return code


if __name__ == "__main__":
    sys.exit(main())
