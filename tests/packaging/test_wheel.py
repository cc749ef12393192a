"""The built wheel carries the data, declares every dependency and runs from a fresh venv outside the checkout."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import venv
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
from packaging_checks import ROOT, assert_installed_commands_work, clean_env, shipped_data_files

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        ["bash", str(ROOT / "packaging" / "build.sh"), "--wheel"],
        check=True,
        cwd=ROOT,
        env={**os.environ, "SOVSPLIT_BUILD_PYTHON": sys.executable, "SOVSPLIT_BUILD_OUT": str(out)},
    )
    (built,) = out.glob("sovsplit-*.whl")
    return built


def _wheel_names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def test_wheel_carries_every_shipped_data_file_and_no_build_tools(wheel):
    names = _wheel_names(wheel)
    expected = {f"sovsplit/_data/{rel}" for rel in shipped_data_files()}
    assert expected <= names, sorted(expected - names)
    data = {name for name in names if name.startswith("sovsplit/_data/")}
    assert data == expected  # nothing else: no build scripts, caches or temp files
    assert not any(name.endswith(".pyc") for name in names)
    code = {name for name in names if name.startswith("sovsplit/") and name.endswith(".py")}
    source = {
        f"sovsplit/{p.relative_to(ROOT / 'app' / 'sovsplit').as_posix()}"
        for p in (ROOT / "app" / "sovsplit").rglob("*.py")
    }
    assert code == source


def _requires(wheel: Path, extras: bool = False) -> set[str]:
    """The wheel's base requirements, or (extras=True) those of its extras."""
    with zipfile.ZipFile(wheel) as archive:
        meta_name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        text = archive.read(meta_name).decode()
    required = set()
    for line in text.splitlines():
        if line.startswith("Requires-Dist:") and ("extra ==" in line) == extras:
            required.add(_canonical(re.split(r"[ ;<>=!~\[(]", line.split(":", 1)[1].strip())[0]))
    return required


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_requires_dist_covers_every_third_party_import(wheel):
    """Every module the package imports is the standard library, sovsplit itself or a declared dependency: a
    module-level import a base dependency, an import inside a function (an optional feature) at least an extra."""
    with zipfile.ZipFile(wheel) as archive:
        sources = {
            n: archive.read(n).decode() for n in archive.namelist() if n.startswith("sovsplit/") and n.endswith(".py")
        }
    imported: dict[str, tuple[str, bool]] = {}
    for name, text in sources.items():
        tree = ast.parse(text, name)
        top_level = set(map(id, tree.body))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                tops = [alias.name.split(".")[0] for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                tops = [node.module.split(".")[0]]
            else:
                continue
            for top in tops:
                lazy = id(node) not in top_level
                if top not in imported or (imported[top][1] and not lazy):
                    imported[top] = (name, lazy)
    third_party = {
        top: where
        for top, where in imported.items()
        if top not in sys.stdlib_module_names and top not in ("sovsplit", "__future__")
    }
    providers = metadata.packages_distributions()
    required, optional = _requires(wheel), _requires(wheel, extras=True)
    missing = {}
    for top, (where, lazy) in third_party.items():
        dists = {_canonical(d) for d in providers.get(top, [])}
        assert dists, f"{where} imports {top}, which no installed distribution provides"
        if not dists & (required | optional if lazy else required):
            missing[top] = (where, sorted(dists))
    assert not missing, f"imported but not in Requires-Dist: {missing}"
    assert {"pyside6-essentials", "geopandas", "shapely", "pyproj", "pyogrio", "matplotlib", "rasterio"} <= required


def test_fresh_venv_runs_stats_export_and_snapshot_outside_the_checkout(wheel, tmp_path):
    """A venv with nothing but the wheel and what its metadata pulls in (a real dependency install)."""
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    python = env_dir / "bin" / "python"
    # --no-compile: byte-compiling Qt, pandas and matplotlib would double the time and proves nothing here.
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-compile", str(wheel)],
        check=True,
    )
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = clean_env(work)
    env["PATH"] = f"{env_dir / 'bin'}{os.pathsep}{env['PATH']}"

    where = subprocess.run(
        [
            str(python),
            "-c",
            "import sovsplit, sovsplit.model.io.resources as r;"
            "print(sovsplit.__file__); print(r.geodata_path('regions.geojson'))",
        ],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert all(Path(p).is_relative_to(env_dir) for p in where), where
    assert "_data" in Path(where[1]).parts

    sovsplit = str(env_dir / "bin" / "sovsplit")
    assert_installed_commands_work(sovsplit, work, env, snapshot_size=(1200, 800))
