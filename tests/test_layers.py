"""The rule apps are layers, each importing only the ones below it: the engine (rules), exit
assessment, the alerts, the monitoring workflow, benefits owed, then the reports. Every import
counts, a function's own as much as a module's."""

from __future__ import annotations

import ast
from pathlib import Path

import fupin

SOURCE = Path(fupin.__file__).parent
LAYERS = ["rules", "assessment", "alerts", "monitoring", "benefits", "reports"]


def imported_apps(app: str) -> dict[str, set[str]]:
    """The fupin apps each module of ``app`` imports (its migrations aside), by module path."""
    found: dict[str, set[str]] = {}
    for path in (SOURCE / app).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            for name in names:
                parts = name.split(".")
                if parts[0] == "fupin" and len(parts) > 1 and parts[1] != app:
                    found.setdefault(str(path.relative_to(SOURCE)), set()).add(parts[1])
    return found


def test_each_rule_app_imports_only_the_layers_below_it():
    for index, app in enumerate(LAYERS):
        above = set(LAYERS[index + 1 :])
        upward = {
            module: sorted(apps & above)
            for module, apps in imported_apps(app).items()
            if apps & above
        }
        assert upward == {}, f"{app} imports a layer above it"
