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
# A stage that is a package (claims/) is checked module by module as well.
MODULES += sorted(sub.name.removeprefix("claimwatch.") for m in pkgutil.iter_modules([str(SRC)]) if m.ispkg and m.name != "migrations"
                  for sub in pkgutil.walk_packages([str(SRC / m.name)], prefix=f"claimwatch.{m.name}."))
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


def _relative_imports(path: Path) -> list[tuple[str, ...]]:
    """Each relative import of a module under SRC, as the dotted name (split) it reaches below claimwatch."""
    package = path.relative_to(SRC).parent.parts
    out = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level:
            assert node.level - 1 <= len(package), f"{path.relative_to(SRC)} imports from above claimwatch"
            base = package[:len(package) - (node.level - 1)]
            if node.module:
                out.append((*base, *node.module.split(".")))
            else:
                out += [(*base, alias.name) for alias in node.names]
    return out


@pytest.mark.parametrize("stage", sorted(STAGES))
def test_stages_import_no_other_stage(stage: str) -> None:
    # A stage is a module (fetch.py) or a package (claims/): then each of its modules may import
    # its siblings (level 1), and what it reaches above the package (level 2) is only SHARED.
    package = SRC / stage
    files = sorted(package.rglob("*.py")) if package.is_dir() else [SRC / f"{stage}.py"]
    assert files and all(path.is_file() for path in files), f"no source for stage {stage}"
    for path in files:
        for target in _relative_imports(path):
            inside = target[0] == stage and len(target) > 1 and (
                (package / f"{target[1]}.py").is_file() or (package / target[1] / "__init__.py").is_file())
            assert inside or target[0] in SHARED, f"{stage}: {path.relative_to(SRC)} imports {'.'.join(target)}"


def test_nothing_under_src_imports_prefect() -> None:
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text())
        names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        names |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
        assert not any(n.split(".")[0] == "prefect" for n in names), path
