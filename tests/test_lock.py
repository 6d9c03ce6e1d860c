"""The lock (requirements/lock-py3.X.txt) and the declared dependencies (issue #15).

`make serve` and `make test` install the exact versions in the lock for the running Python.
The first test checks that here: every locked distribution that is installed has its locked
version, and nothing is installed that the lock does not name. `make test-latest`, which
installs the newest releases on purpose, deselects it.
"""

from __future__ import annotations

import ast
import os
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from opsporing import paths

REPO = paths.REPO_ROOT
LOCKS = REPO / "requirements"
PYTHON = f"{sys.version_info[0]}.{sys.version_info[1]}"
THIS_LOCK = LOCKS / f"lock-py{PYTHON}.txt"
# In a venv but not in the lock: the installer itself, and the kit (editable, from this checkout).
NOT_LOCKED = {"pip", "setuptools", "wheel", "opsporing"}
LINE = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;]+)\s*(?:;(.*))?$")


def _lock(path: Path) -> list[tuple[str, str, Marker | None]]:
    """(canonical name, version, marker) for each pin in a lock file."""
    pins = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith(("#", "-")):
            continue
        match = LINE.match(line)
        assert match, f"{path.name}: not a pin: {raw!r}"
        name, version, marker = match.groups()
        pins.append((canonicalize_name(name), version, Marker(marker) if marker else None))
    return pins


def _pyproject() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _declared(*extras: str) -> list[Requirement]:
    """The requirements of the package and of the given extras, without the self-references."""
    project = _pyproject()
    lines = list(project["dependencies"])
    for extra in extras:
        lines += project["optional-dependencies"][extra]
    requirements = [Requirement(line) for line in lines]
    return [r for r in requirements if canonicalize_name(r.name) != "opsporing"]


def _locks() -> list[Path]:
    return sorted(LOCKS.glob("lock-py*.txt"))


def test_installed_versions_are_the_locked_ones() -> None:
    if not THIS_LOCK.exists():
        reason = f"no lock for Python {PYTHON} ({THIS_LOCK.name})"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    locked = {
        name: version
        for name, version, marker in _lock(THIS_LOCK)
        if marker is None or marker.evaluate()
    }
    installed = {
        canonicalize_name(dist.metadata["Name"]): dist.version for dist in metadata.distributions()
    }
    wrong = {
        name: f"{installed[name]} installed, {version} locked"
        for name, version in locked.items()
        if name in installed and installed[name] != version
    }
    unlocked = sorted(set(installed) - set(locked) - NOT_LOCKED)
    assert not (wrong or unlocked), (
        f"not the versions in {THIS_LOCK.name}: {wrong}; installed but not locked: {unlocked} "
        "(a dependency added without `make lock`, or an old .venv: `make clean test`)"
    )
    # The kit's own dependencies are all there: the lock is what was installed, not a bystander.
    missing = [
        r.name for r in _declared("postgres", "test") if canonicalize_name(r.name) not in installed
    ]
    assert not missing, f"declared but not installed: {missing}"


@pytest.mark.parametrize("lock", _locks(), ids=lambda path: path.name)
def test_each_lock_pins_every_declared_requirement_within_its_range(lock: Path) -> None:
    python = lock.stem.removeprefix("lock-py")
    pins = {}
    for name, version, _ in _lock(lock):
        pins.setdefault(name, []).append(Version(version))
    problems = []
    for requirement in _declared("postgres", "test"):
        name = canonicalize_name(requirement.name)
        if name not in pins:
            problems.append(f"{requirement.name} is not in the lock")
        elif not all(requirement.specifier.contains(v, prereleases=True) for v in pins[name]):
            problems.append(f"{requirement} but the lock has {[str(v) for v in pins[name]]}")
    assert not problems, f"{lock.name} is older than pyproject.toml (run `make lock`): {problems}"
    assert python in _lock_pythons(), f"{lock.name} is not refreshed by `make lock`"


def _lock_pythons() -> list[str]:
    match = re.search(r"^LOCK_PYTHONS :=(.*)$", (REPO / "Makefile").read_text(), re.MULTILINE)
    assert match, "Makefile has no LOCK_PYTHONS"
    return match.group(1).split()


def test_there_is_a_lock_for_each_python_make_lock_refreshes() -> None:
    assert [p.name for p in _locks()] == [f"lock-py{v}.txt" for v in _lock_pythons()]


def _imports(folder: Path) -> set[str]:
    """The top-level names of the absolute imports in every .py file under folder."""
    names = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names


def _local(folder: Path) -> set[str]:
    """Modules that live in the checkout itself (test helpers, benchmarks)."""
    return {p.stem for p in folder.rglob("*.py")} | {p.name for p in folder.iterdir() if p.is_dir()}


@pytest.mark.parametrize(
    ("folder", "extras"),
    [("src", ()), ("tests", ("postgres", "test")), ("benchmarks", ("postgres", "test"))],
)
def test_every_imported_package_is_declared(folder: str, extras: tuple[str, ...]) -> None:
    declared = {canonicalize_name(r.name) for r in _declared(*extras)}
    providers = metadata.packages_distributions()
    local = _local(REPO / folder) | {"opsporing", "benchmarks"}
    third_party = _imports(REPO / folder) - set(sys.stdlib_module_names) - local
    undeclared = {}
    for module in sorted(third_party):
        dists = {canonicalize_name(d) for d in providers.get(module, [])}
        if not dists & declared:
            undeclared[module] = sorted(dists) or "not installed"
    assert not undeclared, f"imported in {folder}/ but not declared in pyproject.toml: {undeclared}"


def test_environment_yml_installs_from_the_lock_for_its_python() -> None:
    text = (REPO / "environment.yml").read_text(encoding="utf-8")
    python = re.search(r"^\s*- python=(\d+\.\d+)\s*$", text, re.MULTILINE)
    constraint = re.search(r"^\s*- -c (requirements/lock-py[\d.]+\.txt)\s*$", text, re.MULTILINE)
    assert python and constraint, "environment.yml pins no python=X.Y or no lock (-c)"
    assert constraint.group(1) == f"requirements/lock-py{python.group(1)}.txt"
    assert (REPO / constraint.group(1)).exists()
