"""Painting the debate overlay: verdict markers, leader lines and callout boxes (a mixin of AnnotationLayer)."""

from __future__ import annotations

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen

from sovsplit.ui.layers.annotation_marks import (
    MARKER_RADIUS,
    STANCE_COLOURS,
    VERDICT_COLOURS,
    VERDICT_GLYPHS,
    VERDICT_ORDER,
    Callout,
    MarkerGroup,
    row_text,
)
from sovsplit.ui.layers.map_layers import qcolor


class AnnotationPainting:
    """paint() and its parts; the layout and state live in AnnotationLayer."""

    def paint(self, painter: QPainter, canvas) -> None:
        if canvas.scenario is None:
            return
        key = (
            self.hovered,
            self.selected,
            canvas.view_key(),
            canvas.projection_key,
            id(self.runner.assessments),
            tuple(getattr(canvas.layer("cities"), "placed", []) or ()),
        )
        if key != self._layout_key or not self.callouts and self.shown():
            self.callouts = self.layout(canvas)
            self._layout_key = key
        self._paint_geometries(painter, canvas)
        painter.resetTransform()
        painter.setRenderHint(QPainter.Antialiasing)
        for group in self.groups:
            self._paint_marker(painter, group, opened=any(group.anchor is c.anchor for c in self.callouts))
        for callout in self.callouts:
            self._paint_leader(painter, callout)
        for callout in self.callouts:
            self._paint_box(painter, callout)

    def _paint_marker(self, painter: QPainter, group: MarkerGroup, opened: bool) -> None:
        """A disc split by the group's verdicts (red, green, grey), with the count when there are several."""
        rect = group.rect
        counts = [(v, sum(1 for a in group.members if a.verdict.status == v)) for v in VERDICT_ORDER]
        total = len(group.members)
        painter.setPen(QPen(QColor("#ffffff"), 2.0))
        painter.setBrush(QColor("#ffffff"))
        painter.drawEllipse(rect.adjusted(-1, -1, 1, 1))
        start = 90 * 16
        painter.setPen(Qt.NoPen)
        for verdict, count in counts:
            if count:
                span = round(360 * 16 * count / total)
                painter.setBrush(qcolor(VERDICT_COLOURS[verdict]))
                painter.drawPie(rect, start, span)
                start += span
        painter.setBrush(Qt.NoBrush)
        painter.setPen(QPen(QColor("#ffc107") if opened else QColor("#212121"), 1.6 if opened else 1.0))
        painter.drawEllipse(rect)
        glyph_font = QFont(self.font)
        glyph_font.setBold(True)
        glyph_font.setPointSizeF(max(6.5, self.font.pointSizeF() - 1))
        painter.setFont(glyph_font)
        painter.setPen(QPen(QColor("#ffffff")))
        only = group.members[0].verdict.status
        painter.drawText(rect, Qt.AlignCenter, str(total) if total > 1 else VERDICT_GLYPHS[only])

    def _paint_geometries(self, painter: QPainter, canvas) -> None:
        """Lines and areas the arguments refer to (the Lena valley, the Kolyma road; the selected one stronger)."""
        for assessment in self.shown():
            _, _, path = self._projected_of(assessment)
            if path is None:
                continue
            selected = assessment.annotation.id == self.selected
            if not selected and assessment.annotation.props.get("id") == "objection-break-away-first":
                continue
            pen = QPen(QColor("#ff8f00" if selected else "#5d4037"))
            pen.setCosmetic(True)
            pen.setWidthF(5.0 if selected else 1.6)
            pen.setCapStyle(Qt.RoundCap)
            if not selected:
                pen.setStyle(Qt.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.NoBrush)
            painter.setOpacity(0.75 if selected else 0.9)
            painter.drawPath(path)
        painter.setOpacity(1.0)

    def _paint_leader(self, painter: QPainter, callout: Callout) -> None:
        pen = QPen(QColor("#424242"), 1.1)
        painter.setPen(pen)
        painter.drawLine(QLineF(callout.anchor, callout.leader_end))
        # A ring, so the city marker underneath stays visible.
        painter.setBrush(Qt.NoBrush)
        for colour, width in (("#ffffff", 3.2), ("#212121", 1.4)):
            painter.setPen(QPen(QColor(colour), width))
            for assessment, _ in callout.rows:
                for point in self.markers.get(assessment.annotation.id, [callout.anchor]):
                    painter.drawEllipse(point, MARKER_RADIUS + 1, MARKER_RADIUS + 1)

    def _paint_box(self, painter: QPainter, callout: Callout) -> None:
        style = self.canvas.style
        box = qcolor(style.annotation_box)
        box.setAlpha(238)
        painter.setPen(QPen(QColor("#7a7a7a"), 1.0))
        painter.setBrush(box)
        painter.drawRoundedRect(callout.rect, 4, 4)
        metrics = self._metrics()
        for assessment, row in callout.rows:
            props = assessment.annotation.props
            if assessment.annotation.id == self.selected:
                painter.setPen(Qt.NoPen)
                painter.setBrush(QColor(255, 193, 7, 90))
                painter.drawRect(row.adjusted(1, 0, -1, 0))
            # Stance: a stripe on the row's left edge.
            painter.setPen(Qt.NoPen)
            painter.setBrush(qcolor(STANCE_COLOURS[props["stance"]]))
            painter.drawRect(QRectF(row.left() + 1.5, row.top() + 2, 3, row.height() - 4))
            # Verdict: a round badge with a tick, a cross or a question mark.
            diameter = row.height() - 6
            badge = QRectF(row.left() + 7, row.top() + 3, diameter, diameter)
            colour = qcolor(VERDICT_COLOURS[assessment.verdict.status])
            painter.setBrush(colour)
            painter.drawEllipse(badge)
            painter.setPen(QPen(QColor("#ffffff")))
            glyph_font = QFont(self.font)
            glyph_font.setBold(True)
            painter.setFont(glyph_font)
            painter.drawText(badge, Qt.AlignCenter, VERDICT_GLYPHS[assessment.verdict.status])
            text_font = QFont(self.font)
            text_font.setItalic(assessment.annotation.user)
            painter.setFont(text_font)
            painter.setPen(QPen(qcolor(style.text)))
            baseline = QPointF(badge.right() + 5, row.top() + (row.height() + metrics.ascent() - metrics.descent()) / 2)
            painter.drawText(baseline, row_text(assessment))
