"""Shared helpers of the packaging smoke tests: the checkout, a clean environment, map-image checks."""

from __future__ import annotations

import colorsys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[2]


def shipped_data_files() -> set[str]:
    """geodata/ and styles/ files a user install must carry (paths relative to the checkout)."""
    found = set()
    for folder in ("geodata", "styles"):
        for path in (ROOT / folder).rglob("*"):
            rel = path.relative_to(ROOT)
            if (
                path.is_file()
                and rel.parts[:2] != ("geodata", "build")
                and not any(part.startswith(".") or part == "__pycache__" for part in rel.parts)
            ):
                found.add(rel.as_posix())
    return found


def clean_env(home: Path) -> dict[str, str]:
    """What a user's shell would give: no PYTHONPATH, no venv, no Qt or debug settings, an empty HOME."""
    return {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8", "XDG_RUNTIME_DIR": str(home)}


def _polity_colours() -> list[tuple[int, int, int]]:
    from sovsplit.model.io.scenario_io import load_scenario
    from sovsplit.render.style import load_style, polity_colour

    scenario = load_scenario(None)
    style, _warning = load_style("classic")
    colours = []
    for polity in scenario.polities.values():
        hex_colour = polity_colour(style, polity.id, polity.colour).lstrip("#")
        colours.append(tuple(int(hex_colour[i : i + 2], 16) for i in (0, 2, 4)))
    return colours


def _hue(rgb) -> tuple[float, float]:
    hue, _lightness, saturation = colorsys.rgb_to_hls(*(c / 255 for c in rgb))
    return hue * 360, saturation


def assert_map_png(path: Path, size: tuple[int, int] | None = None) -> None:
    """A real map: a PNG of the asked size in which both polities' fill hues cover a good share.

    Hue, not exact colour: the exporter and the canvas blend fills with some transparency."""
    assert path.is_file() and path.stat().st_size > 10_000, path
    with Image.open(path) as image:
        assert image.format == "PNG"
        if size is not None:
            assert image.size == size
        rgb = image.convert("RGB")
        rgb.thumbnail((300, 300))
        raw = rgb.tobytes()
        pixels = [_hue(raw[i : i + 3]) for i in range(0, len(raw), 3)]
    for colour in _polity_colours():
        hue, _saturation = _hue(colour)
        near = sum(1 for h, sat in pixels if sat > 0.25 and min(abs(h - hue), 360 - abs(h - hue)) <= 12)
        assert near / len(pixels) > 0.02, f"{path.name}: hue of {colour} covers {near / len(pixels):.1%}"


def assert_other_exports(exe: str, work: Path, env: dict[str, str]) -> None:
    """SVG, PDF and GeoTIFF (and a PNG world file) from the installed copy: every export backend is there."""
    import subprocess

    for name in ("x.svg", "x.pdf", "x.tif", "w.png"):
        extra = ["--world-file"] if name == "w.png" else []
        args = [exe, "export", "-o", name, "--dpi", "50", *extra]
        done = subprocess.run(args, cwd=work, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, f"{name}: {done.stderr}"
    svg = (work / "x.svg").read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg and "West USSR" in svg
    pdf = (work / "x.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF") and len(pdf) > 10_000
    import rasterio

    with rasterio.open(work / "x.tif") as tif:
        assert tif.crs is not None and tif.count == 3 and tif.width > 100 and tif.read().std() > 10
    assert len((work / "w.pgw").read_text().split()) == 6 and "PROJCS" in (work / "w.prj").read_text()


def assert_installed_commands_work(exe: str, work: Path, env: dict[str, str], snapshot_size: tuple[int, int]) -> None:
    """`stats` equals the checkout's, and `export` and `--snapshot` write real maps, run from outside the checkout."""
    import json
    import os
    import subprocess
    import sys

    stats = subprocess.run(
        [exe, "stats", "--format", "json"], cwd=work, env=env, capture_output=True, text=True, timeout=300
    )
    assert stats.returncode == 0, stats.stderr
    from_checkout = subprocess.run(
        [sys.executable, "-m", "sovsplit.cli", "stats", "--format", "json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT / "app")},
    )
    assert json.loads(stats.stdout) == json.loads(from_checkout.stdout)

    export = subprocess.run(
        [exe, "export", "-o", "x.png"], cwd=work, env=env, capture_output=True, text=True, timeout=300
    )
    assert export.returncode == 0, export.stderr
    assert_map_png(work / "x.png")
    assert_other_exports(exe, work, env)

    size = f"{snapshot_size[0]}x{snapshot_size[1]}"
    snapshot = subprocess.run(
        [exe, "--snapshot", "s.png", "--size", size],
        cwd=work,
        env={**env, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert snapshot.returncode == 0, snapshot.stderr
    assert_map_png(work / "s.png", size=snapshot_size)
