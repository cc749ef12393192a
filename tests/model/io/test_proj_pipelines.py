"""Transformers built from stored PROJ pipelines: the same figures, bit for bit, as PROJ's own search, and a
fresh process reads the pipelines an earlier one found."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
from pyproj import Transformer

from sovsplit.model.io.proj_pipelines import build_transformer
from sovsplit.model.projections import PROJECTIONS

APP = str(Path(__file__).resolve().parents[3] / "app")

_KNOWN = """
import json
from sovsplit.model.io.proj_pipelines import known_pipelines
from sovsplit.model.projections import get_projection
before = sorted(map(list, known_pipelines()))
get_projection("albers").transformer(), get_projection("albers").inverse_transformer()
print(json.dumps({"before": before, "after": sorted(map(list, known_pipelines()))}))
"""


def test_stored_pipelines_give_the_figures_of_proj_search(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    rng = np.random.default_rng(7)
    lon, lat = rng.uniform(19.0, 191.0, 5000), rng.uniform(30.0, 82.0, 5000)
    for projection in PROJECTIONS.values():
        searched = Transformer.from_crs("EPSG:4326", projection.proj, always_xy=True)
        x, y = searched.transform(lon, lat)
        for source, target, points in [
            ("EPSG:4326", projection.proj, (lon, lat)),
            (projection.proj, "EPSG:4326", (x, y)),
        ]:
            own = Transformer.from_crs(source, target, always_xy=True).transform(*points)
            build_transformer(source, target)  # searched, checked and stored
            stored = build_transformer(source, target).transform(*points)
            assert all(np.array_equal(a, b) for a, b in zip(own, stored)), projection.key


def test_a_fresh_process_reads_the_pipelines_an_earlier_one_found(tmp_path):
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"), PYTHONPATH=APP)
    runs = [
        json.loads(
            subprocess.run([sys.executable, "-c", _KNOWN], env=env, capture_output=True, text=True, check=True).stdout
        )
        for _ in range(2)
    ]
    albers = PROJECTIONS["albers"].proj
    pairs = sorted([["EPSG:4326", albers], [albers, "EPSG:4326"]])
    assert runs[0]["before"] == [] and runs[0]["after"] == pairs
    assert runs[1]["before"] == pairs  # read from disk: no search in PROJ's database
