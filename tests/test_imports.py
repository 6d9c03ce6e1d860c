"""The package has no import circle: every module can be read before the ones that use it.

Imports inside functions count too; a lazy import that closes a circle is still a circle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from opsporing import paths

SRC = paths.REPO_ROOT / "src"


def _modules() -> dict[str, Path]:
    found = {}
    for file in sorted((SRC / "opsporing").rglob("*.py")):
        parts = file.relative_to(SRC).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = file
    return found


def _imports(name: str, file: Path, modules: dict[str, Path]) -> set[str]:
    package = name if file.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(file.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name in modules}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, base] if base else up)
            for alias in node.names:
                if f"{base}.{alias.name}" in modules:
                    found.add(f"{base}.{alias.name}")
                elif base in modules:
                    found.add(base)
    found.discard(name)
    return found


def test_no_module_imports_itself_through_others() -> None:
    modules = _modules()
    graph = {name: _imports(name, file, modules) for name, file in modules.items()}
    circles = []
    done: set[str] = set()

    def visit(name: str, trail: list[str]) -> None:
        if name in trail:
            circles.append(" -> ".join([*trail[trail.index(name) :], name]))
            return
        if name in done:
            return
        for imported in sorted(graph[name]):
            visit(imported, [*trail, name])
        done.add(name)

    for name in sorted(graph):
        visit(name, [])
    assert not circles, "import circles:\n" + "\n".join(circles)


def test_the_data_folder_is_checked_without_storage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`paths.data_dir()` makes or refuses the folder itself (storage builds on paths)."""
    assert "opsporing.storage" not in _imports(
        "opsporing.paths", SRC / "opsporing/paths.py", _modules()
    )
    monkeypatch.setenv(paths.DATA_ENV, str(tmp_path / "ny" / "data"))
    assert paths.data_dir() == tmp_path / "ny" / "data"
    assert paths.data_dir().is_dir()
