"""Rules of the code base's shape, read from the code itself."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
PACKAGE = PROJECT / "src" / "baspaket"

# The layers of src/baspaket/__init__.py, lowest first. A module may import its own layer's
# modules and those of lower layers, never a higher layer's or a sibling's of the same rank.
LAYERS = {
    "contract": 0,
    "warehouse": 1,
    "settings": 2,
    "ingest": 3,
    "quality": 4,
    "reports": 4,
    "synthetic": 4,
    "transform": 4,
    "orchestration": 5,
    "cli": 6,
}
# Where an import of the package may sit inside a function, and why. Nowhere else: a hidden
# import is how a cycle hides.
ALLOWED_LOCAL_IMPORTS = {
    "cli": "the entry point: `baspaket --help` and `baspaket synth` do not wait for Dagster's import",
}

# What the package may still write into os.environ, and why: none of them is a setting of
# outputs.md. The settings (warehouse, landing, output, seeds, DuckDB's limits) travel as values:
# resources, arguments, and dbt vars (Settings.dbt_vars).
ALLOWED_ENVIRONMENT_WRITES = {
    "DEMO_KEY_ENV_VAR": "the demo's throw-away key: a key travels by environment, never as a value Dagster shows",
    '"DBT_SEND_ANONYMOUS_USAGE_STATS"': "a switch of the dbt library, not a setting",
    '"GX_ANALYTICS_ENABLED"': "a switch of the Great Expectations library, not a setting",
    '"PATH"': "where dagster-dbt's manifest preparer finds the environment's dbt, for that call only",
}
_WRITE = re.compile(r"os\.environ\[([^\]]+)\]\s*=(?!=)|os\.environ\.(?:setdefault|update|pop)\(([^,)]+)|os\.putenv\(")


def environment_writes() -> list[tuple[str, str]]:
    found = []
    for path in PACKAGE.rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for match in _WRITE.finditer(line):
                key = (match.group(1) or match.group(2) or "?").strip()
                found.append((f"{path.relative_to(PROJECT)}:{number}", key))
    return found


def layer_of(module: str) -> str | None:
    """'baspaket.ingest.loader' -> 'ingest'; None outside the package or for its root."""
    parts = module.split(".")
    return parts[1] if parts[0] == "baspaket" and len(parts) > 1 else None


def import_faults(source: str, layer: str, where: str = "<source>") -> list[str]:
    """The imports of one module's source that break the layering or hide inside a function."""
    faults = []
    tree = ast.parse(source)
    top_level = {id(node) for node in tree.body}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            # `from baspaket import ingest` imports the layer it names
            targets = [f"baspaket.{a.name}" for a in node.names] if node.module == "baspaket" else [node.module]
        elif isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            continue
        for target in targets:
            target_layer = layer_of(target)
            if target_layer is None:
                continue
            if target_layer not in LAYERS:
                faults.append(f"{where}:{node.lineno} imports {target}: a layer the rules do not know")
            elif target_layer != layer and LAYERS[target_layer] >= LAYERS[layer]:
                faults.append(f"{where}:{node.lineno} ({layer}) imports {target} ({target_layer}): not a lower layer")
            if id(node) not in top_level and not _guarded_at_top(tree, node) and layer not in ALLOWED_LOCAL_IMPORTS:
                faults.append(f"{where}:{node.lineno} imports {target} inside a function")
    return faults


def _guarded_at_top(tree: ast.Module, node: ast.stmt) -> bool:
    """An import under a module-level `if TYPE_CHECKING:` is still a module-level import."""
    return any(isinstance(top, ast.If) and node in ast.walk(top) for top in tree.body)


def package_modules() -> list[tuple[Path, str]]:
    modules = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).with_suffix("")
        if relative.parts == ("__init__",):
            continue
        modules.append((path, relative.parts[0]))
    return modules


def test_every_module_belongs_to_a_known_layer():
    layers = {layer for _, layer in package_modules()}
    assert layers == set(LAYERS)


def test_imports_go_down_the_layers_and_none_hides_in_a_function():
    faults = []
    for path, layer in package_modules():
        faults += import_faults(path.read_text(encoding="utf-8"), layer, str(path.relative_to(PROJECT)))
    assert faults == []


def test_the_import_rules_see_an_upward_a_sideways_and_a_hidden_import():
    upward = "from baspaket.orchestration.runner import load\n"
    sideways = "from baspaket.reports import charts\n"
    hidden = "def f():\n    from baspaket.warehouse import connect\n"
    assert len(import_faults(upward, "ingest")) == 1
    assert len(import_faults(sideways, "quality")) == 1
    assert import_faults(sideways, "reports") == []
    assert [f for f in import_faults(hidden, "reports") if "inside a function" in f]
    assert import_faults(hidden, "cli") == []
    assert import_faults("import baspaket.contract.months\n", "synthetic") == []


def test_only_the_package_is_installed():
    """One top-level name in site-packages: the wheel holds src/baspaket and nothing beside it."""
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"] == ["src/baspaket"]
    assert [p.name for p in (PROJECT / "src").iterdir() if not p.name.startswith(".")] == ["baspaket"]


def test_settings_never_travel_through_environment_writes():
    writes = environment_writes()
    assert writes, "the pattern finds nothing: it would pass whatever the code did"
    unexpected = [(where, key) for where, key in writes if key not in ALLOWED_ENVIRONMENT_WRITES]
    assert unexpected == []


def test_the_pattern_sees_a_settings_write():
    line = 'os.environ["BASPAKET_WAREHOUSE"] = str(path)'
    assert [m.group(1) for m in _WRITE.finditer(line)] == ['"BASPAKET_WAREHOUSE"']
