"""The title block: the scenario's title and subtitle at the top of the page, on a band of colour if the style has one."""

from __future__ import annotations

from matplotlib.colors import to_rgba
from matplotlib.patches import Rectangle

from sovsplit.model.formatting import map_name
from sovsplit.render.layout.common import cased, font
from sovsplit.render.layout.parts import PageParts
from sovsplit.render.settings import ExportSettings


def titles(scenario, settings: ExportSettings) -> tuple[str, str]:
    if settings.title is not None:
        return settings.title, settings.subtitle or ""
    name = map_name(scenario.name or "Untitled scenario", 160)
    head, sep, tail = name.partition(": ")
    if sep and settings.subtitle is None:
        return head, tail[:1].upper() + tail[1:]
    return name, settings.subtitle or ""


class TitleBlock(PageParts):
    """Draws the title and subtitle (a part of PageBuilder)."""

    # -- title ----------------------------------------------------------------------------------------------
    def _title_block(self) -> float:
        """Draw the title and subtitle; return the height they take at the top of the page (inches)."""
        st = self.style
        title, subtitle = titles(self.scenario, self.settings)
        title, subtitle = cased(st, title), cased(st, subtitle) if st.uppercase_titles else subtitle
        self.page.labels = [title, subtitle]
        if not title and not subtitle:
            return self.margin * 0.5
        size = st.title_size * self.k
        sub_size = max(7.0, size * 0.42)
        # Shrink a long title until it fits the page width.
        while (
            size > 8
            and title
            and self.text_size(title, size, st.title_font_family, st.title_weight)[0] > self.W - 2 * self.margin
        ):
            size *= 0.92
        title_h = self.text_size("ÅTg", size, st.title_font_family, st.title_weight)[1] if title else 0.0
        sub_h = self.text_size("ÅTg", sub_size, st.font_family)[1] if subtitle else 0.0
        pad = self.margin * 0.55
        height = pad + title_h + (sub_h * 1.15 if subtitle else 0.0) + pad * 0.8
        banded = to_rgba(st.title_band)[3] > 0
        if banded:
            self.fig.add_artist(
                Rectangle(
                    (0, self.H - height - pad * 0.3),
                    self.W,
                    height + pad * 0.3,
                    transform=self.inch,
                    facecolor=st.title_band,
                    edgecolor="none",
                    zorder=0.5,
                )
            )
            # A thin black rule under the band, as on a printed poster.
            self.fig.add_artist(
                Rectangle(
                    (0, self.H - height - pad * 0.3 - 0.035 * self.k),
                    self.W,
                    0.035 * self.k,
                    transform=self.inch,
                    facecolor=st.frame,
                    edgecolor="none",
                    zorder=0.5,
                )
            )
        colour = st.title_colour
        y = self.H - pad - title_h / 2
        if title:
            self.fig.text(
                self.W / 2,
                y,
                title,
                transform=self.inch,
                ha="center",
                va="center",
                fontsize=size,
                **font(st.title_font_family),
                fontweight=st.title_weight,
                color=colour,
            )
        if subtitle:
            self.fig.text(
                self.W / 2,
                y - title_h / 2 - sub_h * 0.9,
                subtitle,
                transform=self.inch,
                ha="center",
                va="center",
                fontsize=sub_size,
                **font(st.font_family),
                color=to_rgba(colour, 0.85),
                fontstyle="normal" if banded else "italic",
            )
        return height + (pad * 0.3 if banded else 0.0)
