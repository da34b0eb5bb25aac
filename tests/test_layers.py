"""The course package's layers (docs/DESIGN.md): imports point one way, from the text layer
up to the teaching tools, and no module imports itself back through others. Imports
inside functions count too: a lazy import is still a dependency (issue 15)."""
from __future__ import annotations

import ast
from pathlib import Path

COURSE = Path(__file__).resolve().parents[1] / "course"

#: Layer number -> modules; a module may import its own layer and the layers below.
LAYERS = {
    1: ("files", "plain", "article", "spans", "tomlwrite", "keyfiles", "sources", "missing",
        "figures", "glossary"),                                      # text and files
    2: ("progress", "question", "results", "controls", "qtypes", "qtypes.base",
        "qtypes.single", "qtypes.multiple", "qtypes.matching", "qtypes.ordering",
        "qtypes.spans", "qtypes.text", "qtypes.sources",              # the question types
        "questions", "checking", "feedback", "widgets", "engine", "overview"),
    3: ("attribution_rules", "attribution_extract", "attribution", "attribution_views",
        "contrast", "timex", "chronology", "synthesis", "keyloaders"),  # the three parts
    4: ("draft", "review", "keyquestions", "newarticle", "quotations",  # authoring
        "attribution_eval", "timex_eval"),                           # evaluation
    5: ("release", "grade", "marking", "refresh", "guide", "handouts"),  # teaching tools
    6: ("__init__", "__main__"),                                     # the package's faces
}
LAYER_OF = {m: n for n, mods in LAYERS.items() for m in mods}


def module_name(path: Path) -> str:
    """``course/qtypes/single.py`` -> ``qtypes.single``; a package's ``__init__`` is the
    package (``qtypes``), except the course package's own."""
    parts = list(path.relative_to(COURSE).with_suffix("").parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts = parts[:-1]
    return ".".join(parts)


def imports(path: Path) -> set[str]:
    """The course modules a module imports, anywhere in it (relative imports resolved from
    the module's package, and the plain ``from files import`` progress.py uses when loaded
    on its own)."""
    package = list(path.relative_to(COURSE).parent.parts)
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level >= 1:
            base = package[:len(package) - (node.level - 1)]
            if node.module:
                target = base + node.module.split(".")
                found.add(".".join(target))
                found |= {".".join(target + [a.name]) for a in node.names}
            else:
                found |= {".".join(base + [a.name]) for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module in LAYER_OF:
            found.add(node.module)
    return found


def graph() -> dict[str, set[str]]:
    paths = list(COURSE.rglob("*.py"))
    modules = {module_name(p) for p in paths}
    return {module_name(p): (imports(p) & modules) - {module_name(p)} for p in paths}


def test_every_module_has_a_layer():
    edges = graph()
    assert {"question", "results", "controls"} <= edges["qtypes.single"]  # resolved right
    assert "qtypes.sources" in edges["checking"] and "progress" in edges["widgets"]
    missing = sorted(set(edges) - set(LAYER_OF))
    assert not missing, f"place these modules in a layer (tests/test_layers.py): {missing}"


def test_imports_point_down_the_layers():
    wrong = [f"{m} (layer {LAYER_OF[m]}) imports {d} (layer {LAYER_OF[d]})"
             for m, deps in graph().items() for d in deps if LAYER_OF[d] > LAYER_OF[m]]
    assert not wrong, "\n".join(wrong)


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every import cycle found by a depth-first walk (each reported once per entry)."""
    found, state = [], {}

    def walk(node: str, path: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == "open":
                found.append(path[path.index(nxt):] + [nxt])
            elif nxt not in state:
                walk(nxt, path + [nxt])
        state[node] = "done"

    for start in sorted(edges):
        if start not in state:
            walk(start, [start])
    return found


def test_no_import_cycles():
    assert cycles(graph()) == []


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []
