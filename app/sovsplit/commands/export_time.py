"""`sovsplit export --date/--series/--animate`: maps of a timeline's states (one, all as PDF pages, or a GIF)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from sovsplit.commands.common import STDIO, refuse_clobber, stdin_file


def add_time_arguments(p) -> None:
    group = p.add_argument_group("timelines (a scenario with dated states)")
    group.add_argument("--date", metavar="YYYY-MM-DD", help="the state valid on this date (default: the latest)")
    group.add_argument("--series", action="store_true", help="every state as one page of a PDF (-o maps.pdf)")
    group.add_argument(
        "--animate",
        action="store_true",
        help="every state as one frame of an animation (-o split.gif; .mp4 or .webm with imageio-ffmpeg)",
    )
    group.add_argument(
        "--frame-seconds", type=float, default=2.0, metavar="S", help="how long each state shows (default 2)"
    )
    group.add_argument(
        "--crossfade",
        type=float,
        nargs="?",
        const=0.6,
        default=0.0,
        metavar="S",
        help="blend each state into the next over S seconds (default 0.6 when given without S)",
    )


def wants_time(args) -> bool:
    return bool(args.date or args.series or args.animate)


def run_time_export(args, settings_from_args) -> int:
    """One state (--date), a PDF series (--series) or a GIF (--animate); one-line errors, exit 2 on bad input."""
    from sovsplit.model.io.dated_features import parse_date
    from sovsplit.model.io.shipped_scenarios import resolve_scenario
    from sovsplit.model.timeline.io import load_timeline

    # Imported here, not at the top: every `sovsplit` command builds this parser, and a plain PNG export has
    # no use for the series' PDF backend (fontTools) or the timeline model.
    from sovsplit.render.animation import ANIMATION_FORMATS, export_animation
    from sovsplit.render.export import resolve_style
    from sovsplit.render.series import export_series, export_state

    out = Path(args.output)
    if args.series and args.animate:
        return _fail("give --series or --animate, not both")
    if (args.series or args.animate) and args.date:
        return _fail("--date picks one state; --series and --animate show them all")
    suffix = out.suffix.lower()
    if args.series and suffix != ".pdf":
        return _fail(f"{out.name}: --series writes a multi-page PDF (.pdf)")
    if args.animate and suffix not in ANIMATION_FORMATS:
        return _fail(f"{out.name}: --animate writes a GIF, or MP4/WebM with imageio-ffmpeg (.gif, .mp4, .webm)")
    if refuse_clobber(out, args, "sovsplit export"):
        return 2
    if not out.parent.is_dir():
        return _fail(f"{out}: folder {out.parent} does not exist")
    try:
        day = parse_date(args.date) if args.date else None
        settings = settings_from_args(args)
    except ValueError as exc:
        return _fail(str(exc))
    style, warning = resolve_style(settings.style)
    if warning:
        print(f"sovsplit export: {warning}", file=sys.stderr)
    settings = settings.with_changes(style=style)
    fields = {"name_field": args.name_field, "id_field": args.id_field}
    if args.scenario == STDIO:
        with stdin_file() as path:
            timeline = load_timeline(path, **fields)
    else:
        timeline = load_timeline(resolve_scenario(args.scenario) if args.scenario else None, **fields)
    for warning in timeline.warnings:
        print(f"sovsplit export: warning: {warning}", file=sys.stderr)
    start = time.perf_counter()
    try:
        if args.series:
            export_series(timeline, settings, out)
        elif args.animate:
            export_animation(timeline, settings, out, args.frame_seconds, args.crossfade or 0.0)
        else:
            export_state(timeline, day, settings, out)
    except ValueError as exc:
        return _fail(str(exc))
    except OSError as exc:
        print(f"sovsplit export: {out}: cannot write ({exc.strerror or exc})", file=sys.stderr)
        return 1
    if not args.quiet:
        what = f"{len(timeline.states)} states" if (args.series or args.animate) else "1 state"
        print(f"wrote {out} ({what}, style {style.key}, {time.perf_counter() - start:.1f} s)")
    return 0


def _fail(message: str) -> int:
    print(f"sovsplit export: {message}", file=sys.stderr)
    return 2
