"""The model, the renderer and the CLI must never load Qt."""

import subprocess
import sys
from pathlib import Path

import sovsplit

APP = Path(sovsplit.__file__).resolve().parents[1]


def _modules(package: str) -> list[str]:
    folder = APP / "sovsplit" / package
    return [f"sovsplit.{package}.{p.stem}" for p in sorted(folder.glob("*.py")) if p.stem != "__init__"]


def test_model_render_and_cli_never_import_pyside6():
    modules = _modules("model") + _modules("render") + _modules("commands") + ["sovsplit.cli"]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "from sovsplit.cli import main\n"
        "assert main(['stats', '--format', 'json']) == 0\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print('QT:' + ','.join(loaded))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=APP,
        env={"PYTHONPATH": str(APP), "PATH": "/usr/bin:/bin"},
        timeout=300,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert len(_modules("model")) > 5
    assert out.stdout.strip().splitlines()[-1] == "QT:"


def test_no_source_file_in_model_or_render_mentions_qt_imports():
    for package in ("model", "render", "commands"):
        for path in (APP / "sovsplit" / package).glob("*.py"):
            text = path.read_text()
            assert "import PySide6" not in text and "from PySide6" not in text, path
