"""Command-line entry point: `sovsplit [FILE]` opens the app; `sovsplit COMMAND …` runs a headless command."""

from __future__ import annotations

import argparse
import difflib
import importlib
import importlib.util
import os
import sys

from sovsplit.model.io.problems import InputError

# Each name is a module in sovsplit.commands with add_parser(subparsers) and run(args) -> int. Only the module
# of the command asked for is imported (each pulls in its own libraries); `sovsplit --help` names them all.
COMMANDS = [
    "stats",
    "validate",
    "export",
    "compare",
    "assign",
    "annotations",
    "trace",
    "sweep",
    "solve",
    "timeline",
    "bench",
]
# Commands whose arithmetic never reaches a matrix big enough for BLAS threads. OpenBLAS starts a pool of
# busy-waiting threads, one per core, when numpy is first imported; on a small machine they take the core the
# command runs on (numpy's import measured 150-190 ms with the pool on 2 cores, 90-120 ms without). Tracing's
# warps, the solver and the benchmarks keep the pool.
SINGLE_THREAD_BLAS = frozenset({"stats", "validate", "export", "compare", "assign", "annotations", "timeline"})


def _available_commands() -> list[str]:
    return [name for name in COMMANDS if importlib.util.find_spec(f"sovsplit.commands.{name}") is not None]


def command_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The headless commands' parser; with `only`, just that command's arguments are built (and imported)."""
    parser = argparse.ArgumentParser(prog="sovsplit", description="Headless sovsplit commands.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in [only] if only else _available_commands():
        importlib.import_module(f"sovsplit.commands.{name}").add_parser(sub)
    return parser


def app_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sovsplit",
        description="Open the sovsplit map window. Headless commands: "
        + ", ".join(_available_commands())
        + " (run `sovsplit COMMAND --help`).",
    )
    parser.add_argument("file", nargs="?", help="a scenario file (GeoJSON, GeoPackage, Shapefile)")
    parser.add_argument("--snapshot", metavar="OUT.png", help="render the window offscreen to a PNG and exit")
    parser.add_argument("--size", default="1600x1000", help="window size for --snapshot, WxH (default 1600x1000)")
    parser.add_argument("--version", action="version", version=f"sovsplit {_version()}")
    return parser


def _version() -> str:
    from sovsplit import __version__

    return __version__


def _has_display() -> bool:
    return bool(
        os.environ.get("DISPLAY")
        or os.environ.get("WAYLAND_DISPLAY")
        or os.environ.get("QT_QPA_PLATFORM")
        or sys.platform in ("win32", "darwin")
    )


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] not in COMMANDS and _not_a_file(argv[0]):
            return _unknown_command(argv[0])
        if argv and argv[0] in COMMANDS:
            _single_thread_blas(argv[0])
            args = command_parser(argv[0]).parse_args(argv)
            module = importlib.import_module(f"sovsplit.commands.{args.command}")
            return int(module.run(args) or 0)
        args = app_parser().parse_args(argv)
        return _run_app(args)
    except InputError as exc:
        print(f"sovsplit: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader went away (`sovsplit stats | head`): stop quietly, as other command-line tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("sovsplit: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # the last line of defence: one line, never a traceback, unless asked
        if os.environ.get("SOVSPLIT_DEBUG"):
            raise
        print(
            f"sovsplit: internal error: {type(exc).__name__}: {exc} (set SOVSPLIT_DEBUG=1 for details)", file=sys.stderr
        )
        return 1


def _single_thread_blas(command: str) -> None:
    """Ask OpenBLAS for no thread pool, for a light command in a fresh process (a user's own setting stays)."""
    if command in SINGLE_THREAD_BLAS and "numpy" not in sys.modules:  # read once, when numpy loads OpenBLAS
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def _not_a_file(word: str) -> bool:
    """A word that names no file and no shipped scenario: a mistyped command, not something to open."""
    from pathlib import Path

    if word.startswith("-") or Path(word).exists() or Path(word).suffix:
        return False
    from sovsplit.model.io.shipped_scenarios import shipped_scenarios

    return word not in shipped_scenarios()


def _unknown_command(word: str) -> int:
    close = difflib.get_close_matches(word, COMMANDS, n=1, cutoff=0.5)
    hint = f"; did you mean `sovsplit {close[0]}`?" if close else ""
    print(
        f"sovsplit: {word!r} is not a command or a file{hint} (commands: {', '.join(_available_commands())})",
        file=sys.stderr,
    )
    return 2


def _run_app(args) -> int:
    if args.snapshot is None and not _has_display():
        # A server or a fresh container has no screen: show the numbers rather than fail.
        print(
            "sovsplit: no display found; printing the scenario's statistics instead "
            "(use --snapshot OUT.png to render the map)",
            file=sys.stderr,
        )
        from sovsplit.commands import stats

        return stats.run(argparse.Namespace(scenario=args.file, format="table"))
    try:
        from sovsplit.ui.app import run_app
    except ImportError as exc:
        print(f"sovsplit: the map window cannot start: {exc}", file=sys.stderr)
        return 1
    return run_app(args.file, snapshot=args.snapshot, size=args.size)


if __name__ == "__main__":
    sys.exit(main())
