"""The map style model: one TOML file drives both the canvas and the exporter."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

from sovsplit.model.io.problems import InputError
from sovsplit.model.io.resources import styles_path

DEFAULT_STYLE = "classic"
_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")


@dataclass(frozen=True)
class Style:
    """Every colour, width and font the map uses; colours are #rrggbb or #rrggbbaa."""

    key: str
    name: str
    description: str = ""
    # [map]
    ocean: str = "#b9d3e3"
    neighbour_fill: str = "#ece8de"
    neighbour_border: str = "#a39e93"
    neighbour_border_width: float = 0.5
    region_border: str = "#ffffffb0"
    region_border_width: float = 0.4
    polity_border: str = "#2b2b2b"
    polity_border_width: float = 1.4
    polity_opacity: float = 0.88
    unclaimed_fill: str = "#d0d0d0"
    coastline: str = "#3f6f8f"
    coastline_width: float = 0.6
    graticule: str = "#ffffff66"
    graticule_width: float = 0.5
    frame: str = "#333333"
    frame_width: float = 0.8
    background: str = "#ffffff"
    graticule_step: float = 10.0
    # [text]
    font_family: str = "DejaVu Sans"
    title_font_family: str = "DejaVu Sans"
    text: str = "#1e1e1e"
    halo: str = "#ffffffd0"
    title_size: float = 20.0
    label_size: float = 9.0
    capital_label_size: float = 11.0
    uppercase_titles: bool = False
    title_weight: str = "bold"
    title_colour: str = "#1e1e1e"
    title_band: str = "#00000000"
    label_weight: str = "normal"
    halo_width: float = 2.5
    polity_label_size: float = 18.0
    polity_label_colour: str = "#1e1e1e8c"
    neighbour_label: str = "#7a7468"
    sea_label: str = "#3d6f93"  # italic names of seas and oceans
    # [symbols]
    city_marker: str = "#1e1e1e"
    capital_marker: str = "#b00000"
    port_ice_free: str = "#0b5394"
    port_seasonal: str = "#8fb8de"
    arable_fill: str = "#5b8c2a"
    # Arable land as a choropleth (render/arable_ramp.py): one colour per class, the classes' lower bounds
    # (share of a cell that is arable, 0-1), and optional hatch patterns per class for black-and-white print.
    # Default: ColorBrewer YlGn, 5 classes (sequential, colour-blind safe).
    arable_ramp: tuple = ("#ffffcc", "#c2e699", "#78c679", "#31a354", "#006837")
    arable_breaks: tuple = (0.0, 0.1, 0.25, 0.5, 0.7)
    arable_hatches: tuple = ()
    annotation_for: str = "#2e7d32"
    annotation_against: str = "#c62828"
    annotation_box: str = "#fffdf5"
    # [polities]: colours that replace the scenario's own, by polity id
    polity_colours: dict = field(default_factory=dict)
    greyscale: bool = False
    hatch: bool = False


_SECTIONS = {"map", "text", "symbols", "polities", "meta"}


_MAX_STYLE_BYTES = 256 * 1024


def load_style_file(path: Path | str) -> Style:
    """Read a style file; raise InputError with one line naming the file and the problem."""
    path = Path(path)
    try:
        if path.exists() and not path.is_file():
            # A FIFO would hang the window's start and a link to /dev/zero never ends: refuse before reading.
            raise InputError(path, "is not a regular file (a folder, pipe or device); a style is a .toml file")
        if path.exists() and path.stat().st_size > _MAX_STYLE_BYTES:
            raise InputError(path, f"is over {_MAX_STYLE_BYTES // 1024} KB; a style file is a few lines of TOML")
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(path, "no such style file") from None
    except PermissionError:
        raise InputError(path, "cannot be read: permission denied") from None
    except OSError as exc:
        raise InputError(path, f"cannot be read: {exc.strerror or exc}") from None
    except RecursionError:
        raise InputError(path, "nests tables too deeply") from None
    except UnicodeDecodeError:
        raise InputError(path, "is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(path, f"is not valid TOML: {exc}") from None
    unknown = set(data) - _SECTIONS
    wrong = [name for name in _SECTIONS & set(data) if not isinstance(data[name], dict)]
    if wrong:
        raise InputError(path, f"[{wrong[0]}] must be a table of settings, not a single value")
    if unknown:
        raise InputError(path, f"unknown section [{sorted(unknown)[0]}] (expected meta, map, text, symbols, polities)")
    meta = data.get("meta", {})
    values: dict = {
        "key": path.stem,
        "name": str(meta.get("name", path.stem)),
        "description": str(meta.get("description", "")),
    }
    known = {f.name: f for f in fields(Style)}
    for section in ("map", "text", "symbols"):
        for key, value in data.get(section, {}).items():
            if key not in known:
                raise InputError(path, f"[{section}] has an unknown key '{key}'")
            values[key] = _checked(path, section, key, value, known[key].default)
    polities = data.get("polities", {})
    colours = polities.get("colours", {})
    if not isinstance(colours, dict):
        raise InputError(path, '[polities] colours must be a table like { west = "#c0392b" }')
    for pid, colour in colours.items():
        _checked(path, "polities.colours", pid, colour, "#000000")
    values["polity_colours"] = dict(colours)
    for key in ("greyscale", "hatch"):
        values[key] = _checked(path, "polities", key, polities.get(key, False), False)
    unknown_keys = set(polities) - {"colours", "greyscale", "hatch"}
    if unknown_keys:
        raise InputError(path, f"[polities] has an unknown key '{sorted(unknown_keys)[0]}'")
    ramp = values.get("arable_ramp", Style.arable_ramp)
    breaks = values.get("arable_breaks", Style.arable_breaks)
    hatches = values.get("arable_hatches", ())
    if len(ramp) != len(breaks):
        raise InputError(path, f"[symbols] arable_ramp has {len(ramp)} colours but arable_breaks {len(breaks)} bounds")
    if hatches and len(hatches) != len(ramp):
        raise InputError(path, f"[symbols] arable_hatches needs one pattern per class ({len(ramp)})")
    return Style(**values)


_HATCH = re.compile(r"^[/\\|\-+xXoO.*]*$")


def _checked_list(path: Path, section: str, key: str, value) -> tuple:
    """The arable ramp's lists: colours, ascending class bounds in 0-1, or hatch patterns."""
    if not isinstance(value, list) or not value or len(value) > 9:
        raise InputError(path, f"[{section}] {key} must be a list of 1 to 9 items")
    if key == "arable_ramp":
        for colour in value:
            if not isinstance(colour, str) or not _COLOUR.match(colour):
                raise InputError(path, f"[{section}] {key}: {colour!r} is not a colour like #1a2b3c")
    elif key == "arable_breaks":
        numbers = [v for v in value if isinstance(v, (int, float)) and not isinstance(v, bool)]
        if len(numbers) != len(value) or not all(0 <= v < 1 for v in numbers) or numbers != sorted(set(numbers)):
            raise InputError(path, f"[{section}] {key} must be rising numbers from 0 up to below 1")
        return tuple(float(v) for v in value)
    else:
        for pattern in value:
            if not isinstance(pattern, str) or not _HATCH.match(pattern):
                raise InputError(path, f"[{section}] {key}: {pattern!r} is not a hatch like '//' or 'xx' or '..'")
    return tuple(value)


def _checked(path: Path, section: str, key: str, value, default):
    if isinstance(default, tuple):
        return _checked_list(path, section, key, value)
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise InputError(path, f"[{section}] {key} must be true or false")
        return value
    if isinstance(default, (int, float)):
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
            raise InputError(path, f"[{section}] {key} must be a non-negative number")
        if key.endswith("opacity") and value > 1:
            raise InputError(path, f"[{section}] {key} must be between 0 and 1")
        if key == "graticule_step" and not 1 <= value <= 90:
            raise InputError(path, f"[{section}] {key} must be between 1 and 90 degrees")
        return float(value)
    if key.endswith("_weight"):
        if value not in ("normal", "bold", "light", "heavy", "semibold"):
            raise InputError(path, f"[{section}] {key} must be normal, bold, light, semibold or heavy")
        return value
    if isinstance(default, str) and default.startswith("#"):
        if not isinstance(value, str) or not _COLOUR.match(value):
            raise InputError(path, f"[{section}] {key} = {value!r} is not a colour like #1a2b3c")
        return value
    if not isinstance(value, str):
        raise InputError(path, f"[{section}] {key} must be text")
    return value


def style_dirs() -> list[Path]:
    """Where styles are looked up: the shipped folder, then the user's own folder (which wins)."""
    from sovsplit.model.io.user_dirs import user_config_dir

    return [styles_path("maps"), user_config_dir() / "styles"]


def available_styles() -> dict[str, Path]:
    """Style key → file, user styles overriding shipped ones of the same name (regular files only: a pipe or a
    device in the user's folder is never opened)."""
    found: dict[str, Path] = {}
    for folder in style_dirs():
        try:
            if folder.is_dir():
                for path in sorted(folder.glob("*.toml")):
                    if path.is_file():
                        found[path.stem] = path
        except OSError:
            continue  # an unreadable user folder: the shipped styles remain
    return found


def _shipped(key: str) -> Path | None:
    path = styles_path("maps") / f"{key}.toml"
    return path if path.is_file() else None


def load_style(name_or_path: str | None = None) -> tuple[Style, str | None]:
    """A style by key or path, and a warning; a broken or unknown style falls back to the default."""
    name_or_path = name_or_path or DEFAULT_STYLE
    styles = available_styles()
    path = Path(name_or_path) if name_or_path.endswith(".toml") else styles.get(name_or_path)
    if path is None:
        warning = f"unknown style '{name_or_path}' (available: {', '.join(styles)}); using {DEFAULT_STYLE}"
        return load_style_file(styles[DEFAULT_STYLE]), warning
    try:
        return load_style_file(path), None
    except InputError as exc:
        # A broken user style gives way to the shipped style of that name, else to the shipped default.
        shipped = _shipped(path.stem) if path.suffix == ".toml" else None
        if shipped is not None and shipped != path:
            return load_style_file(shipped), f"{exc}; using the shipped {path.stem} style"
        fallback = _shipped(DEFAULT_STYLE)
        if fallback is None or fallback == path:
            raise
        return load_style_file(fallback), f"{exc}; using {DEFAULT_STYLE}"


def polity_colour(style: Style, polity_id: str, scenario_colour: str) -> str:
    """The fill colour of a polity under a style (a style may recolour polities, or turn them grey)."""
    colour = style.polity_colours.get(polity_id, scenario_colour)
    if style.greyscale:
        r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
        grey = round(0.299 * r + 0.587 * g + 0.114 * b)
        # Spread greys apart so two polities stay distinguishable in print.
        grey = 90 + round(grey / 255 * 140)
        colour = f"#{grey:02x}{grey:02x}{grey:02x}"
    return colour
