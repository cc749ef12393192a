"""The feasibility-debate overlay: compact verdict markers, expanded into callouts on hover, click or when there is room."""

from __future__ import annotations

import math

import numpy as np
import shapely
from PySide6.QtCore import QLineF, QPointF, QRectF
from PySide6.QtGui import QFont, QFontMetricsF

from sovsplit.model.annotations.arguments import STANCES, TOPICS, Assessment
from sovsplit.model.annotations.rules import NOT_MEASURABLE
from sovsplit.model.events import Signal
from sovsplit.ui.canvas.geometry_paths import path_from_geometries, project_geometry
from sovsplit.ui.document.annotation_verdicts import VerdictRunner
from sovsplit.ui.layers.annotation_marks import (
    BOX_GAP,
    CALLOUT_ANGLES,
    CALLOUT_RADII,
    GROUP_PX,
    STANCE_COLOURS,
    STANCE_LEGEND,
    STANCE_ORDER,
    VERDICT_COLOURS,
    VERDICT_LEGEND,
    Callout,
    MarkerGroup,
    angle_order,
    line_crosses_rect,
    lines_cross,
    nearest_on_rect,
    rect_overlap,
    rect_towards,
    row_text,
)
from sovsplit.ui.layers.annotation_paint import AnnotationPainting
from sovsplit.ui.layers.map_layers import MapLayer, qcolor


class AnnotationLayer(AnnotationPainting, MapLayer):
    """Draws the forum's arguments and the user's notes where they apply, with the verdict the numbers give."""

    key = "annotations"
    title = "Feasibility debate"

    def __init__(self, document=None, **kw):
        super().__init__(**kw)
        # Verdicts come with the document's one computation per change (the report and the verdicts together).
        self.runner = VerdictRunner(document)
        self.runner.updated.connect(self._verdicts_updated)
        self.topics: set[str] = set(TOPICS)
        self.stances: set[str] = set(STANCES)
        self.selected: str | None = None
        # (annotation id, lon, lat) while a note is dragged: drawn there until the drag ends.
        self.drag_preview: tuple[str, float, float] | None = None
        self.callouts: list[Callout] = []
        self.groups: list[MarkerGroup] = []
        self.markers: dict[str, list[QPointF]] = {}
        # Arguments no number can settle crowd the map; one toggle in the debate dock shows them.
        self.show_untestable = False
        # The argument under the mouse: its group opens into a callout while hovered.
        self.hovered: str | None = None
        # True when the zoom leaves room for every callout in full (no overlap, no crossing leaders).
        self.full_labels = False
        # Announced (with no arguments) when verdicts, filters or the selection change; the panel listens.
        self.changed_signal = Signal()
        self._projected: dict[str, tuple] = {}
        self._layout_key = None
        self.font = QFont()

    # --- canvas hooks ----------------------------------------------------------------------------------
    def attached(self, canvas) -> None:
        super().attached(canvas)
        # The runner delivers verdicts by signal; owned by the canvas, it goes when the canvas goes.
        self.runner.setParent(canvas)
        self.font = QFont(canvas.style.font_family)
        self.font.setPointSizeF(max(7.5, canvas.style.label_size - 0.5))
        if canvas.scenario is not None:
            self.scenario_changed()

    def scenario_changed(self) -> None:
        self._projected.clear()
        self.selected = None

    def projection_changed(self) -> None:
        self._projected.clear()
        self._layout_key = None

    def style_changed(self) -> None:
        self.attached(self.canvas)
        self._layout_key = None

    def _verdicts_updated(self) -> None:
        live = {a.annotation.id for a in self.runner.assessments}
        if self.selected not in live:
            self.selected = None
        self._layout_key = None
        self.changed_signal.emit()
        self.changed()

    # --- what is shown -----------------------------------------------------------------------------------
    @property
    def assessments(self) -> list[Assessment]:
        return self.runner.assessments

    def shown(self) -> list[Assessment]:
        """The assessments that pass the topic and stance filters (and the "cannot test" toggle; notes always)."""
        return [
            a
            for a in self.runner.assessments
            if a.annotation.props["topic"] in self.topics
            and a.annotation.props["stance"] in self.stances
            and (self.show_untestable or a.annotation.user or a.verdict.status != NOT_MEASURABLE)
        ]

    def set_show_untestable(self, on: bool) -> None:
        self.show_untestable = bool(on)
        self._layout_key = None
        self.changed_signal.emit()
        self.changed()

    def set_hovered(self, annotation_id: str | None) -> None:
        """Open the group of the argument under the mouse into a callout (None closes it)."""
        if annotation_id != self.hovered:
            self.hovered = annotation_id
            self._layout_key = None
            self.changed()

    def expand(self, annotation_id: str) -> None:
        """Open the callout of an argument's group (as hovering its marker would) and lay it out now."""
        self.set_hovered(annotation_id)
        if self.canvas is not None and self.canvas.scenario is not None:
            self.callouts = self.layout(self.canvas)
            self._layout_key = None

    def assessment(self, annotation_id: str) -> Assessment | None:
        return next((a for a in self.runner.assessments if a.annotation.id == annotation_id), None)

    def set_filters(self, topics=None, stances=None) -> None:
        if topics is not None:
            self.topics = set(topics)
        if stances is not None:
            self.stances = set(stances)
        self._layout_key = None
        self.changed_signal.emit()
        self.changed()

    def select(self, annotation_id: str | None) -> None:
        if annotation_id != self.selected:
            self.selected = annotation_id
            self._layout_key = None
            self.changed_signal.emit()
            self.changed()

    def set_drag_preview(self, preview) -> None:
        self.drag_preview = preview
        self._layout_key = None
        self.changed()

    def export_annotations(self) -> list[dict]:
        """What a map export should draw: the shown arguments, or nothing when the layer is hidden."""
        if not self.visible:
            return []
        return [a.as_dict() for a in self.shown()]

    def legend_items(self) -> list:
        items = [(text, qcolor(VERDICT_COLOURS[v])) for v, text in VERDICT_LEGEND.items()]
        return items + [(text, qcolor(STANCE_COLOURS[s])) for s, text in STANCE_LEGEND.items()]

    # --- geometry ----------------------------------------------------------------------------------------
    def _projected_of(self, assessment: Assessment):
        """(anchor x, y in projected metres, projected points, projected lines path) of an annotation."""
        annotation = assessment.annotation
        geometry = annotation.geometry
        lon, lat = annotation.anchor()
        if self.drag_preview is not None and self.drag_preview[0] == annotation.id:
            lon, lat = self.drag_preview[1], self.drag_preview[2]
            geometry = shapely.Point(lon, lat)
        key = (annotation.id, lon, lat, geometry.wkb)
        cached = self._projected.get(annotation.id)
        if cached is None or cached[0] != key:
            xs, ys = self.canvas.project(np.array([lon]), np.array([lat]))
            points = []
            if geometry.geom_type in ("Point", "MultiPoint"):
                coords = shapely.get_coordinates(geometry)
                px, py = self.canvas.project(coords[:, 0], coords[:, 1])
                points = list(zip(px, py))
            path = None
            if geometry.geom_type not in ("Point", "MultiPoint"):
                path = path_from_geometries([project_geometry(geometry, self.canvas.transformer)])
            cached = (key, (float(xs[0]), float(ys[0])), points, path)
            self._projected[annotation.id] = cached
        return cached[1:]

    # --- layout ------------------------------------------------------------------------------------------
    def _metrics(self) -> QFontMetricsF:
        return QFontMetricsF(self.font)

    def layout(self, canvas) -> list[Callout]:
        """Place one box per anchor group: nearest free spot around its anchor, clear of other boxes, of the
        anchors and of the capitals' labels; other city labels are avoided where possible."""
        # Callouts for the markers in view, inside it (not in the margin the labels are laid out for as well).
        inner = getattr(canvas, "view_rect", None)
        in_view = inner() if inner is not None else QRectF(0, 0, canvas.width(), canvas.height())
        bounds = in_view.adjusted(4, 4, -4, -4)
        cities = canvas.layer("cities")
        placed_labels = list(getattr(cities, "placed", []) or []) if cities is not None and cities.visible else []
        capitals = {p.capital for p in canvas.scenario.polities.values()} if canvas.scenario is not None else set()
        hard_labels = [r for name, r in placed_labels if name in capitals]
        soft_labels = [r for name, r in placed_labels if name not in capitals]
        # Polity, country and sea names are laid out before the callouts: avoid them where possible.
        for key in ("area-labels", "seas"):
            names = canvas.layer(key)
            soft_labels += [entry[1] for entry in getattr(names, "placed", [])] if names and names.visible else []
        metrics = self._metrics()
        row_h = metrics.height() + 4
        self.markers, self.groups = self.marker_groups(canvas)
        marker_rects = [QRectF(p.x() - 6, p.y() - 6, 12, 12) for pts in self.markers.values() for p in pts]
        marker_rects += [g.rect for g in self.groups]
        obstacles = (bounds, hard_labels, soft_labels, marker_rects)
        # Everything in full when the zoom leaves room: every box clear and no two leaders crossing.
        full = self._place(self.groups, obstacles, metrics, row_h, in_view=in_view)
        if full is not None:
            self.full_labels = True
            return full
        self.full_labels = False
        opened = {self.hovered, self.selected} - {None}
        chosen = [g for g in self.groups if g.ids() & opened][:1]
        return self._place(chosen, obstacles, metrics, row_h, strict=False) or []

    def marker_groups(self, canvas) -> tuple[dict[str, list[QPointF]], list[MarkerGroup]]:
        """The shown arguments' points on screen (by id) and their markers, one per group of close anchors, for
        the canvas's view as it is now (the sea names avoid these before the callouts are laid out)."""
        groups: list[tuple[QPointF, list[Assessment]]] = []
        markers = {}
        for assessment in self.shown():
            (x, y), points, _ = self._projected_of(assessment)
            anchor = canvas.map_to_screen(x, y)
            markers[assessment.annotation.id] = [canvas.map_to_screen(px, py) for px, py in points] or [anchor]
            if not (math.isfinite(anchor.x()) and math.isfinite(anchor.y())):
                continue
            for g_anchor, members in groups:
                if QLineF(g_anchor, anchor).length() <= GROUP_PX:
                    members.append(assessment)
                    break
            else:
                groups.append((anchor, [assessment]))
        result = [MarkerGroup(anchor, members) for anchor, members in groups]
        for group in result:
            group.members.sort(key=lambda a: (a.annotation.user, STANCE_ORDER[a.annotation.props["stance"]]))
        return markers, result

    def _place(
        self, groups, obstacles, metrics, row_h, strict: bool = True, in_view: QRectF | None = None
    ) -> list[Callout] | None:
        """Callouts for those of these groups anchored `in_view`; with `strict`, None as soon as one does not fit
        cleanly."""
        bounds, hard_labels, soft_labels, marker_rects = obstacles
        taken: list[QRectF] = []
        callouts: list[Callout] = []
        # The biggest boxes are the hardest to fit: place them first.
        # A marker beyond the view gets its callout once the view reaches it (labels are laid out again then).
        shown = [g for g in groups if in_view is None or in_view.contains(g.anchor)]
        for group in sorted(shown, key=lambda g: -len(g.members)):
            anchor, members = group.anchor, group.members
            width = max(metrics.horizontalAdvance(row_text(a)) for a in members) + row_h + 12
            size = (width, row_h * len(members) + 6)
            own = [r for r in marker_rects if not r.contains(anchor)]
            rect, clean = self._best_spot(anchor, size, bounds, taken, hard_labels, soft_labels, own)
            leader = QLineF(anchor, nearest_on_rect(rect, anchor))
            crossed = any(lines_cross(leader, QLineF(c.anchor, c.leader_end)) for c in callouts)
            if strict and (not clean or crossed):
                return None
            taken.append(rect)
            rows = [
                (a, QRectF(rect.left(), rect.top() + 3 + i * row_h, rect.width(), row_h)) for i, a in enumerate(members)
            ]
            callouts.append(Callout(anchor, rows, rect, leader.p2()))
        return callouts

    def _best_spot(self, anchor: QPointF, size, bounds, taken, hard_labels, soft_labels, markers) -> QRectF:
        width, height = size
        best, best_cost = None, math.inf
        for radius in CALLOUT_RADII:
            for step in range(CALLOUT_ANGLES):
                angle = angle_order(step)
                rect = rect_towards(anchor, radius, angle, width, height)
                if not bounds.contains(rect):
                    continue
                padded = rect.adjusted(-BOX_GAP, -BOX_GAP, BOX_GAP, BOX_GAP)
                hard = sum(rect_overlap(padded, r) for r in taken) + sum(rect_overlap(padded, r) for r in hard_labels)
                hard += sum(rect_overlap(rect, r) for r in markers)
                leader = QLineF(anchor, nearest_on_rect(rect, anchor))
                crossings = sum(1 for r in taken if line_crosses_rect(leader, r))
                soft = sum(rect_overlap(rect, r) for r in soft_labels)
                cost = hard * 1000 + crossings * 500 + soft + radius * 0.5
                if hard == 0 and crossings == 0 and soft == 0:
                    return rect, True
                if cost < best_cost:
                    best, best_cost = rect, cost
        if best is None:  # nothing fits inside the frame: keep it next to the anchor
            best = rect_towards(anchor, CALLOUT_RADII[0], 0.0, width, height)
        return best, best_cost < 1000

    def labels_moved(self, dx: int, dy: int) -> None:
        """The canvas moved the last drawing (a pan inside its laid-out extent): markers and boxes move with it."""
        step = QPointF(dx, dy)
        self.markers = {key: [p + step for p in points] for key, points in self.markers.items()}
        # New groups and callouts, not the old ones changed (the canvas may keep those: screen_records). A
        # callout shares its group's anchor object (painting tells an opened marker by it): keep it shared.
        anchors = {}
        groups = []
        for group in self.groups:
            anchors[id(group.anchor)] = anchor = group.anchor + step
            groups.append(MarkerGroup(anchor, group.members))
        self.groups = groups
        self.callouts = [
            Callout(
                anchors.get(id(callout.anchor)) or callout.anchor + step,
                [(a, row.translated(dx, dy)) for a, row in callout.rows],
                callout.rect.translated(dx, dy),
                callout.leader_end + step,
            )
            for callout in self.callouts
        ]
        self._layout_key = None  # the next drawing lays out again, in its own image's pixels

    def screen_records(self):
        return self.markers, self.groups, self.callouts, self.full_labels

    def restore_screen_records(self, records) -> None:
        self.markers, self.groups, self.callouts, self.full_labels = records
        self._layout_key = None  # laid out again at the next drawing of this layer

    # --- hit testing -------------------------------------------------------------------------------------
    def hit(self, point: QPointF) -> str | None:
        """The annotation whose callout row (or anchor marker) is under a screen point."""
        for callout in reversed(self.callouts):
            for assessment, row in callout.rows:
                if row.contains(point):
                    return assessment.annotation.id
        for group in self.groups:
            if group.rect.adjusted(-2, -2, 2, 2).contains(point):
                return group.members[0].annotation.id
        for annotation_id, points in self.markers.items():
            if any(QLineF(p, point).length() <= 7 for p in points):
                return annotation_id
        return None

    def marker_rect(self, annotation_id: str) -> QRectF | None:
        """The compact marker that stands for an argument (shared with the others at its anchor)."""
        return next((g.rect for g in self.groups if annotation_id in g.ids()), None)

    def row_rect(self, annotation_id: str) -> QRectF | None:
        for callout in self.callouts:
            for assessment, row in callout.rows:
                if assessment.annotation.id == annotation_id:
                    return row
        return None

    # --- painting ----------------------------------------------------------------------------------------
