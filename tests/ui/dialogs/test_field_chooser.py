"""Opening a plain file of polities without a usual name field asks which attribute names them."""

from __future__ import annotations

import pyogrio
from PySide6.QtWidgets import QInputDialog

from sovsplit.model.io.resources import default_scenario_path


def test_open_asks_for_the_name_field_when_none_is_known(window, tmp_path, monkeypatch, qtbot):
    frame = pyogrio.read_dataframe(default_scenario_path()).drop(columns=["id"])
    frame = frame.rename(columns={"name": "LABEL"})
    frame["regions"] = [",".join(r) for r in frame["regions"]]  # listed regions: the fast path
    path = tmp_path / "plain.gpkg"
    pyogrio.write_dataframe(frame, path)
    offered = []

    def pick(parent, title, text, items, current, editable):
        offered.append(list(items))
        return "LABEL", True

    monkeypatch.setattr(QInputDialog, "getItem", pick)
    assert window.open_scenario(path)
    assert offered == [["LABEL", "capital", "colour", "regions"]]
    assert [p.name for p in window.scenario.polities.values()] == ["West USSR", "East USSR"]
    assert window.scenario.name_field == "LABEL"


def test_a_known_name_field_is_not_asked_for(window, tmp_path, monkeypatch):
    frame = pyogrio.read_dataframe(default_scenario_path()).rename(columns={"name": "NAME"})
    path = tmp_path / "countries.gpkg"
    frame["regions"] = [",".join(r) for r in frame["regions"]]
    pyogrio.write_dataframe(frame, path)
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a: (_ for _ in ()).throw(AssertionError("asked")))
    assert window.open_scenario(path)
    assert window.scenario.name_field == "NAME"
    assert [p.name for p in window.scenario.polities.values()] == ["West USSR", "East USSR"]
