"""The layering written in docs/architecture.md holds: no cycles, short modules, and
every module of the PQR app belongs to one of its two declared layers."""

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Every package the import contract declares (a new app is checked once declared).
APPS = tuple(
    tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["root_packages"]
)
MAX_LINES = 450


def _modules(package: str):
    for path in sorted((ROOT / package).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def test_no_import_cycle_between_modules_or_layers():
    result = subprocess.run(
        [sys.executable, "scripts/import_cycles.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("no import cycles")


def test_no_module_is_longer_than_a_newcomer_can_hold():
    long = {
        str(path.relative_to(ROOT)): n
        for app in APPS
        for path in _modules(app)
        if (n := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}


def test_every_pqr_module_sits_in_one_declared_layer():
    """A new module in pqr/ must be placed in the records or the workflow layer of the
    import contract; otherwise the contract would not check it."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    layers = next(c["layers"] for c in config["contracts"] if c["type"] == "layers")
    declared = [n.strip() for layer in layers if layer.startswith("pqr.") for n in layer.split(":")]
    unplaced = []
    for path in _modules("pqr"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        if name == "pqr":
            continue
        owners = [d for d in declared if name == d or name.startswith(d + ".")]
        if len(owners) != 1:
            unplaced.append(name)
    assert unplaced == []
