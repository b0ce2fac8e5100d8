"""Package hygiene: public names exist, the error tree holds, the layout's import rules are kept."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest

import claimwatch
from claimwatch import errors

SRC = Path(claimwatch.__file__).parent
MODULES = sorted(m.name for m in pkgutil.iter_modules([str(SRC)]) if m.name not in ("migrations",))
# Stages may import only these shared modules of the package, never another stage.
SHARED = {"models", "errors", "config", "__init__",
          "normalize", "entities", "origin"}  # helper libraries the claim stage reads with, not stages themselves
STAGES = {"sources", "fetch", "extract", "claims"}


@pytest.mark.parametrize("name", MODULES)
def test_all_lists_real_names_and_a_docstring(name: str) -> None:
    module = importlib.import_module(f"claimwatch.{name}")
    assert module.__doc__ and module.__doc__.strip().splitlines()[0]
    for public in getattr(module, "__all__", []):
        assert hasattr(module, public), f"claimwatch.{name}.__all__ names missing {public}"


def test_every_error_is_a_claimwatch_error() -> None:
    exported = [getattr(errors, name) for name in errors.__all__]
    classes = [obj for obj in exported if isinstance(obj, type)]
    assert len(classes) == len(exported) - 1  # one_line is the only non-class
    for cls in classes:
        assert issubclass(cls, errors.ClaimwatchError)


@pytest.mark.parametrize("stage", sorted(STAGES))
def test_stages_import_no_other_stage(stage: str) -> None:
    tree = ast.parse((SRC / f"{stage}.py").read_text())
    imported = {node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module}
    assert imported <= SHARED, f"{stage} imports {imported - SHARED}"


def test_nothing_under_src_imports_prefect() -> None:
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text())
        names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        names |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
        assert not any(n.split(".")[0] == "prefect" for n in names), path
