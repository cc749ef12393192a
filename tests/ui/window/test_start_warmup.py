"""The window's start: the loading worker works out what the first paint of a scenario needs, and the window
imports its on-demand dialogs only when they are opened (issue 14 item 4)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import shapely

import sovsplit
from sovsplit.model import coast
from sovsplit.model.coast import land_border_lines
from sovsplit.model.projections import get_projection
from sovsplit.model.session import snapshot_scenario
from sovsplit.ui.canvas.geometry_paths import project_geometry
from sovsplit.ui.layers.area_labels import label_outline
from sovsplit.ui.window.scenario_warmup import warm_scenario

APP = Path(sovsplit.__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _fresh_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def test_warmed_borders_and_label_outlines_are_what_the_layers_would_compute(scenario):
    warm_scenario(scenario, "laea-north")
    transformer = get_projection("laea-north").transformer()
    for polity_id in scenario.polities:
        territory = scenario.geometry_of(polity_id)
        lines = land_border_lines(territory)
        assert land_border_lines(territory) is lines  # found ready, not worked out again
        assert lines.equals_exact(coast._land_border_lines(territory), 0.0)
        assert lines.length > 0  # the polities of the two-USSR scenario share a land border
        outline = label_outline(territory, "laea-north")
        assert label_outline(territory, "laea-north") is outline
        assert outline.equals_exact(shapely.simplify(project_geometry(territory, transformer), 5000.0), 0.0)


def test_a_scenario_opened_again_gets_the_same_shapes_from_the_disk_entry(scenario, regions):
    from sovsplit.model.io.scenario_io import load_scenario

    warm_scenario(scenario, "albers")  # worked out and written
    again = warm_scenario(load_scenario(None, regions), "albers")  # read back
    for polity_id in scenario.polities:
        first, second = scenario.geometry_of(polity_id), again.geometry_of(polity_id)
        assert second is not first and second.equals_exact(first, 0.0)
        assert land_border_lines(second).equals_exact(land_border_lines(first), 0.0)
        assert label_outline(second, "albers").equals_exact(label_outline(first, "albers"), 0.0)
    # An edit after opening drops the remembered territory: the union is worked out again from the parcels.
    parcel = next(pid for pid, owner in again.owner.items() if owner == "west")
    again.set_owners({parcel: "east"})
    assert again.geometry_of("east").area > scenario.geometry_of("east").area


def test_a_snapshot_shares_the_territories_already_worked_out(scenario):
    west = scenario.geometry_of("west")
    copy = snapshot_scenario(scenario)
    assert copy.geometry_of("west") is west
    # The copy's own edits never reach the original's territories.
    parcel = next(pid for pid, owner in scenario.owner.items() if owner == "west")
    copy.set_owners({parcel: "east"})
    assert not copy.geometry_of("west").equals(west)
    assert scenario.geometry_of("west") is west


def test_the_window_imports_the_georeferencer_and_export_dialog_only_when_opened():
    code = (
        "import sys\n"
        "import sovsplit.ui.window.main_window\n"
        "print(sorted(m for m in sys.modules if m.startswith(('sovsplit.ui.dialogs.', 'sovsplit.model.trace.'))))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(APP), QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    loaded = out.stdout.strip()
    for module in ("ui.dialogs.georeferencer", "ui.dialogs.export_dialog", "model.trace.image", "model.trace.assign"):
        assert f"'sovsplit.{module}'" not in loaded, loaded
    assert "'sovsplit.ui.dialogs.field_chooser'" in loaded  # the list is real: the window's own dialogs are there


def test_the_window_does_not_import_matplotlib_at_start():
    # The canvas draws with Qt; matplotlib (about 0.3 s of imports) is for exports and the export dialog.
    code = "import sys\nimport sovsplit.ui.window.main_window\nprint('matplotlib' in sys.modules, 'PySide6' in sys.modules)\n"
    env = dict(os.environ, PYTHONPATH=str(APP), QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False", "True"], out.stdout
