"""Shared fixtures: the shipped regions and the default scenario, loaded once per test session."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(scope="session")
def regions():
    from sovsplit.model.regions import default_regions

    return default_regions()


@pytest.fixture
def scenario(regions):
    """A fresh copy of the default scenario (tests may edit it)."""
    from sovsplit.model.io.scenario_io import load_scenario

    return load_scenario(None, regions)


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory):
    """Caches written by tests (and the processes they start) stay out of the user's ~/.cache: their entries are
    signed with a test's throwaway key and would replace the user's own."""
    previous = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if previous is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = previous


@pytest.fixture(autouse=True)
def _private_user_dirs(tmp_path, monkeypatch):
    """Keep autosave, recovery and user styles of tests out of the real home folder."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
