"""`sovsplit export`: write the map of a scenario to a PNG, SVG, PDF or GeoTIFF in one command."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from sovsplit.commands.common import STDIO, add_field_options, add_no_clobber, output_path, refuse_clobber
from sovsplit.commands.export_time import add_time_arguments, run_time_export, wants_time
from sovsplit.model.projections import DEFAULT_PROJECTION, PROJECTIONS
from sovsplit.render.settings import DEFAULT_LAYERS, FORMATS, LAYERS, ExportSettings, parse_extent, parse_paper


def add_parser(sub) -> None:
    p = sub.add_parser(
        "export",
        help="export the map to a PNG, SVG, PDF or GeoTIFF (title, legend, scale bar, labels)",
        description="Export the map of a scenario as a print-ready PNG, SVG (text stays text), vector PDF, "
        "or a GeoTIFF of the map frame in the map's projection.",
    )
    p.add_argument(
        "scenario", nargs="?", help="scenario file, shipped name or - for stdin (default: the two-USSR scenario)"
    )
    p.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUT.png|OUT.svg|OUT.pdf|OUT.tif",
        help="the file to write; - writes SVG to standard output",
    )
    p.add_argument(
        "--world-file", action="store_true", help="PNG: also write OUT.pgw and OUT.prj so GIS tools place the image"
    )
    add_no_clobber(p)
    add_field_options(p)
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
    p.add_argument(
        "--include-untestable",
        action="store_true",
        help="with the annotations layer, also show the arguments the numbers cannot test (hidden by default)",
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
        world_file=getattr(args, "world_file", False),
        include_untestable=getattr(args, "include_untestable", False),
    )


def run(args) -> int:
    if wants_time(args):
        return run_time_export(args, settings_from_args)
    with output_path(args.output, ".svg") as out:
        return _run(args, out, to_stdout=args.output == STDIO)


def _run(args, out: Path, to_stdout: bool) -> int:
    if out.suffix.lower() not in FORMATS:
        print(f"sovsplit export: {out.name}: unknown image type (use .png, .svg, .pdf or .tif)", file=sys.stderr)
        return 2
    if args.world_file and out.suffix.lower() != ".png":
        print("sovsplit export: --world-file goes with a PNG (a GeoTIFF carries its own georeference)", file=sys.stderr)
        return 2
    if refuse_clobber(out, args, "sovsplit export"):
        return 2
    if not out.parent.is_dir():
        print(f"sovsplit export: {out}: folder {out.parent} does not exist", file=sys.stderr)
        return 2
    try:
        settings = settings_from_args(args)
    except ValueError as exc:
        print(f"sovsplit export: {exc}", file=sys.stderr)
        return 2
    from sovsplit.commands.common import open_scenario, print_warnings
    from sovsplit.render.export import export_map, resolve_style

    style, warning = resolve_style(settings.style)
    if warning:
        print(f"sovsplit export: {warning}", file=sys.stderr)
    scenario = open_scenario(args.scenario, args)
    print_warnings(scenario, "sovsplit export")
    if settings.projection in PROJECTIONS:
        from sovsplit.render.print_territory import warm_territories

        warm_territories(scenario, settings.projection)  # united and projected by an earlier export, if any
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
        raster = out.suffix.lower() in (".png", ".tif", ".tiff")
        size = f"{w}×{h} px" if raster else "{:.1f}×{:.1f} in".format(*settings.page_inches())
        extra = f" and {out.with_suffix('.pgw').name}, {out.with_suffix('.prj').name}" if settings.world_file else ""
        where = "standard output" if to_stdout else str(out)
        print(
            f"wrote {where}{extra} ({size}, style {style.key}, {time.perf_counter() - start:.1f} s)",
            file=sys.stderr if to_stdout else sys.stdout,
        )
    return 0
