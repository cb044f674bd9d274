"""Publications are read through the visibility policy, never straight from the table.

`Publication.objects` (or its other managers) may only be used by the policy itself, by
the services that write publications, by migrations, the demo loader and the model
package. Anywhere else a read must start from `visible_publications(agent)`; the one
exception, `publications/selectors.py`, may fetch a row by primary key only inside a
function that then checks it with `can_view_publication`."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import diplomatie

SOURCE = Path(diplomatie.__file__).resolve().parent
MANAGERS = frozenset({"objects", "_default_manager", "_base_manager"})
CHECKED_BY_PK = "publications/selectors.py"


@dataclass(frozen=True)
class Use:
    path: str  # relative to the package, with forward slashes
    line: int
    function: ast.FunctionDef | ast.AsyncFunctionDef | None
    parent: ast.AST | None  # the node the `Publication.objects` attribute belongs to

    def __str__(self) -> str:
        return f"src/diplomatie/{self.path}:{self.line}"


def allowed_everywhere(path: str) -> bool:
    parts = path.split("/")
    return (
        parts[0] in {"access", "demo"}
        or "migrations" in parts[:-1]
        or parts[-1] == "actions.py"
        or path.startswith("publications/models/")
    )


def uses_in(path: Path) -> Iterator[Use]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    parents: dict[ast.AST, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[child] = node
    relative = path.relative_to(SOURCE).as_posix()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in MANAGERS
            and isinstance(node.value, ast.Name)
            and node.value.id == "Publication"
        ):
            function: ast.AST | None = parents.get(node)
            while function is not None and not isinstance(
                function, ast.FunctionDef | ast.AsyncFunctionDef
            ):
                function = parents.get(function)
            yield Use(relative, node.lineno, function, parents.get(node))


def filtered_by_pk_then_checked(use: Use) -> bool:
    """`Publication.objects.filter(pk=…)` inside a function that also calls
    `can_view_publication`."""
    call = use.parent
    if use.function is None or not isinstance(call, ast.Attribute) or call.attr != "filter":
        return False
    calls = [n for n in ast.walk(use.function) if isinstance(n, ast.Call) and n.func is call]
    if len(calls) != 1:
        return False
    (filter_call,) = calls
    if filter_call.args or [k.arg for k in filter_call.keywords] != ["pk"]:
        return False
    return any(
        isinstance(n, ast.Call)
        and isinstance(n.func, ast.Name)
        and n.func.id == "can_view_publication"
        for n in ast.walk(use.function)
    )


def all_uses() -> list[Use]:
    found: list[Use] = []
    for path in sorted(SOURCE.rglob("*.py")):
        found.extend(uses_in(path))
    return found


def test_the_scan_sees_the_known_uses() -> None:
    """Guard against a scan that silently finds nothing."""
    paths = {use.path for use in all_uses()}
    assert "access/querysets.py" in paths
    assert "publications/actions.py" in paths


def test_publications_are_read_through_the_policy_only() -> None:
    offending = []
    for use in all_uses():
        if allowed_everywhere(use.path):
            continue
        if use.path == CHECKED_BY_PK and filtered_by_pk_then_checked(use):
            continue
        where = f" in {use.function.name}()" if use.function is not None else ""
        offending.append(f"{use}{where}")
    assert not offending, (
        "Publication.objects used outside the visibility policy and the services; start "
        "from access.querysets.visible_publications(agent) instead:\n  " + "\n  ".join(offending)
    )


def test_the_rule_catches_an_unchecked_read() -> None:
    """The checker itself: a read by pk without `can_view_publication` is refused."""
    unchecked = ast.parse(
        "def f(pk):\n    return Publication.objects.filter(pk=pk).first()\n"
        "def g(pk, agent):\n    p = Publication.objects.filter(pk=pk).first()\n"
        "    return p if can_view_publication(agent, p) else None\n"
        "def h(agent):\n    return Publication.objects.filter(status='sent')\n"
    )
    verdicts: dict[str, bool] = {}
    parents: dict[ast.AST, ast.AST] = {}
    for node in ast.walk(unchecked):
        for child in ast.iter_child_nodes(node):
            parents[child] = node
    for function in unchecked.body:
        assert isinstance(function, ast.FunctionDef)
        attribute = next(
            n for n in ast.walk(function) if isinstance(n, ast.Attribute) and n.attr == "objects"
        )
        use = Use("x.py", attribute.lineno, function, parents[attribute])
        verdicts[function.name] = filtered_by_pk_then_checked(use)
    assert verdicts == {"f": False, "g": True, "h": False}
