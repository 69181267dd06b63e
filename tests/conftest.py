"""Shared test set-up."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

from tests.support.slow import mark_slow

# Fixtures more than one test package uses (a live central, a simulated station ...).
pytest_plugins = ["tests.support.fixtures"]

# Hypothesis: enough examples to find edge cases, few enough for a 2-core CI machine.
settings.register_profile("ci", max_examples=200, deadline=None)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark `slow` what tests/support/slow.py says is slow: `-m "not slow"` is the quick loop."""
    mark_slow(items)
