"""The forum's arguments on an export: numbered verdict-coloured markers on the map, full texts in a numbered panel.

Arguments that share an anchor (within a marker's width on the page) become one marker with a count badge;
the panel lists every argument under its marker's number with its verdict. No text sits on the map, so no
callout hides the border and no leader line crosses another. "Cannot test" arguments are left out unless
ExportSettings.include_untestable asks for them.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from matplotlib.colors import to_rgba
from matplotlib.lines import Line2D
from matplotlib.transforms import Bbox

from sovsplit.model.annotations.arguments import assess
from sovsplit.model.annotations.map_records import MapAnnotation, map_annotations
from sovsplit.model.annotations.rules import CONTRADICTED, NOT_MEASURABLE, SUPPORTED
from sovsplit.model.annotations.wording import VERDICT_SHORT
from sovsplit.model.report import scenario_report
from sovsplit.render.geometry import project_xy
from sovsplit.render.layout.common import font, stance_colour
from sovsplit.render.layout.parts import PageParts

UNTESTED_GREY = "#8a8a8a"


@dataclass(frozen=True)
class MarkerGroup:
    """One marker on the map: its number, the arguments anchored there and its page point (inches)."""

    number: int
    notes: tuple[MapAnnotation, ...]
    x: float
    y: float


class Annotations(PageParts):
    """Chooses, groups, marks and lists the arguments (a part of PageBuilder)."""

    def _annotations(self) -> list[MapAnnotation]:
        """The callouts to draw: those the caller gave, else the shipped arguments (judged) and the user's notes."""
        if self._callouts is None:
            given = self.settings.annotations
            self._measured = {}
            if given is not None:
                notes = list(given)
            else:
                judged = assess(self.scenario, self.settings.report or scenario_report(self.scenario))
                self._measured = {a.annotation.id: a.verdict.measured for a in judged}
                notes = map_annotations(self.scenario, assessments=judged)
            if not self.settings.include_untestable:
                notes = [n for n in notes if n.verdict != NOT_MEASURABLE or n.is_user_note]
            self._callouts = notes
        return self._callouts

    def _note_colour(self, note: MapAnnotation) -> str:
        st = self.style
        if note.verdict == SUPPORTED:
            return st.annotation_for
        if note.verdict == CONTRADICTED:
            return st.annotation_against
        if note.verdict == NOT_MEASURABLE and not note.is_user_note:
            return UNTESTED_GREY
        return stance_colour(st, note.stance)

    def _marker_groups(self) -> list[MarkerGroup]:
        """Arguments grouped by where they sit on the page, numbered west to east within rows north to south."""
        if not self._annotations():
            return []
        mx, my, mw, mh = self.map_box_in
        ex0, ex1, ey0, ey1 = self.extent
        notes = self._annotations()
        x, y = project_xy(self.key, [n.lon for n in notes], [n.lat for n in notes])
        px = mx + (x - ex0) / (ex1 - ex0) * mw
        py = my + (y - ey0) / (ey1 - ey0) * mh
        reach = 0.17 * self.k  # inches: markers closer than about their width merge
        groups: list[list[int]] = []
        for i in range(len(notes)):
            if not (mx < px[i] < mx + mw and my < py[i] < my + mh):
                continue
            for g in groups:
                if abs(px[g[0]] - px[i]) < reach and abs(py[g[0]] - py[i]) < reach:
                    g.append(i)
                    break
            else:
                groups.append([i])
        # Reading order: bands of a marker's height from the top, west to east in each.
        groups.sort(key=lambda g: (-round(py[g[0]] / (reach * 3)), px[g[0]]))
        return [
            MarkerGroup(n, tuple(notes[i] for i in g), float(px[g[0]]), float(py[g[0]]))
            for n, g in enumerate(groups, start=1)
        ]

    def _draw_markers(self, groups: list[MarkerGroup]) -> None:
        """Numbered discs in the verdict's colour (grey where a group's verdicts differ), with a count badge."""
        st, k = self.style, self.k
        for g in groups:
            colours = {self._note_colour(n) for n in g.notes}
            face = colours.pop() if len(colours) == 1 else st.text
            self.fig.add_artist(
                Line2D(
                    [g.x],
                    [g.y],
                    transform=self.inch,
                    marker="o",
                    markersize=11 * k,
                    markerfacecolor=face,
                    markeredgecolor=st.annotation_box,
                    markeredgewidth=1.0 * k,
                    linestyle="none",
                    zorder=9.6,
                )
            )
            self.fig.text(
                g.x,
                g.y,
                str(g.number),
                gid=f"note-marker-{g.number}",
                transform=self.inch,
                ha="center",
                va="center",
                fontsize=6.2 * k,
                fontweight="bold",
                color=st.annotation_box,
                zorder=9.7,
                **font(st.font_family),
            )
            if len(g.notes) > 1:
                self.fig.text(
                    g.x + 0.08 * k,
                    g.y + 0.08 * k,
                    f"×{len(g.notes)}",
                    transform=self.inch,
                    ha="left",
                    va="bottom",
                    fontsize=5.2 * k,
                    fontweight="bold",
                    color=st.text,
                    zorder=9.7,
                    bbox={"boxstyle": "round,pad=0.15", "facecolor": st.annotation_box, "edgecolor": face, "lw": 0.5},
                    **font(st.font_family),
                )
            # The markers are obstacles for the place names placed after them.
            r = 6 * k * self.fig.dpi / 72.0
            px, py = g.x * self.fig.dpi, g.y * self.fig.dpi
            self.obstacles.append(Bbox.from_extents(px - r, py - r, px + r, py + r))

    # -- the numbered panel ------------------------------------------------------------------------------------
    def _panel_lines(self, groups: list[MarkerGroup]) -> list[tuple[str, str, str]]:
        """(tag, text, colour) for each argument: "3", "Title (backed): the measured figures"."""
        out = []
        for g in groups:
            for i, note in enumerate(g.notes):
                tag = str(g.number) if len(g.notes) == 1 else f"{g.number}{'abcdefghijklmnopqrstuvwxyz'[i % 26]}"
                out.append((tag, self._panel_text(note), self._note_colour(note)))
        return out

    def _panel_text(self, note: MapAnnotation) -> str:
        # A note not yet judged (no verdict) shows its stance.
        verdict = "your note" if note.is_user_note else VERDICT_SHORT.get(note.verdict or "", note.stance)
        measured = self._measured.get(note.id, "") if self._measured else ""
        return f"{note.title} ({verdict})" + (f": {measured}" if measured else "")

    def _panel_metrics(self) -> dict:
        return {"size": 6.2 * self.k, "line": 0.115 * self.k, "gap": 0.06 * self.k, "head": 0.2 * self.k}

    def _panel_columns(self, width: float) -> int:
        return max(1, min(3, int(width // (3.0 * self.k))))

    def _wrapped(self, text: str, width: float) -> list[str]:
        """The text in lines that fit `width` inches at the panel's size (measured, broken at spaces)."""
        m, family = self._panel_metrics(), self.style.font_family
        per_char = self.text_size("abcdefghij klmnopqrs", m["size"], family)[0] / 20.0
        return textwrap.wrap(text, max(20, int(width / per_char))) or [""]

    def _panel_layout(self, texts: list[str], width: float) -> list[list[int]]:
        """Which entries go in which column: in order, each column about an equal share of the lines."""
        columns = self._panel_columns(width)
        col_w = width / columns - 0.3 * self.k
        sizes = [len(self._wrapped(t, col_w)) for t in texts]
        target = sum(sizes) / columns
        out: list[list[int]] = [[]]
        used = 0
        for i, n in enumerate(sizes):
            if used + n / 2 > target * len(out) and len(out) < columns and out[-1]:
                out.append([])
            out[-1].append(i)
            used += n
        return out

    def _panel_height(self, notes: list[MapAnnotation], width: float) -> float:
        """Inches the panel needs for the notes' wrapped texts in its columns."""
        if not notes:
            return 0.0
        m = self._panel_metrics()
        texts = [self._panel_text(n) for n in notes]
        col_w = width / self._panel_columns(width) - 0.3 * self.k
        tallest = max(
            sum(len(self._wrapped(texts[i], col_w)) * m["line"] + m["gap"] for i in column)
            for column in self._panel_layout(texts, width)
        )
        return m["head"] + tallest

    def _draw_panel(self, lines, x0: float, top: float, width: float) -> None:
        """The numbered list under the map: a heading, then each argument's tag and wrapped text, in columns."""
        st, m = self.style, self._panel_metrics()
        columns = self._panel_columns(width)
        col_w = width / columns
        self.fig.text(
            x0,
            top,
            "Forum arguments on the map, judged on this scenario's figures",
            transform=self.inch,
            fontsize=m["size"] * 1.1,
            fontweight="bold",
            color=st.text,
            va="top",
            **font(st.font_family),
        )
        layout = self._panel_layout([text for _tag, text, _c in lines], width)
        for c, column in enumerate(layout):
            x = x0 + c * col_w
            y = top - m["head"]
            for i in column:
                tag, text, colour = lines[i]
                self.fig.text(
                    x,
                    y,
                    tag,
                    gid=f"note-tag-{tag}",
                    transform=self.inch,
                    fontsize=m["size"],
                    fontweight="bold",
                    color=colour,
                    va="top",
                    **font(st.font_family),
                )
                wrapped = self._wrapped(text, col_w - 0.3 * self.k)
                self.fig.text(
                    x + 0.25 * self.k,
                    y,
                    "\n".join(wrapped),
                    transform=self.inch,
                    fontsize=m["size"],
                    color=to_rgba(st.text, 0.9),
                    va="top",
                    linespacing=1.25,
                    **font(st.font_family),
                )
                y -= len(wrapped) * m["line"] + m["gap"]
