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


class _Samples(dict):
    """Wall and thread-CPU milliseconds by figure name: `name` and `name_cpu` lists."""

    def time(self, name: str, func, keep=lambda result: True) -> None:
        """Time `func()` as a sample of `name`, unless `keep` says its result did no work worth counting."""
        wall, cpu = time.perf_counter(), time.thread_time()
        result = func()
        wall, cpu = (time.perf_counter() - wall) * 1000.0, (time.thread_time() - cpu) * 1000.0
        if keep(result):
            self.setdefault(name, []).append(wall)
            self.setdefault(f"{name}_cpu", []).append(cpu)


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
    samples = _Samples()

    def alternate_pan(step: int) -> None:
        canvas.pan_pixels(160 if step % 2 else -160, 60)

    for step in range(repeats):
        alternate_pan(step)
        samples.time("pan_rerender", canvas.render_frame)
    # Onward in one direction: every second step leaves the cached images' margin and draws a strip.
    for _ in range(repeats):
        canvas.pan_pixels(-160, 0)
        samples.time("pan_onward", canvas.render_frame)
    # A pan and then a pause: the labels moved with the pan are laid out for the view it stopped at (a pan
    # whose labels needed no new layout gives no sample).
    for step in range(repeats):
        alternate_pan(step)
        canvas.render_frame()
        samples.time("pan_settle", canvas.settle_labels, keep=bool)
    for step in range(repeats):
        alternate_pan(step)
        samples.time("pan_preview", lambda: canvas.render_frame(preview=True))
        canvas.render_frame()

    # From the widest view inwards, doubling each step: every level is one the canvas has not drawn yet.
    canvas.zoom_to_extent()
    canvas.zoom_by(1 / 8)
    canvas.render_frame()
    for _ in range(min(repeats, 9)):
        canvas.zoom_by(2.0)
        samples.time("zoom_preview", lambda: canvas.render_frame(preview=True))
        samples.time("zoom_new_level", canvas.render_frame)
    # Back and forth between two levels already drawn: what a zoom costs once the geometry is cached.
    for step in range(repeats):
        canvas.zoom_by(0.5 if step % 2 == 0 else 2.0)
        samples.time("zoom_seen_level", canvas.render_frame)
    window.close()
    return dict(samples)


if __name__ == "__main__":
    w, h, n = (int(v) for v in sys.argv[1:4])
    print(json.dumps(main(w, h, n)))
