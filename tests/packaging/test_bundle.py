"""The PyInstaller bundle carries its data, Qt plugins and licences, and runs stats and an offscreen snapshot."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from packaging_checks import ROOT, assert_installed_commands_work, clean_env, shipped_data_files

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bundle")
    # Built with the test venv's Python, which has the dependencies; PyInstaller (the `packaging` extra) is
    # installed into it here when missing, so plain test environments need not carry it.
    if importlib.util.find_spec("PyInstaller") is None:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "pyinstaller>=6.10"], check=True)
    subprocess.run(
        ["bash", str(ROOT / "packaging" / "build.sh"), "--bundle"],
        check=True,
        cwd=ROOT,
        env={**os.environ, "SOVSPLIT_BUILD_PYTHON": sys.executable, "SOVSPLIT_BUILD_OUT": str(out)},
    )
    return out / "dist" / "sovsplit"


def test_bundle_layout_matches_what_resources_and_the_libraries_look_for(bundle):
    internal = bundle / "_internal"
    for rel in shipped_data_files():  # model/resources.py: sys._MEIPASS/geodata and sys._MEIPASS/styles
        assert (internal / rel).is_file(), rel
    assert not (internal / "geodata" / "build").exists()
    assert list(internal.rglob("pyproj/proj_dir/share/proj/proj.db"))
    assert list(internal.rglob("mpl-data/fonts/ttf/DejaVuSans.ttf"))
    assert list(internal.rglob("gdal_data/gdalvrt.xsd")) or list(internal.rglob("gdal_data/header.dxf"))
    platforms = {p.name for p in internal.rglob("PySide6/Qt/plugins/platforms/*.so")}
    assert {"libqoffscreen.so", "libqxcb.so"} <= platforms, platforms
    for rel in (
        "share/applications/io.github.sovsplit.Sovsplit.desktop",
        "share/icons/hicolor/scalable/apps/io.github.sovsplit.Sovsplit.svg",
        "share/metainfo/io.github.sovsplit.Sovsplit.metainfo.xml",
        "install-desktop.sh",
    ):
        assert (bundle / rel).is_file(), rel


def test_bundle_carries_the_licences_of_its_data_and_of_every_python_distribution_in_it(bundle):
    licences = bundle / "licenses"
    table = (licences / "THIRD-PARTY.md").read_text(encoding="utf-8")
    tables, current = [], None
    for line in table.splitlines():
        if line.startswith("|---"):
            continue
        if line.startswith("| "):
            if current is None:
                current = []
                tables.append(current)
            else:
                current.append([cell.strip() for cell in line.split("|")[1:-1]])
        else:
            current = None
    rows = tables[0]  # Python distributions: name, version, licence, folder, vendored libraries
    listed = {re.sub(r"[-_.]+", "-", cells[0]).lower() for cells in rows}
    for name in (
        "pyside6-essentials",
        "shiboken6",
        "shapely",
        "pyproj",
        "pyogrio",
        "rasterio",
        "matplotlib",
        "numpy",
        "geopandas",
        "pandas",
        "pillow",
        "python",
        "pyinstaller",
    ):
        assert name in listed, name
    for cells in rows:  # every listed folder holds at least one licence text
        folder = licences / cells[3].strip("`")
        assert any(folder.iterdir()), folder
    for cells in tables[1] if len(tables) > 1 else []:  # system libraries taken from the build machine
        assert (licences / "system" / cells[0] / "copyright").is_file(), cells
    (qt,) = [p for p in licences.iterdir() if p.name.lower().startswith("pyside6_essentials-")]
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in (qt / "LGPL-3.0.txt").read_text()
    data = licences / "geodata"
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in (data / "LGPL-3.0.txt").read_text()
    for name in ("CC-BY-4.0.txt", "COPERNICUS.txt", "Apache-2.0.txt", "SOURCES.md"):
        assert (data / name).is_file(), name
    assert "GNU GENERAL PUBLIC LICENSE" in (licences / "sovsplit" / "GPL-3.0.txt").read_text()


def test_bundle_runs_stats_export_and_snapshot_from_elsewhere(bundle, tmp_path):
    env = clean_env(tmp_path)
    exe = str(bundle / "sovsplit")
    assert_installed_commands_work(exe, tmp_path, env, snapshot_size=(1600, 1000))


def test_bundle_carries_one_copy_of_each_same_release_native_library(bundle):
    internal = bundle / "_internal"

    def real_files(pattern):
        return sorted(p.name for p in internal.rglob(pattern) if p.is_file() and not p.is_symlink())

    # GEOS: shapely and rasterio vendor the same release; one file stays, the other name links to it.
    assert len(real_files("libgeos_c-*.so*")) == 1 and len(real_files("libgeos-*.so*")) == 1
    for link in internal.rglob("libgeos*.so*"):
        assert link.resolve().parent.name == "shapely.libs", link
    # GDAL and PROJ: the two releases the README names (pyogrio's and rasterio's; pyproj's and rasterio's).
    gdal, proj = real_files("libgdal-*.so*"), real_files("libproj-*.so*")
    assert len(gdal) == 2 and len({name.split(".so.")[1] for name in gdal}) == 2, gdal
    assert len(proj) == 2 and len({name.split(".so.")[1] for name in proj}) == 2, proj
    # Matched by content too: no two regular files of the same library are byte-identical.
    seen = {}
    for path in internal.rglob("lib*.so*"):
        if path.is_file() and not path.is_symlink():
            key = (path.name.split("-")[0].split(".so")[0], path.stat().st_size)
            if key in seen:
                assert path.read_bytes() != seen[key].read_bytes(), (path, seen[key])
            seen[key] = path
