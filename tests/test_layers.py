"""The course package's layers (docs/DESIGN.md): imports point one way, from the text layer
up to the teaching tools, and no module imports itself back through others. Imports
inside functions count too: a lazy import is still a dependency (issue 15)."""
from __future__ import annotations

import ast
from pathlib import Path

COURSE = Path(__file__).resolve().parents[1] / "course"

#: Layer number -> the subpackages in it; a module may import its own layer and the layers
#: below. The package's two faces (``__init__`` and ``__main__``) sit on top.
LAYERS = {
    1: ("text",),                     # the article, spans, plain words, data files, writing
    2: ("engine",),                   # questions, question types, checking, widgets, progress
    3: ("parts",),                    # attribution, contrast, chronology, synthesis
    4: ("authoring", "evaluation"),   # bringing an article; measuring the rules
    5: ("teaching",),                 # release, grade, marking, refresh, guide, handouts
    6: ("__init__", "__main__"),      # the package's faces
}
LAYER_OF_PACKAGE = {pkg: n for n, pkgs in LAYERS.items() for pkg in pkgs}


#: Plain imports a module makes when loaded on its own (progress.py in the crash tests).
PLAIN = {"files": "text.files"}


def layer(module: str) -> int:
    """``parts.chronology`` -> 3: a module's layer is its subpackage's."""
    return LAYER_OF_PACKAGE[module.split(".")[0]]


def module_name(path: Path) -> str:
    """``course/engine/qtypes/single.py`` -> ``qtypes.single``; a package's ``__init__`` is the
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
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module in PLAIN:
            found.add(PLAIN[node.module])
    return found


def graph() -> dict[str, set[str]]:
    paths = list(COURSE.rglob("*.py"))
    modules = {module_name(p) for p in paths}
    return {module_name(p): (imports(p) & modules) - {module_name(p)} for p in paths}


def test_every_module_is_in_a_layer():
    edges = graph()
    assert {"engine.question", "engine.results", "engine.controls"} <= \
        edges["engine.qtypes.single"]  # relative imports resolved right
    assert "text.article" in edges["engine.qtypes.base"]  # three dots: up two packages
    assert "engine.qtypes.sources" in edges["engine.checking"]
    assert "text.files" in edges["engine.progress"]  # also its plain import, loaded alone
    missing = sorted(m for m in edges if m.split(".")[0] not in LAYER_OF_PACKAGE)
    assert not missing, f"put these modules in a layer's subpackage: {missing}"


def test_each_layer_is_a_package_with_a_docstring():
    for n, pkgs in LAYERS.items():
        for pkg in pkgs:
            if n < 6:
                init = COURSE / pkg / "__init__.py"
                assert ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))), init


def test_imports_point_down_the_layers():
    wrong = [f"{m} (layer {layer(m)}) imports {d} (layer {layer(d)})"
             for m, deps in graph().items() for d in deps if layer(d) > layer(m)]
    assert not wrong, "\n".join(wrong)


def test_the_layer_check_sees_a_wrong_import():
    assert layer("parts.contrast") > layer("engine.widgets") > layer("text.article")
    assert layer("teaching.guide") > layer("authoring.review") == layer("evaluation.timex_eval")


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


def test_the_design_notes_and_readme_show_every_layer_and_module():
    """DESIGN.md opens with the layers and names every module in its diagram; the README's
    layout names every layer's subpackage."""
    design = (COURSE.parent / "docs" / "DESIGN.md").read_text(encoding="utf-8")
    layers = design[design.index("## Layers"):design.index("## Checking a key")]
    assert design.index("\n## ") + 1 == design.index("## Layers")  # the first section
    readme = (COURSE.parent / "README.md").read_text(encoding="utf-8")
    for n, pkgs in LAYERS.items():
        for pkg in pkgs:
            if n < 6:
                assert f"course/{pkg}/" in layers and f"  {pkg}/" in readme, pkg
    for path in COURSE.rglob("*.py"):
        if path.stem != "__init__" and "qtypes" not in path.parts:
            assert path.stem in layers, f"docs/DESIGN.md's layer diagram misses {path.stem}"
