"""What every command shares: reading a scenario (file, shipped name or `-` for stdin), field options, outputs."""

from __future__ import annotations

import shutil
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

STDIO = "-"
# The first bytes of a GeoPackage (an SQLite database); anything else on stdin is taken as GeoJSON.
_SQLITE_MAGIC = b"SQLite format 3\x00"


def add_field_options(parser) -> None:
    parser.add_argument(
        "--name-field",
        metavar="FIELD",
        help="attribute holding the polity name (default: the first of name, NAME, name_en, ADMIN, NAME_LONG, …)",
    )
    parser.add_argument(
        "--id-field", metavar="FIELD", help="attribute holding the polity id (default: id, ID, ADM0_A3, ISO_A3, …)"
    )


def add_no_clobber(parser) -> None:
    parser.add_argument(
        "--no-clobber", action="store_true", help="refuse to replace an existing output file (default: replace it)"
    )


def open_scenario(word: str | None, args=None, regions=None):
    """A scenario from a file, a shipped name, `-` (standard input) or None (the default scenario)."""
    from sovsplit.model.io.scenario_io import load_scenario
    from sovsplit.model.io.shipped_scenarios import resolve_scenario

    fields = {
        "name_field": getattr(args, "name_field", None),
        "id_field": getattr(args, "id_field", None),
    }
    if word == STDIO:
        with stdin_file() as path:
            return load_scenario(path, regions, **fields)
    return load_scenario(resolve_scenario(word) if word else None, regions, **fields)


@contextmanager
def stdin_file():
    """Standard input saved to a temporary file named stdin.geojson or stdin.gpkg (GDAL reads files)."""
    data = sys.stdin.buffer.read()
    suffix = ".gpkg" if data.startswith(_SQLITE_MAGIC) else ".geojson"
    with tempfile.TemporaryDirectory(prefix="sovsplit-stdin-") as folder:
        path = Path(folder) / f"stdin{suffix}"
        path.write_bytes(data)
        yield path


def print_warnings(scenario, prog: str) -> None:
    """Load warnings on standard error, where they never mix with the data on standard output."""
    for warning in scenario.warnings:
        print(f"{prog}: warning: {warning}", file=sys.stderr)


def refuse_clobber(out: Path, args, prog: str) -> bool:
    """True (after one line on stderr) when --no-clobber forbids replacing an existing `out`."""
    if getattr(args, "no_clobber", False) and str(out) != STDIO and out.exists():
        print(f"{prog}: {out}: exists; not replaced (--no-clobber)", file=sys.stderr)
        return True
    return False


@contextmanager
def output_path(out: str, suffix: str):
    """A path to write to: `out` itself, or for `-` a temporary file whose bytes then go to standard output."""
    if out != STDIO:
        yield Path(out)
        return
    with tempfile.TemporaryDirectory(prefix="sovsplit-stdout-") as folder:
        path = Path(folder) / f"stdout{suffix}"
        yield path
        with open(path, "rb") as handle:
            shutil.copyfileobj(handle, sys.stdout.buffer)
        sys.stdout.buffer.flush()
