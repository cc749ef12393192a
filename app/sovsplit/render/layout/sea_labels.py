"""Sea and ocean names on the exported map: italic, in the style's sea colour, wholly over water."""

from __future__ import annotations

from sovsplit.render.geometry import project_xy
from sovsplit.render.labels import LabelRequest
from sovsplit.render.layout.common import font
from sovsplit.render.sea_labels import MIN_PRINT_POINTS, font_sizes, forms, sea_names


def sea_requests(part, fit) -> list[LabelRequest]:
    """Requests for every shipped sea on the page (a `Labels` part): each form at falling sizes, one group a sea."""
    st, k, ax = part.style, part.k, part.ax
    out = []
    for sea in sea_names():
        x, y = project_xy(part.key, [sea.lon], [sea.lat])
        p = ax.transData.transform((float(x[0]), float(y[0])))
        for size in font_sizes(sea, st.label_size, MIN_PRINT_POINTS):
            for shown in forms(sea):
                req = part.label_request(shown, p, size * k, "normal", gap=0, kind="sea", style="italic")
                req.text, req.centred, req.group = sea.name, True, f"sea:{sea.name}"
                req.payload["shown"] = shown
                req.accept = fit.at_sea
                out.append(req)
    return out


def draw_sea(ax, style, x, y, req) -> None:
    """A placed sea name, centred on its spot; no halo: it sits on open water."""
    ax.text(
        x,
        y,
        req.payload["shown"],
        ha="center",
        va="center",
        multialignment="center",
        linespacing=1.05,
        fontsize=req.payload["fontsize"],
        fontstyle="italic",
        **font(style.font_family),
        color=style.sea_label,
        zorder=6.4,
    )
