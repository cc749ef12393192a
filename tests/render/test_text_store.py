"""Text extents kept on disk: read back exactly, per font environment; a page drawn from the stored results
(text sizes, label spots, outlines, territories) has the same pixels as one worked out afresh."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from matplotlib import rc_context
from PIL import Image

from sovsplit.model.io.parse_cache import store_result
from sovsplit.render.layout import text_store

APP = str(Path(__file__).resolve().parents[2] / "app")

_MEASURE = """
import json, sys
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from sovsplit.render.layout import text_metrics
fig = Figure(figsize=(8.27, 11.69), dpi=300)
renderer = FigureCanvasAgg(fig).get_renderer()
sizes = [text_metrics.text_size(fig, renderer, t, 9.5, "DejaVu Sans", w) for t, w in
         [("Petropavlovsk-\\nKamchatsky", "normal"), ("WEST USSR", "bold"), ("Sea of Okhotsk", "normal")]]
text_metrics.save_measured()
print(json.dumps({"sizes": sizes, "measured": text_metrics.laid_out()}))
"""


def _run(script: str, cache: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, XDG_CACHE_HOME=str(cache), PYTHONPATH=APP + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run([sys.executable, "-c", script, *args], env=env, capture_output=True, text=True, check=True)


def test_sizes_round_trip_exactly_and_are_kept_per_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    env = text_store.environment_digest()
    key = ("Magadan", 9.5, "DejaVu Sans", "bold", "italic", 300.0, "force_autohint", None, None, True, "dejavusans")
    sizes = {key: (0.1 + 0.2, 1 / 3)}
    text_store.save(env, sizes)
    assert text_store.load(env) == sizes  # floats come back bit for bit
    with rc_context({"font.sans-serif": ["Liberation Sans"]}):
        other = text_store.environment_digest()
    assert other != env and text_store.load(other) == {}


def test_a_malformed_entry_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    env = text_store.environment_digest()
    store_result(env, "text-sizes", {"sizes": [["Magadan", "9.5", "DejaVu Sans"]]}, [])
    assert text_store.load(env) == {}


def test_a_fresh_process_reads_the_sizes_an_earlier_one_measured(tmp_path):
    import json

    first = json.loads(_run(_MEASURE, tmp_path / "cache").stdout)
    again = json.loads(_run(_MEASURE, tmp_path / "cache").stdout)
    assert first["measured"] == 3 and again["measured"] == 0  # the second process laid nothing out
    assert again["sizes"] == first["sizes"]


@pytest.mark.slow  # two fresh export processes (about 8 s)
def test_an_export_drawn_from_stored_sizes_spots_and_outlines_has_the_same_pixels(tmp_path):
    cache = tmp_path / "cache"
    args = ["--size", "A5", "--dpi", "90", "--quiet"]
    script = "import sys; from sovsplit.cli import main; sys.exit(main(['export', *sys.argv[1:]]))"
    _run(script, cache, "-o", str(tmp_path / "measured.png"), *args)
    assert any(cache.rglob("*.bin"))
    _run(script, cache, "-o", str(tmp_path / "stored.png"), *args)
    measured = np.asarray(Image.open(tmp_path / "measured.png"))
    stored = np.asarray(Image.open(tmp_path / "stored.png"))
    assert measured.shape == stored.shape and (measured == stored).all()
