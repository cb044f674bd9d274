"""`core/` knows no domain app: neither at module level nor inside a function (a command,
a view or a helper of core that needs a domain app belongs to that app)."""

from __future__ import annotations

import ast
from pathlib import Path

import diplomatie

SOURCE = Path(diplomatie.__file__).resolve().parent
# What core may use besides itself: the configuration helpers of the package.
ALLOWED = {"diplomatie", "diplomatie.core", "diplomatie.env"}


def imported_modules(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def test_core_imports_no_domain_app() -> None:
    offending = []
    for path in sorted((SOURCE / "core").rglob("*.py")):
        for line, module in imported_modules(path):
            if not module.startswith("diplomatie"):
                continue
            if any(module == a or module.startswith(a + ".") for a in ALLOWED - {"diplomatie"}):
                continue
            if module == "diplomatie":
                continue
            offending.append(f"{path.relative_to(SOURCE)}:{line} imports {module}")
    assert not offending, "core/ must not know the domain apps:\n  " + "\n  ".join(offending)


def test_the_scan_sees_core_imports() -> None:
    modules = [m for p in (SOURCE / "core").rglob("*.py") for _, m in imported_modules(p)]
    assert "diplomatie.core.periodic" in modules
