"""Suite-wide order: the slowest module is scheduled first.

The README's test command runs the suite on several pytest-xdist workers, a module at a time in
collection order (pyproject's addopts); a module that takes minutes, started last, would run alone
at the end instead of beside the rest.
"""

from __future__ import annotations

import pytest

SLOWEST_FIRST = ("tests/test_bench_quick.py", "tests/browser/")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Move the slowest modules' tests to the front (a stable sort keeps the rest in order)."""
    items.sort(key=lambda item: not item.nodeid.startswith(SLOWEST_FIRST))
