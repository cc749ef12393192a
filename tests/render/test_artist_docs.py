"""matplotlib is imported without the setter tables in its artist docstrings, and works as before."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import sovsplit

_CHECK = """
import sys
import sovsplit.render  # installs the finder before matplotlib is imported
import matplotlib.artist, matplotlib.lines
from sovsplit.render.artist_docs import _ArtistDocsFinder
print(repr(matplotlib.artist.kwdoc(matplotlib.lines.Line2D)))
print(any(isinstance(f, _ArtistDocsFinder) for f in sys.meta_path))
line = matplotlib.lines.Line2D([0, 1], [0, 1])
line.set(linewidth=3, color="red")  # the setters themselves are untouched
print(line.get_linewidth(), line.get_color())
"""


def _run(code: str) -> list[str]:
    env = dict(os.environ, PYTHONPATH=str(Path(sovsplit.__file__).resolve().parents[1]))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    return out.stdout.splitlines()


def test_matplotlib_imported_after_the_renderer_writes_no_setter_tables():
    kwdoc, finder_left, line = _run(_CHECK)
    assert kwdoc == "''"
    assert finder_left == "False"  # it removed itself after its one import
    assert line == "3.0 red"


def test_matplotlib_imported_before_the_renderer_is_left_alone():
    code = "import matplotlib.artist, matplotlib.lines\n" + _CHECK
    kwdoc, finder_left, _ = _run(code)
    assert "linewidth" in kwdoc and finder_left == "False"
