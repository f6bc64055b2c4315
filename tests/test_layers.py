"""The tree is the architecture: each role imports only the roles below it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Role of a module by its path, highest layer first; a module may import its own role and any
# role after it in this list, never one before it.
# A prefix names a module and everything below it; "=bot" names the package module alone.
LAYERS = (
    # `python -m bot` also starts the playground (issue 14), imported there lazily.
    ("entry point", ("bot.__main__",)),
    # The playground (issue 14): the bot (storage only through it) and local_bot_api, which
    # is no layer of the bot's; nothing of the bot's imports it.
    ("playground", ("playground",)),
    ("composition", ("=bot", "bot.app")),
    ("handlers", ("handlers",)),
    # HTTP in (issue 12): publish API, /healthz, /metrics; never importing handlers.
    ("http", ("bot.http",)),
    (
        "handler support",
        ("bot.context", "bot.access", "bot.chat_lookup", "bot.views.replies", "bot.views.posting"),
    ),
    ("operator reports", ("bot.operator_reports",)),
    # Feeds (issue 12): polling, parsing, importing; they ask delivery for rounds.
    ("feeds", ("bot.feeds",)),
    ("delivery", ("bot.delivery",)),
    ("views", ("bot.views",)),
    ("news", ("bot.news",)),
    ("telegram plumbing", ("bot.telegram",)),
    (
        "foundation",
        (
            "bot.settings",
            "bot.logs",
            "bot.limits",
            "bot.supervision",
            "bot.startup",
            "bot.health",
            "bot.metrics",
        ),
    ),
    ("storage", ("storage",)),
)


def _matches(module: str, prefix: str) -> bool:
    if prefix.startswith("="):
        return module == prefix[1:]
    return module == prefix or module.startswith(prefix + ".")


def _layer(module: str) -> int | None:
    """The layer of the most specific prefix that names the module."""
    found = [
        (len(prefix), index)
        for index, (_, prefixes) in enumerate(LAYERS)
        for prefix in prefixes
        if _matches(module, prefix)
    ]
    return max(found)[1] if found else None


def _modules() -> list[tuple[str, Path]]:
    found = []
    for package in ("bot", "handlers", "storage", "playground"):
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found.append((name, path))
    return found


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


@pytest.mark.parametrize(("module", "path"), _modules(), ids=lambda value: str(value))
def test_modules_import_only_downwards(module: str, path: Path) -> None:
    own = _layer(module)
    assert own is not None, f"{module} belongs to no layer: add it to LAYERS"
    upward = sorted(
        name for name in _imports(path) if (layer := _layer(name)) is not None and layer < own
    )
    assert upward == [], f"{module} ({LAYERS[own][0]}) imports upwards: {upward}"


def test_a_handler_module_imports_no_other_handler_module() -> None:
    for module, path in _modules():
        if not module.startswith("handlers."):
            continue
        others = {
            name
            for name in _imports(path)
            if name.startswith("handlers") and not name.startswith(module)
        }
        assert others == set(), f"{module} imports {others}"


def test_the_playground_reaches_storage_only_through_the_bot_and_is_imported_lazily() -> None:
    for module, path in _modules():
        if module.startswith("playground"):
            direct = {name for name in _imports(path) if _matches(name, "storage")}
            assert direct == set(), f"{module} imports {direct}: use bot/news/ functions"
    # `python -m bot` without the playground loads none of it (nor its web page's server).
    top_level = ast.parse((ROOT / "bot" / "__main__.py").read_text(encoding="utf-8")).body
    imported = {
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in top_level
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert not any(name and name.startswith("playground") for name in imported)
