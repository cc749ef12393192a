"""A polity's border is stroked in short pieces (Qt fills one long antialiased outline band by band): the pieces
hold every segment of the border once, none is longer than asked, and filled they paint what the whole does."""

from __future__ import annotations

import numpy as np
import shapely
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPainterPathStroker, QTransform

from sovsplit.model.coast import land_border_lines
from sovsplit.model.projections import DEFAULT_PROJECTION, get_projection
from sovsplit.ui.canvas.geometry_paths import line_pieces, path_from_geometries, project_geometry


def _west_border(scenario):
    lines = land_border_lines(scenario.geometry_of("west"))
    return project_geometry(lines, get_projection(DEFAULT_PROJECTION).transformer())


def _vertices(path: QPainterPath) -> np.ndarray:
    return np.array([(path.elementAt(i).x, path.elementAt(i).y) for i in range(path.elementCount())])


def test_the_pieces_hold_every_segment_once(scenario):
    lines = _west_border(scenario)
    pieces = line_pieces(lines, 100)
    segments = [len(_vertices(piece)) - 1 for piece in pieces]
    assert max(segments) <= 100 and min(segments) >= 1
    total = int(sum(len(shapely.get_coordinates(part)) - 1 for part in shapely.get_parts(lines)))
    assert sum(segments) == total
    # Each piece is open and starts where the one before it ended (or starts a new line).
    starts = {tuple(shapely.get_coordinates(part)[0]) for part in shapely.get_parts(lines)}
    for before, piece in zip(pieces, pieces[1:]):
        first = tuple(_vertices(piece)[0])
        assert first == tuple(_vertices(before)[-1]) or first in starts


def test_a_closed_line_becomes_two_open_pieces():
    ring = shapely.LineString([(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)])
    pieces = line_pieces(ring, 100)
    assert len(pieces) == 2
    assert all(tuple(_vertices(p)[0]) != tuple(_vertices(p)[-1]) for p in pieces)


def test_filled_pieces_paint_what_the_whole_outline_paints(qapp, scenario):
    lines = _west_border(scenario)
    x0, y0, x1, y1 = lines.bounds
    scale = 800 / (x1 - x0)
    transform = QTransform(scale, 0, 0, -scale, -x0 * scale, y1 * scale)
    stroker = QPainterPathStroker()
    stroker.setWidth(2 / scale)
    stroker.setJoinStyle(Qt.BevelJoin)
    stroker.setCapStyle(Qt.RoundCap)

    def painted(paths) -> np.ndarray:
        image = QImage(800, int((y1 - y0) * scale) + 1, QImage.Format_ARGB32_Premultiplied)
        image.fill(Qt.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.Antialiasing)
        painter.setTransform(transform)
        painter.setPen(Qt.NoPen)
        painter.setBrush(QColor("#2b2b2b"))
        for path in paths:
            painter.drawPath(stroker.createStroke(path))
        painter.end()
        alpha = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.width(), 4)[:, :, 3]
        return alpha.astype(int)

    whole = painted([path_from_geometries([lines])])
    pieces = painted(line_pieces(lines, 100))
    assert (whole > 0).sum() > 5000  # the border really was drawn
    # The same pixels, but for antialiased edges where two pieces' round caps meet (both cover them partly).
    assert ((whole > 128) != (pieces > 128)).sum() < 0.01 * (whole > 128).sum()
    near = whole > 0
    grown = near.copy()
    for dy, dx in ((0, 1), (0, -1), (1, 0), (-1, 0)):
        grown |= np.roll(near, (dy, dx), axis=(0, 1))
    assert not (pieces > 0)[~grown].any()  # nothing painted where the whole outline paints nothing
