"""The package keeps its shape (docs/design.rst): no module imports another
that imports it back, and the root configure.zcml only includes."""

from lxml import etree
from pathlib import Path

import ast
import ntnu.casemgmt


PACKAGE = Path(ntnu.casemgmt.__file__).parent
ZCML = "http://namespaces.zope.org/zope"


def module_name(path):
    parts = path.relative_to(PACKAGE.parent.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph():
    """``{module: {modules it imports at module level}}`` of the package
    (imports inside functions, which break a cycle on purpose, are left out)."""
    modules = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph = {}
    for name, path in modules.items():
        imported = set()
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "ntnu.casemgmt"
            ):
                for alias in node.names:
                    target = f"{node.module}.{alias.name}"
                    imported.add(target if target in modules else node.module)
            elif isinstance(node, ast.Import):
                imported |= {a.name for a in node.names if a.name in modules}
        graph[name] = {m for m in imported if m in modules and m != name}
    return graph


def reachable(graph, start):
    """The modules ``start`` imports, directly or through others."""
    seen, todo = set(), list(graph[start])
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(graph[node])
    return seen


def in_cycles(graph):
    """The modules that import themselves through others, sorted."""
    return sorted(node for node in graph if node in reachable(graph, node))


def test_no_import_cycles():
    graph = import_graph()
    assert "ntnu.casemgmt.core.roles" in graph  # the package was read
    assert in_cycles(graph) == []


def test_a_cycle_is_found():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert in_cycles(graph) == ["a", "b", "c"]


def test_the_root_zcml_only_includes():
    root = etree.parse(str(PACKAGE / "configure.zcml")).getroot()
    kinds = {etree.QName(node).localname for node in root if isinstance(node.tag, str)}
    assert kinds <= {"include", "registerTranslations"}
    included = {node.get("package") for node in root.iter(f"{{{ZCML}}}include")}
    for package in ("core", "deviation", "notification", "parts", "reporting"):
        assert f".{package}" in included
        assert (PACKAGE / package / "configure.zcml").exists()
