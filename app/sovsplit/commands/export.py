"""`sovsplit export`: write the map of a scenario to a PNG, SVG or PDF in one command."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from sovsplit.commands.export_time import add_time_arguments, run_time_export, wants_time
from sovsplit.model.projections import DEFAULT_PROJECTION, PROJECTIONS
from sovsplit.render.settings import DEFAULT_LAYERS, FORMATS, LAYERS, ExportSettings, parse_extent, parse_paper


def add_parser(sub) -> None:
    p = sub.add_parser(
        "export",
        help="export the map to a PNG, SVG or PDF (title, legend, scale bar, labels)",
        description="Export the map of a scenario as a print-ready PNG, SVG (text stays text) or vector PDF.",
    )
    p.add_argument("scenario", nargs="?", help="scenario file or shipped name (default: the two-USSR scenario)")
    p.add_argument("-o", "--output", required=True, metavar="OUT.png|OUT.svg|OUT.pdf", help="the file to write")
    p.add_argument("--style", help="map style key or .toml file (see styles/README.md; default: classic)")
    p.add_argument("--dpi", default="150", help="resolution in dots per inch (default 150)")
    p.add_argument("--size", default="A4", help="A5, A4, A3, A2, WxHpx, WxHin or WxHmm (default A4)")
    p.add_argument("--landscape", action="store_true", help="turn a paper size on its side")
    p.add_argument("--title", help='map title (default: the scenario\'s name; "" for none)')
    p.add_argument("--subtitle", help="line under the title")
    p.add_argument("--no-legend", action="store_true", help="leave out the legend")
    p.add_argument("--no-scalebar", action="store_true", help="leave out the scale bar and north arrow")
    p.add_argument("--extent", default="ussr", help="'ussr' or W,S,E,N in degrees (e.g. 100,45,191,75)")
    p.add_argument("--projection", default=DEFAULT_PROJECTION, help=f"one of {', '.join(PROJECTIONS)}")
    p.add_argument(
        "--layers",
        help=f"comma-separated layers to show, from {', '.join(LAYERS)} "
        f"(default: {','.join(name for name in LAYERS if name in DEFAULT_LAYERS)}); "
        "+name adds to and -name removes from the default",
    )
    p.add_argument("--quiet", action="store_true", help="print nothing but errors")
    add_time_arguments(p)


def parse_layers(text: str | None) -> frozenset:
    """'a,b' replaces the default layers; '+a,-b' edits them."""
    if not text:
        return DEFAULT_LAYERS
    items = [t.strip() for t in text.split(",") if t.strip()]
    relative = all(t[0] in "+-" for t in items)
    layers = set(DEFAULT_LAYERS) if relative else set()
    for item in items:
        name = item.lstrip("+-")
        if name not in LAYERS:
            raise ValueError(f"unknown layer {name!r}; choose from {', '.join(LAYERS)}")
        if item.startswith("-"):
            layers.discard(name)
        else:
            layers.add(name)
    return frozenset(layers)


def settings_from_args(args) -> ExportSettings:
    """ExportSettings from the command line; ValueError with one line on a bad value."""
    try:
        dpi = float(args.dpi)
    except ValueError:
        raise ValueError(f"--dpi {args.dpi!r} is not a number") from None
    parse_paper(args.size, dpi)
    return ExportSettings(
        style=args.style,
        dpi=dpi,
        paper=args.size,
        landscape=args.landscape,
        title=args.title,
        subtitle=args.subtitle,
        legend=not args.no_legend,
        scale_bar=not args.no_scalebar,
        north_arrow=not args.no_scalebar,
        extent=parse_extent(args.extent),
        projection=args.projection,
        layers=parse_layers(args.layers),
    )


def run(args) -> int:
    if wants_time(args):
        return run_time_export(args, settings_from_args)
    out = Path(args.output)
    if out.suffix.lower() not in FORMATS:
        print(f"sovsplit export: {out.name}: unknown image type (use .png, .svg or .pdf)", file=sys.stderr)
        return 2
    if not out.parent.is_dir():
        print(f"sovsplit export: {out}: folder {out.parent} does not exist", file=sys.stderr)
        return 2
    try:
        settings = settings_from_args(args)
    except ValueError as exc:
        print(f"sovsplit export: {exc}", file=sys.stderr)
        return 2
    from sovsplit.model.io.scenario_io import load_scenario
    from sovsplit.model.io.shipped_scenarios import resolve_scenario
    from sovsplit.render.export import export_map, resolve_style

    style, warning = resolve_style(settings.style)
    if warning:
        print(f"sovsplit export: {warning}", file=sys.stderr)
    scenario = load_scenario(resolve_scenario(args.scenario) if args.scenario else None)
    start = time.perf_counter()
    try:
        export_map(scenario, settings.with_changes(style=style), out)
    except ValueError as exc:
        print(f"sovsplit export: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"sovsplit export: {out}: cannot write ({exc.strerror or exc})", file=sys.stderr)
        return 1
    if not args.quiet:
        w, h = settings.page_pixels()
        size = f"{w}×{h} px" if out.suffix.lower() == ".png" else "{:.1f}×{:.1f} in".format(*settings.page_inches())
        print(f"wrote {out} ({size}, style {style.key}, {time.perf_counter() - start:.1f} s)")
    return 0
