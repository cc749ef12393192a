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


@pytest.fixture(autouse=True)
def _private_user_dirs(tmp_path, monkeypatch):
    """Keep autosave, recovery and user styles of tests out of the real home folder."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
