"""The legend: polities with their area, then the symbols of the layers shown."""

from __future__ import annotations

from typing import Any

from matplotlib.colors import to_rgba
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch, Rectangle
from matplotlib.transforms import Bbox

from sovsplit.model import formatting as fmt
from sovsplit.model.formatting import map_name
from sovsplit.model.report import scenario_report
from sovsplit.render.arable_ramp import arable_classes
from sovsplit.render.layout.common import HATCHES, font
from sovsplit.render.layout.parts import PageParts


def polity_detail(polity, report) -> str:
    """The figures beside a polity's swatch: its capital and area, as the statistics print them."""
    stats = report.polity(polity.id)
    detail = fmt.area_text(stats.area_km2) if stats else ""
    return f"capital {polity.capital} · " + detail if polity.capital else detail


class Legend(PageParts):
    """Builds, measures and draws the legend (a part of PageBuilder)."""

    # -- legend ----------------------------------------------------------------------------------------------
    def _legend_rows(self) -> list[list[dict]]:
        """Legend sections: polities first, then the symbols of the layers shown."""
        st = self.style
        polities: list[dict[str, Any]] = []
        # The same figures and digits as the statistics panel and `sovsplit stats` (model/formatting.py).
        report = self.settings.report or scenario_report(self.scenario)
        for i, (pid, _geom) in enumerate(self.polities):
            if pid is None:
                polities.append(
                    {
                        "kind": "patch",
                        "face": to_rgba(st.unclaimed_fill, st.polity_opacity),
                        "label": "Unclaimed",
                        "detail": fmt.area_text(report.unclaimed_km2 or 0.0),
                    }
                )
                continue
            p = self.scenario.polities[pid]
            detail = polity_detail(p, report)
            polities.append(
                {
                    "kind": "patch",
                    "face": to_rgba(self._fill(pid), st.polity_opacity),
                    "hatch": HATCHES[i % len(HATCHES)] if st.hatch else "",
                    "label": map_name(p.name),
                    "detail": detail,
                }
            )
        symbols: list[dict[str, Any]] = []
        arable: list[dict[str, Any]] = []
        if "arable" in self.layers:
            arable.append({"kind": "heading", "label": "Arable share of land (modelled)"})
            for c in arable_classes(st):
                arable.append({"kind": "patch", "face": c.colour, "hatch": c.hatch, "label": c.label, "edge": st.text})
        if "ports" in self.layers:
            symbols.append({"kind": "marker", "marker": "D", "face": st.port_ice_free, "label": "Ice-free port"})
            symbols.append(
                {
                    "kind": "marker",
                    "marker": "D",
                    "face": st.port_seasonal,
                    "label": "Port with winter ice (seasonal or icebreaker-kept)",
                }
            )
        if "cities" in self.layers:
            symbols.append(
                {"kind": "marker", "marker": "*", "face": st.capital_marker, "label": "Capital", "size": 1.9}
            )
            symbols.append({"kind": "marker", "marker": "o", "face": st.city_marker, "label": "City", "size": 0.75})
        if "annotations" in self.layers and self._annotations():
            # One row per verdict shown, in the markers' colours (render/layout/annotations.py).
            seen: dict[str, str] = {}  # row label -> marker colour
            for note in self._annotations():
                label = {
                    "supported": "Argument the numbers back",
                    "contradicted": "Argument the numbers go against",
                    "not measurable": "Argument they cannot test",
                }.get(note.verdict or "", "Note or argument (by stance)")
                if note.is_user_note and note.verdict == "not measurable":
                    label = "Note or argument (by stance)"
                seen.setdefault(label, self._note_colour(note))
            for label, colour in seen.items():
                symbols.append({"kind": "marker", "marker": "o", "face": colour, "label": label + " (numbered)"})
        return [section for section in (polities, symbols, arable) if section]

    def _legend_metrics(self):
        st, k = self.style, self.legend_k
        return {
            "label": 8.5 * k,
            "detail": 6.6 * k,
            "swatch": (0.30 * k, 0.17 * k),
            "row": 0.06 * k,
            "pad": 0.12 * k,
            "gap": 0.08 * k,
            "col_gap": 0.35 * k,
            "family": st.font_family,
        }

    def _row_size(self, row, m) -> tuple[float, float]:
        if row["kind"] == "heading":
            return self.text_size(row["label"], m["label"], m["family"], "bold")
        lw, lh = self.text_size(row["label"], m["label"], m["family"], "bold" if row.get("detail") else "normal")
        if row.get("detail"):
            dw, dh = self.text_size(row["detail"], m["detail"], m["family"])
            lw, lh = max(lw, dw), lh + dh + 0.02 * self.legend_k
        return m["swatch"][0] + m["gap"] + lw, max(lh, m["swatch"][1])

    def _legend_size(self, sections, columns: int) -> tuple[float, float]:
        if not sections:
            return 0.0, 0.0
        m = self._legend_metrics()
        col_sizes = []
        for section in sections:
            sizes = [self._row_size(r, m) for r in section]
            col_sizes.append((max(w for w, _ in sizes), sum(h for _, h in sizes) + m["row"] * (len(sizes) - 1)))
        if columns >= 2 and len(sections) > 1:
            width = sum(w for w, _ in col_sizes) + m["col_gap"] * (len(col_sizes) - 1)
            height = max(h for _, h in col_sizes)
        else:
            width = max(w for w, _ in col_sizes)
            height = sum(h for _, h in col_sizes) + m["row"] * 2.5 * (len(col_sizes) - 1)
        return width + 2 * m["pad"], height + 2 * m["pad"]

    def _draw_legend(self, sections, where, columns: int, size: tuple[float, float] | None = None) -> None:
        st, m = self.style, self._legend_metrics()
        x0, y0 = where[0], where[1]
        w, h = self._legend_size(sections, columns)
        if size is not None:  # a series page: the box every page shares (its rows from the top), so it never jumps
            w, h = max(w, size[0]), max(h, size[1])
        box = FancyBboxPatch(
            (x0, y0),
            w,
            h,
            boxstyle=f"round,pad=0,rounding_size={0.05 * self.legend_k}",
            transform=self.inch,
            facecolor=to_rgba(st.annotation_box, 0.92),
            edgecolor=to_rgba(st.frame, 0.6),
            linewidth=0.6 * self.legend_k,
            zorder=20,
        )
        self.fig.add_artist(box)
        self.obstacles.append(
            Bbox.from_bounds(x0 * self.fig.dpi, y0 * self.fig.dpi, w * self.fig.dpi, h * self.fig.dpi)
        )
        x, top = x0 + m["pad"], y0 + h - m["pad"]
        y = top
        for section in sections:
            col_w = 0.0
            for row in section:
                rw, rh = self._row_size(row, m)
                col_w = max(col_w, rw)
                self._legend_row(row, x, y - rh, rh, m)
                y -= rh + m["row"]
            if columns >= 2:
                x += col_w + m["col_gap"]
                y = top
            else:
                y -= m["row"] * 1.5

    def _legend_row(self, row, x, y, h, m) -> None:
        st, k = self.style, self.legend_k
        sw, sh = m["swatch"]
        cy = y + h - sh / 2 if row.get("detail") else y + h / 2
        if row["kind"] == "heading":
            self.fig.text(
                x,
                y + h / 2,
                row["label"],
                transform=self.inch,
                fontsize=m["label"],
                **font(m["family"]),
                fontweight="bold",
                color=st.text,
                va="center",
                zorder=21,
            )
            return
        if row["kind"] == "patch":
            patch = Rectangle(
                (x, cy - sh / 2),
                sw,
                sh,
                transform=self.inch,
                facecolor=row["face"],
                edgecolor=row.get("edge", st.polity_border),
                linewidth=0.8 * k,
                zorder=21,
            )
            if row.get("hatch"):
                patch.set_hatch(row["hatch"])
            self.fig.add_artist(patch)
        else:
            size = 6.5 * k * row.get("size", 1.0)
            self.fig.add_artist(
                Line2D(
                    [x + sw / 2],
                    [cy],
                    transform=self.inch,
                    marker=row["marker"],
                    markersize=size,
                    markerfacecolor=row["face"],
                    markeredgecolor=st.text,
                    markeredgewidth=0.6 * k,
                    linestyle="none",
                    zorder=21,
                )
            )
        tx = x + sw + m["gap"]
        if row.get("detail"):
            self.fig.text(
                tx,
                cy,
                row["label"],
                transform=self.inch,
                fontsize=m["label"],
                **font(m["family"]),
                fontweight="bold",
                color=st.text,
                va="center",
                zorder=21,
            )
            self.fig.text(
                tx,
                y,
                row["detail"],
                transform=self.inch,
                fontsize=m["detail"],
                **font(m["family"]),
                color=to_rgba(st.text, 0.8),
                va="bottom",
                zorder=21,
            )
        else:
            self.fig.text(
                tx,
                cy,
                row["label"],
                transform=self.inch,
                fontsize=m["label"],
                **font(m["family"]),
                color=st.text,
                va="center",
                zorder=21,
            )
