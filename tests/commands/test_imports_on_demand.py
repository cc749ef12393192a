"""`sovsplit stats` loads only what it uses (issue 14 item 4): with its caches filled, no PROJ, GDAL, tracing,
comparison or overlay code is imported, and the figures are the same as when everything was computed."""

import json
import os
import subprocess
import sys
from pathlib import Path

import sovsplit

APP = Path(sovsplit.__file__).resolve().parents[1]

_STATS_AND_MODULES = """
import json, sys
from sovsplit.cli import main
main(["stats", "--format", "json"])
print(json.dumps(sorted(sys.modules)))
"""

NOT_NEEDED = (
    "pyproj",
    "rasterio",
    "sovsplit.model.trace",
    "sovsplit.model.compare",
    "sovsplit.model.io.overlay",
    "sovsplit.model.arable.geotiff",
)


def _run(tmp_path: Path):
    env = {
        "PYTHONPATH": str(APP),
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
    }
    out = subprocess.run([sys.executable, "-c", _STATS_AND_MODULES], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    report, modules = out.stdout.rsplit("\n", 2)[:2]
    return json.loads(report), json.loads(modules)


def test_cached_stats_import_nothing_they_do_not_use_and_give_the_same_figures(tmp_path):
    computed, first_modules = _run(tmp_path)  # empty caches: areas, coasts and arable sums are computed
    cached, modules = _run(tmp_path)
    assert cached == computed
    assert "pyproj" in first_modules  # computing the region table does measure on the ellipsoid
    loaded = [m for m in modules if any(m == name or m.startswith(name + ".") for name in NOT_NEEDED)]
    assert loaded == []
