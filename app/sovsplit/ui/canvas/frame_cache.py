"""Frames composed from cached layer images: map-anchored layers shifted after a pan, previews while a view renders.

As QGIS's canvas does, the layers are drawn into images that outlive a frame. Consecutive layers of one kind
share an image (fewer images to composite): runs of map-anchored layers (fills, lines, markers: what they draw
at a point of the map does not depend on the rest of the view) and runs of view-dependent ones (labels placed
inside the frame, callouts). A repaint with nothing changed composites the images; after a pan an anchored
image is moved and only the strip the view exposes is drawn. View-dependent layers are laid out for the view
and the same margin (ui/canvas/placement_view.py), so a pan inside it moves their image too; beyond it they are
laid out afresh for the new view, or, for a preview, moved or scaled from the last view until the finished
frame replaces them.
"""

from __future__ import annotations

import math
import time
import traceback
import weakref
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPainter, QRegion, QTransform

from sovsplit.ui.canvas.placement_view import PlacementCanvas, placement_view, view_transform

# Anchored images cover the view and this much more on every side (share of the longer side): a pan inside it
# costs a blit, and a longer one draws only strips, at most once per this many pixels of panning.
MARGIN_SHARE = 0.1
# How many images of other zoom levels are kept (an anchored one with its margin is about 15 MB at 1600x1000).
_SPARE_IMAGES = 8
# How many dropped images are kept for reuse (each about 10 MB at 1600x1000 with its margin): in the viewer probe
# the window's peak memory was ~261 MB with none, ~278 with two, ~287 with four (above the 283 of before).
_FREE_IMAGES = 2
# A pan reuses an image only when it moves by whole device pixels (closer than this): the moved pixels must be
# the ones a new rendering would give, or seams and drift would show.
_WHOLE_PIXEL = 1e-3


@dataclass(frozen=True)
class View:
    """What a frame depends on besides content: scale (pixels per metre), centre (metres), size, pixel ratio."""

    scale: float
    centre: tuple[float, float]
    width: int
    height: int
    ratio: float

    def mapping_from(self, old: View) -> QTransform | None:
        """The transform taking pixels of a frame drawn for `old` onto this view (None: sizes differ)."""
        if (old.width, old.height, old.ratio) != (self.width, self.height, self.ratio) or old.scale <= 0:
            return None
        k = self.scale / old.scale
        dx = self.width / 2 * (1 - k) + (old.centre[0] - self.centre[0]) * self.scale
        dy = self.height / 2 * (1 - k) + (self.centre[1] - old.centre[1]) * self.scale
        return QTransform(k, 0, 0, k, dx, dy)

    def whole_pixel_shift(self, old: View) -> tuple[int, int] | None:
        """The pan from `old` to this view in logical pixels, when it is a move by whole device pixels."""
        if (old.scale, old.width, old.height, old.ratio) != (self.scale, self.width, self.height, self.ratio):
            return None
        dx = (old.centre[0] - self.centre[0]) * self.scale
        dy = (self.centre[1] - old.centre[1]) * self.scale
        shift = []
        for value in (dx, dy):
            # Logical pixels: QRegion works in them, so a half-pixel move at ratio 2 is drawn afresh.
            if not math.isfinite(value) or abs(value - round(value)) > _WHOLE_PIXEL:
                return None
            shift.append(round(value))
        return shift[0], shift[1]


@dataclass
class _Cached:
    content: tuple
    view: View
    image: QImage
    margin: int  # logical pixels drawn beyond each edge of the view
    # Where the layers' own screen records (label boxes, for hit tests) were last moved to: image pixels minus
    # this offset are widget pixels (view-dependent runs only; (0, 0) right after drawing).
    moved: tuple[int, int] = (0, 0)
    # Each layer's screen records as this image was drawn (view-dependent runs): given back to the layers when
    # a zoom returns to this image, whose labels the layers' later layouts no longer describe.
    records: tuple = ()


def _content_key(layers, generations: dict[int, int]) -> tuple:
    return tuple((id(layer), generations.get(id(layer), 0), layer.opacity) for layer in layers)


def _covers(run) -> bool:
    """True when the run's first layer paints every pixel opaquely (the sea), so nothing below it shows."""
    return bool(getattr(run[0], "covers_frame", False)) and run[0].opacity >= 1.0


def _is_anchored(layer) -> bool:
    return not getattr(layer, "view_dependent", True)


def layer_runs(layers) -> list[tuple[bool, tuple]]:
    """The drawable layers in runs of one kind, bottom first: (anchored, layers)."""
    runs: list[tuple[tuple, list]] = []
    for layer in layers:
        # Scenario-free layers get images of their own, which a new scenario or an edit leaves alone.
        kind = (_is_anchored(layer), bool(getattr(layer, "scenario_free", False)))
        if runs and runs[-1][0] == kind:
            runs[-1][1].append(layer)
        else:
            runs.append((kind, [layer]))
    return [(kind[0], tuple(run)) for kind, run in runs]


class FrameCache:
    """The layer images of one canvas and the content generations that say when one is stale."""

    def __init__(self, canvas):
        self.canvas = canvas
        self._images: dict[tuple, _Cached] = {}
        # Images of the last few other zoom levels, by (run, scale): zooming back to a level just left is a blit.
        self._spare: dict[tuple, _Cached] = {}
        # Images no longer held by any entry, reused for new ones of the same size.
        self._free: list[QImage] = []
        # Bumped for a layer whose content changed (layer.changed()); a global change drops every image.
        self._generations: dict[int, int] = {}
        # The view each view-dependent run was last laid out for (kept across a redraw of changed content, so an
        # edit relabels the same extent and labels elsewhere in it stay where they were).
        self._placements: dict[tuple, View] = {}
        # The label runs of the last finished frame that were laid out for an earlier view and moved with a pan:
        # a label may cross the window's edge there, so they are laid out afresh once the view settles.
        self._moved_label_runs: list[tuple] = []
        # The image whose drawing each view-dependent run's layers now hold the screen records of.
        self._recorded: dict[tuple, weakref.ref] = {}
        self.stats = {"hits": 0, "shifted": 0, "drawn": 0, "previewed": 0}
        # Thread-CPU milliseconds of each layer's last drawing, by layer key (where a frame's time goes).
        self.layer_ms: dict[str, float] = {}

    def invalidate_scenario(self, layers) -> None:
        """The scenario changed: every image of a layer that draws from it is stale."""
        for layer in layers:
            if not getattr(layer, "scenario_free", False):
                self.invalidate(layer)

    def invalidate(self, layer=None) -> None:
        """Forget the images holding `layer` (None: every image)."""
        if layer is None:
            dropped = [entry.image for entry in (*self._images.values(), *self._spare.values())]
            self._free = (dropped + self._free)[:_FREE_IMAGES]
            self._images.clear()
            self._spare.clear()
            return
        self._generations[id(layer)] = self._generations.get(id(layer), 0) + 1

    def compose(self, layers, view: View, transform: QTransform, background, preview: bool) -> tuple[QImage, bool]:
        """The frame for `view` and whether it is finished (False: some images were moved or scaled from an
        older view as a preview, to be replaced by compose(preview=False))."""
        frame = QImage(
            QSize(round(view.width * view.ratio), round(view.height * view.ratio)), QImage.Format_ARGB32_Premultiplied
        )
        frame.setDevicePixelRatio(view.ratio)
        runs = layer_runs(layers)
        if not (runs and _covers(runs[0][1])):
            frame.fill(background)  # else the bottom layer's image replaces every pixel (CompositionMode_Source)
        painter = QPainter(frame)
        complete = True
        kept = {}
        for index, (anchored, run) in enumerate(runs):
            painter.setCompositionMode(
                QPainter.CompositionMode_Source if index == 0 and _covers(run) else QPainter.CompositionMode_SourceOver
            )
            ids = tuple(id(layer) for layer in run)
            content = _content_key(run, self._generations)
            cached = self._images.get(ids)
            if cached is None or cached.view.scale != view.scale:
                cached = self._spare.get((ids, view.scale), cached)  # a level drawn before
            usable = cached is not None and cached.content == content
            margin = round(MARGIN_SHARE * max(view.width, view.height))
            shift = view.whole_pixel_shift(cached.view) if usable else None
            if usable and cached.view == view:
                self.stats["hits"] += 1
                entry = cached
            elif shift is not None and abs(shift[0]) <= cached.margin and abs(shift[1]) <= cached.margin:
                # A pan inside the margin: the image already holds the whole new view.
                self.stats["hits"] += 1
                entry = cached
            elif anchored and shift is not None and cached.margin == margin:
                self.stats["shifted"] += 1
                entry = _Cached(content, view, self._shifted(run, cached, view, transform, shift, margin), margin)
            elif usable and preview and view.mapping_from(cached.view) is not None:
                # Moved or scaled from the last view: on screen at once, redrawn when the frame is finished.
                self.stats["previewed"] += 1
                painter.save()
                if index == 0 and _covers(run):  # a scaled-down image leaves the frame's edge uncovered
                    painter.fillRect(QRectF(0, 0, view.width, view.height), background)
                    painter.setCompositionMode(QPainter.CompositionMode_SourceOver)
                painter.setTransform(
                    QTransform.fromTranslate(-cached.margin, -cached.margin) * view.mapping_from(cached.view)
                )
                painter.drawImage(QPointF(0, 0), cached.image)
                painter.restore()
                kept[ids] = cached
                complete = False
                continue
            elif anchored:
                self.stats["drawn"] += 1
                entry = _Cached(content, view, self._draw(run, view, transform, margin, None), margin)
            else:
                self.stats["drawn"] += 1
                place = placement_view(self._placements.get(ids), view, margin)
                image = self._draw(run, place, view_transform(place), margin, None, placed=True)
                records = tuple(layer.screen_records() for layer in run)
                entry = _Cached(content, place, image, margin, records=records)
                self._placements[ids] = place
            if not anchored:
                self._own_records(run, ids, entry)
                self._move_records(run, entry, view)
            kept[ids] = entry
            self._blit(painter, entry, view)
        painter.end()
        before = [entry.image for entry in (*self._images.values(), *self._spare.values())]
        # Images of runs that no longer exist (a layer hidden, moved or removed) are dropped.
        for ids, old in self._images.items():
            if ids not in kept or kept[ids].view.scale != old.view.scale:
                self._spare[(ids, old.view.scale)] = old
        for ids, entry in kept.items():
            self._spare.pop((ids, entry.view.scale), None)
        while len(self._spare) > _SPARE_IMAGES:
            self._spare.pop(next(iter(self._spare)))
        self._images = kept
        self._placements = {ids: place for ids, place in self._placements.items() if ids in kept}
        label_runs = [tuple(id(layer) for layer in run) for anchored, run in runs if not anchored]
        self._moved_label_runs = (
            [ids for ids in label_runs if ids in kept and kept[ids].view != view] if complete else []
        )
        alive = {id(entry.image) for entry in (*kept.values(), *self._spare.values())}
        self._free = ([image for image in before if id(image) not in alive] + self._free)[:_FREE_IMAGES]
        return frame, complete

    def relayout_labels(self) -> bool:
        """Forget labels laid out for an earlier view (moved with a pan), so the next frame lays them out for
        its own view and none is cut by the window's edge; True when there were any."""
        moved, self._moved_label_runs = self._moved_label_runs, []
        for ids in moved:
            self._images.pop(ids, None)
            self._placements.pop(ids, None)
        return bool(moved)

    @property
    def labels_moved(self) -> bool:
        """True when the last finished frame shows labels laid out for an earlier view and moved with a pan."""
        return bool(self._moved_label_runs)

    def _own_records(self, run, ids: tuple, entry: _Cached) -> None:
        """Make the layers' screen records those of `entry`'s drawing, if they describe another one (a zoom back
        to a level whose image was kept)."""
        known = self._recorded.get(ids)
        if known is not None and known() is entry:
            return
        if known is not None and entry.records:
            for layer, records in zip(run, entry.records):
                layer.restore_screen_records(records)
            entry.moved = (0, 0)  # the records are as drawn again: image pixels
        self._recorded[ids] = weakref.ref(entry)  # not kept alive by this: its image may be dropped

    @staticmethod
    def _move_records(run, entry: _Cached, view: View) -> None:
        """Tell a view-dependent run's layers where their image lands in the widget, so the label boxes they keep
        (for hit tests and the next layer's obstacles) are in widget pixels of this view."""
        dx, dy = view.whole_pixel_shift(entry.view) or (0, 0)
        offset = (dx - entry.margin, dy - entry.margin)
        if offset != entry.moved:
            step = (offset[0] - entry.moved[0], offset[1] - entry.moved[1])
            for layer in run:
                hook = getattr(layer, "labels_moved", None)
                if hook is not None:
                    hook(*step)
            entry.moved = offset

    @staticmethod
    def _blit(painter: QPainter, entry: _Cached, view: View) -> None:
        """Draw the part of an image that the view shows (all of it when it has no margin)."""
        if not entry.margin and entry.view == view:
            painter.drawImage(QPointF(0, 0), entry.image)
            return
        dx, dy = view.whole_pixel_shift(entry.view)
        r = view.ratio
        source = QRectF((entry.margin - dx) * r, (entry.margin - dy) * r, view.width * r, view.height * r)
        painter.drawImage(QRectF(0, 0, view.width, view.height), entry.image, source)

    def _shifted(self, run, cached: _Cached, view: View, transform: QTransform, shift, margin: int) -> QImage:
        """The cached image moved by the pan, with only the newly exposed strips drawn."""
        dx, dy = shift
        size = QRect(0, 0, view.width + 2 * margin, view.height + 2 * margin)
        exposed = QRegion(size).subtracted(QRegion(size.translated(dx, dy)))
        image = self._blank(view, margin)
        painter = QPainter(image)
        painter.setCompositionMode(QPainter.CompositionMode_Source)
        painter.drawImage(QPointF(dx, dy), cached.image)
        painter.end()
        return self._draw(run, view, transform, margin, exposed, image)

    def _blank(self, view: View, margin: int = 0, covered: bool = False) -> QImage:
        """A transparent image for a run (left unfilled when its first layer covers every pixel anyway): one
        dropped earlier when its size fits, since a fresh one costs more than its drawing at a new zoom level
        (the system maps every page of it on the first write)."""
        size = QSize(round((view.width + 2 * margin) * view.ratio), round((view.height + 2 * margin) * view.ratio))
        index = next((i for i, old in enumerate(self._free) if old.size() == size), None)
        if index is not None:
            image = self._free.pop(index)  # by position: QImage's == compares every pixel
        else:
            image = QImage(size, QImage.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(view.ratio)
        if not covered:
            image.fill(Qt.transparent)
        return image

    def _draw(
        self, run, view: View, transform, margin: int, clip: QRegion | None, image: QImage | None = None, placed=False
    ):
        """Draw the layers of a run (into `image`, only inside `clip` when given); an image with a margin
        has the view's top left corner at (margin, margin). `placed`: the layers lay out for the whole image."""
        canvas = PlacementCanvas(self.canvas, view, margin) if placed else self.canvas
        image = image if image is not None else self._blank(view, margin, _covers(run))
        if margin:
            transform = transform * QTransform.fromTranslate(margin, margin)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.Antialiasing)
        painter.setRenderHint(QPainter.TextAntialiasing)
        if clip is not None:
            painter.setClipRegion(clip)
        for index, layer in enumerate(run):
            painter.save()
            painter.setTransform(transform)
            painter.setOpacity(layer.opacity)
            # The first layer of a run draws onto transparent pixels only (a fresh image, or a pan's exposed
            # strips of a moved one): a layer may then write its colours without blending (`paint_on_clear`).
            paint = (getattr(layer, "paint_on_clear", None) if index == 0 else None) or layer.paint
            start = time.thread_time()
            try:
                paint(painter, canvas)
            except Exception as exc:  # one broken layer must not take the map (or the app) down
                message = f"layer {layer.title!r} failed to draw: {type(exc).__name__}: {exc}"
                if message not in canvas.layer_errors:
                    canvas.layer_errors.append(message)
                    traceback.print_exc()
            painter.restore()
            self.layer_ms[layer.key] = (time.thread_time() - start) * 1000.0
        painter.end()
        return image
