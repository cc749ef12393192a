"""Run in a fresh process by benchmarks/frames.py: time the canvas's real re-renders (not the blit) as JSON.

After a pan the finished frame for the new view (cached layer images moved, the exposed strip drawn; labels laid
out for the view and a margin move with it), and `pan_settle` the labels laid out afresh when the view then stays
still; at a zoom level never shown before the geometry is simplified for it first. Each sample is one
`render_frame()` on the GUI thread, in wall and thread-CPU ms. The `*_preview` samples time what a user's pan
or zoom puts on screen first (`render_frame(preview=True)`: images of the last view moved or scaled), and the
matching finished sample is the render that follows it.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time


def _timed(func) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.thread_time()
    func()
    return (time.perf_counter() - wall) * 1000.0, (time.thread_time() - cpu) * 1000.0


def main(width: int, height: int, repeats: int) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # A private state folder: recovery files left by other sessions must not open a prompt in the probe.
    os.environ["XDG_STATE_HOME"] = tempfile.mkdtemp(prefix="sovsplit-probe-")
    # Its cache entries are signed with that folder's fresh key: keep them out of the user's cache too.
    os.environ["XDG_CACHE_HOME"] = os.environ["XDG_STATE_HOME"]
    from sovsplit.ui.viewer_probe import probe_window

    app, window = probe_window(width, height)
    canvas = window.canvas
    canvas.wait_for_layers()
    app.processEvents()
    canvas.zoom_to_extent()
    canvas.render_frame()  # the default view's geometry is ready, as after start-up

    pan_wall, pan_cpu = [], []
    for step in range(repeats):
        canvas.pan_pixels(160 if step % 2 else -160, 60)
        wall, cpu = _timed(canvas.render_frame)
        pan_wall.append(wall)
        pan_cpu.append(cpu)
    # Onward in one direction: every second step leaves the cached images' margin and draws a strip.
    onward_wall, onward_cpu = [], []
    for _ in range(repeats):
        canvas.pan_pixels(-160, 0)
        wall, cpu = _timed(canvas.render_frame)
        onward_wall.append(wall)
        onward_cpu.append(cpu)
    # A pan and then a pause: the labels moved with the pan are laid out for the view it stopped at.
    settle_wall, settle_cpu = [], []
    for step in range(repeats):
        canvas.pan_pixels(160 if step % 2 else -160, 60)
        canvas.render_frame()
        wall, cpu = _timed(canvas.settle_labels)
        settle_wall.append(wall)
        settle_cpu.append(cpu)
    pan_preview_wall, pan_preview_cpu = [], []
    for step in range(repeats):
        canvas.pan_pixels(160 if step % 2 else -160, 60)
        wall, cpu = _timed(lambda: canvas.render_frame(preview=True))
        pan_preview_wall.append(wall)
        pan_preview_cpu.append(cpu)
        canvas.render_frame()

    # From the widest view inwards, doubling each step: every level is one the canvas has not drawn yet.
    canvas.zoom_to_extent()
    canvas.zoom_by(1 / 8)
    canvas.render_frame()
    zoom_wall, zoom_cpu, zoom_preview_wall, zoom_preview_cpu = [], [], [], []
    for _ in range(min(repeats, 9)):
        canvas.zoom_by(2.0)
        wall, cpu = _timed(lambda: canvas.render_frame(preview=True))
        zoom_preview_wall.append(wall)
        zoom_preview_cpu.append(cpu)
        wall, cpu = _timed(canvas.render_frame)
        zoom_wall.append(wall)
        zoom_cpu.append(cpu)
    # Back and forth between two levels already drawn: what a zoom costs once the geometry is cached.
    seen_wall, seen_cpu = [], []
    for step in range(repeats):
        canvas.zoom_by(0.5 if step % 2 == 0 else 2.0)
        wall, cpu = _timed(canvas.render_frame)
        seen_wall.append(wall)
        seen_cpu.append(cpu)
    window.close()
    return {
        "pan_rerender": pan_wall,
        "pan_rerender_cpu": pan_cpu,
        "pan_onward": onward_wall,
        "pan_onward_cpu": onward_cpu,
        "pan_settle": settle_wall,
        "pan_settle_cpu": settle_cpu,
        "pan_preview": pan_preview_wall,
        "pan_preview_cpu": pan_preview_cpu,
        "zoom_preview": zoom_preview_wall,
        "zoom_preview_cpu": zoom_preview_cpu,
        "zoom_new_level": zoom_wall,
        "zoom_new_level_cpu": zoom_cpu,
        "zoom_seen_level": seen_wall,
        "zoom_seen_level_cpu": seen_cpu,
    }


if __name__ == "__main__":
    w, h, n = (int(v) for v in sys.argv[1:4])
    print(json.dumps(main(w, h, n)))
