"""Exports of time: one state by date, a PDF page per state with its date, a GIF frame per state."""

from __future__ import annotations

import re

import pytest
from matplotlib.patches import FancyBboxPatch
from PIL import Image, ImageSequence
from pypdf import PdfReader

from sovsplit.cli import main
from sovsplit.model.io.shipped_scenarios import resolve_scenario
from sovsplit.model.timeline.io import load_timeline
from sovsplit.render.animation import _sequence
from sovsplit.render.series import series_pages
from sovsplit.render.settings import ExportSettings

EXAMPLE = "east-ussr-timeline"
# Small pages keep the tests quick; the layout code is the same at any size.
SMALL = ["--size", "480x360px", "--dpi", "60", "--layers", "polities"]


@pytest.fixture(scope="module")
def example(regions):
    return load_timeline(resolve_scenario(EXAMPLE), regions)


def pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-z])", data))


def test_every_page_shows_its_state_with_its_date_in_the_same_frame(example):
    frames = []
    for index, page in series_pages(example, ExportSettings(paper="480x360px", dpi=60)):
        texts = [t.get_text() for t in page.figure.texts]
        assert any(example.states[index].start.isoformat() in t for t in texts), texts
        assert any(example.states[index].title in t for t in texts)
        # The legend box too: one size on every page, so an animation's cross-fade shows no second box.
        boxes = [
            (round(a.get_x(), 6), round(a.get_y(), 6), round(a.get_width(), 6), round(a.get_height(), 6))
            for a in page.figure.artists
            if isinstance(a, FancyBboxPatch)
        ]
        frames.append((page.ax.get_xlim(), page.ax.get_ylim(), page.ax.get_position().bounds, boxes))
    assert len(frames) == 4 and all(f == frames[0] for f in frames) and frames[0][3]


@pytest.mark.slow  # a vector page per state, read back with pypdf: about 8 s
def test_a_series_is_one_pdf_page_per_state_with_its_date(tmp_path, capsys, example):
    pdf = tmp_path / "maps.pdf"
    assert main(["export", EXAMPLE, "--series", "-o", str(pdf), *SMALL]) == 0
    assert "4 states" in capsys.readouterr().out and pdf_pages(pdf.read_bytes()) == 4
    pages = PdfReader(pdf).pages
    assert len(pages) == 4
    for page, state in zip(pages, example.states):
        text = page.extract_text()
        assert state.start.isoformat() in text and state.title in text
    assert not list(tmp_path.glob(".*.part"))


def test_a_gif_is_one_frame_per_state_for_the_set_time(tmp_path):
    gif = tmp_path / "split.gif"
    assert main(["export", EXAMPLE, "--animate", "--frame-seconds", "1.5", "-o", str(gif), *SMALL, "--quiet"]) == 0
    with Image.open(gif) as image:
        frames = [frame.convert("RGB") for frame in ImageSequence.Iterator(image)]
        durations = [frame.info["duration"] for frame in ImageSequence.Iterator(image)]
    assert len(frames) == 4 and durations == [1500] * 4
    assert all(a.tobytes() != b.tobytes() for a, b in zip(frames, frames[1:]))
    assert not list(tmp_path.glob(".*.part"))
    # A cross-fade adds blends between the stills: 0.3 s at 10 frames a second is three of 100 ms each.
    sequence, times = _sequence(frames, 1.0, 0.3)
    assert times == [1000, 100, 100, 100] * 3 + [1000]
    assert [sequence[i].tobytes() for i in (0, 4, 8, 12)] == [f.tobytes() for f in frames]


def test_an_mp4_shows_each_state_for_the_frame_time(tmp_path):
    import imageio_ffmpeg

    video = tmp_path / "split.mp4"
    assert main(["export", EXAMPLE, "--animate", "--frame-seconds", "0.5", "-o", str(video), *SMALL, "--quiet"]) == 0
    frames, seconds = imageio_ffmpeg.count_frames_and_secs(str(video))
    assert frames == 4 * 5 and seconds == pytest.approx(2.0, abs=0.15)


def test_one_state_by_date(tmp_path):
    png = tmp_path / "map.png"
    assert main(["export", EXAMPLE, "--date", "1938-01-01", "-o", str(png), *SMALL, "--quiet"]) == 0
    with Image.open(png) as image:
        assert "1932-01-01" in image.info["Title"]  # the state valid in 1938 began in 1932


def test_bad_time_exports_are_one_line(tmp_path, capsys):
    assert main(["export", EXAMPLE, "--animate", "-o", str(tmp_path / "x.pdf")]) == 2
    assert main(["export", EXAMPLE, "--date", "1900-01-01", "-o", str(tmp_path / "x.png")]) == 2
    assert main(["export", EXAMPLE, "--date", "1941-02-30", "-o", str(tmp_path / "x.png")]) == 2
    assert main(["export", "default", "--date", "1941-01-01", "-o", str(tmp_path / "x.png")]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 4 and "GIF" in err[0] and "outside the timeline" in err[1] and "ISO 8601" in err[2]
    assert "no dated states" in err[3]
    assert not list(tmp_path.iterdir())
