"""An animation of a timeline: one frame per state for a set time, optionally cross-faded; GIF with Pillow, MP4
and WebM with the FFmpeg that the optional imageio-ffmpeg wheel carries."""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path

from PIL import Image

from sovsplit.model.io.atomic import replace_atomic
from sovsplit.model.timeline.timeline import Timeline
from sovsplit.render.export import ExportCancelled, save_figure
from sovsplit.render.series import series_pages
from sovsplit.render.settings import ExportSettings

ANIMATION_FORMATS = {".gif", ".mp4", ".webm"}
VIDEO_CODECS = {".mp4": "libx264", ".webm": "libvpx-vp9"}
# Blend frames per second of cross-fade: smooth enough to read as a fade, few enough to keep the GIF small.
FADE_FPS = 10


def export_animation(
    timeline: Timeline,
    settings: ExportSettings,
    path,
    frame_seconds: float = 2.0,
    crossfade_seconds: float = 0.0,
    progress=None,
    cancel=None,
) -> Path:
    """Write an animation (.gif, or .mp4/.webm with imageio-ffmpeg): each state shown `frame_seconds`, then (optionally) blended into the next over
    `crossfade_seconds` (a GIF loops forever). Atomic: a failure or cancel leaves no file."""
    path = Path(path)
    if path.suffix.lower() not in ANIMATION_FORMATS:
        raise ValueError(f"{path.name}: animations are written as GIF, MP4 or WebM (.gif, .mp4, .webm)")
    if path.suffix.lower() in VIDEO_CODECS:
        _video_writer()  # refuse before rendering when the encoder is missing
    if not path.parent.is_dir():
        raise ValueError(f"{path.name}: folder {path.parent} does not exist")
    if not 0.05 <= frame_seconds <= 600:
        raise ValueError(f"frame time {frame_seconds:g} s must be between 0.05 and 600 seconds")
    if not 0 <= crossfade_seconds <= 60:
        raise ValueError(f"cross-fade {crossfade_seconds:g} s must be between 0 and 60 seconds")
    stop = cancel or (lambda: False)
    stills = []
    for _, page in series_pages(timeline, settings, True, progress, cancel):
        buffer = io.BytesIO()
        save_figure(page, buffer, "png")
        buffer.seek(0)
        stills.append(Image.open(buffer).convert("RGB"))
        if stop():
            raise ExportCancelled()
    frames, durations = _sequence(stills, frame_seconds, crossfade_seconds)

    def write(tmp: Path) -> None:
        if path.suffix.lower() == ".gif":
            _write_gif(str(tmp), frames, durations, timeline.name)
        else:
            _write_video(str(tmp), frames, durations, VIDEO_CODECS[path.suffix.lower()])

    replace_atomic(path, write)  # the one atomic writer: a failure leaves no partial file
    return path


def _write_gif(target: str, frames: list[Image.Image], durations: list[int], title: str) -> None:
    # One adaptive palette per frame: states differ in colours (a polity appears), and so do blends.
    palettes = [f.quantize(colors=255, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE) for f in frames]
    palettes[0].save(
        target,
        format="GIF",
        save_all=True,
        append_images=palettes[1:],
        duration=durations,
        loop=0,
        disposal=1,
        optimize=False,
        comment=title.encode("utf-8")[:250],
    )


def video_available() -> bool:
    """Whether MP4 and WebM can be written here (the optional imageio-ffmpeg wheel is installed)."""
    return importlib.util.find_spec("imageio_ffmpeg") is not None


def _video_writer():
    try:
        import imageio_ffmpeg
    except ImportError:
        raise ValueError(
            "MP4 and WebM need the FFmpeg encoder of imageio-ffmpeg (pip install 'sovsplit[video]'); GIF works without it"
        ) from None
    return imageio_ffmpeg.write_frames


def _write_video(target: str, frames: list[Image.Image], durations: list[int], codec: str) -> None:
    """A constant frame rate video: each frame repeated for its duration at FADE_FPS frames a second."""
    width, height = (-(-side // 16) * 16 for side in frames[0].size)  # encoders want whole macroblocks
    writer = _video_writer()(
        target, (width, height), fps=FADE_FPS, codec=codec, macro_block_size=16, ffmpeg_log_level="error"
    )
    writer.send(None)
    try:
        for frame, ms in zip(frames, durations):
            canvas = Image.new("RGB", (width, height), frame.getpixel((0, 0)))
            canvas.paste(frame, (0, 0))
            data = canvas.tobytes()
            for _ in range(max(1, round(ms * FADE_FPS / 1000))):
                writer.send(data)
    finally:
        writer.close()


def _sequence(stills: list[Image.Image], frame_seconds: float, fade_seconds: float):
    """The frames and their durations in milliseconds: each still, then blends towards the next one."""
    steps = round(fade_seconds * FADE_FPS) if len(stills) > 1 else 0
    frames, durations = [], []
    for index, still in enumerate(stills):
        frames.append(still)
        durations.append(round(frame_seconds * 1000))
        if steps and index + 1 < len(stills):
            following = stills[index + 1]
            for step in range(1, steps + 1):
                frames.append(Image.blend(still, following, step / (steps + 1)))
                durations.append(round(fade_seconds * 1000 / steps))
    return frames, durations
