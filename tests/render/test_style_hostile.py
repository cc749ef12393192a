"""Broken user style files never stop the app: each is skipped with one line and the shipped style is used."""

from __future__ import annotations

import os
import signal

import pytest

from sovsplit.model.io.user_dirs import user_config_dir
from sovsplit.render.style import available_styles, load_style, load_style_file


def _fifo(path):
    os.mkfifo(path)


def _write(text):
    return lambda path: path.write_text(text)


HOSTILE = {
    "fifo": _fifo,
    "dev-zero": lambda path: path.symlink_to("/dev/zero"),
    "folder": lambda path: path.mkdir(),
    "map-number": _write("map = 5\n"),
    "meta-list": _write("meta = [1, 2]\n"),
    "bad-colour": _write('[map]\nsea = "#zzzzzz"\n'),
    "colour-number": _write("[map]\nsea = 255\n"),
    "not-toml": _write("this is = = not toml"),
    "latin1": lambda path: path.write_bytes('[meta]\nname = "Zürich"\n'.encode("latin-1")),
    "huge": lambda path: path.write_text("# " + "x" * 400_000),
    "unknown-key": _write("[map]\nsaturation = 3\n"),
    "polities-number": _write("polities = 3\n"),
    "deep": _write("x = " + "[" * 5000 + "]" * 5000 + "\n"),
}


@pytest.fixture
def user_styles():
    folder = user_config_dir() / "styles"
    folder.mkdir(parents=True)
    return folder


def _bounded(fn, seconds=20):
    def timeout(signum, frame):
        raise TimeoutError("style loading hung")

    previous = signal.signal(signal.SIGALRM, timeout)
    signal.alarm(seconds)
    try:
        return fn()
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_a_broken_user_classic_falls_back_to_the_shipped_classic_with_one_line(user_styles, kind):
    path = user_styles / "classic.toml"
    HOSTILE[kind](path)
    style, warning = _bounded(lambda: load_style("classic"))
    shipped = load_style_file(_shipped_classic())
    assert style == shipped
    if warning is not None:  # a FIFO, device or folder is not even offered as a style
        assert len(warning.splitlines()) == 1 and "classic.toml" in warning and "shipped classic" in warning
    else:
        assert available_styles()["classic"] != path


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_a_broken_user_style_of_its_own_name_gives_the_default_with_one_line(user_styles, kind):
    path = user_styles / f"mine-{kind}.toml"
    HOSTILE[kind](path)
    style, warning = _bounded(lambda: load_style(str(path)))
    assert style.key == "classic"
    assert warning is not None and len(warning.splitlines()) == 1 and path.name in warning


def _shipped_classic():
    from sovsplit.model.io.resources import styles_path

    return styles_path("maps") / "classic.toml"
