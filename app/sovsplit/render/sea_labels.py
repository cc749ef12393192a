"""Names of the seas and oceans: the text forms each may take, largest first, for the canvas and the export."""

from __future__ import annotations

from dataclasses import dataclass

from sovsplit.model import reference
from sovsplit.render.area_label_axis import spaced

# Label size (share of the style's label size) by rank: oceans, seas, small seas and lakes.
SIZE_BY_RANK = {1: 1.3, 2: 1.1, 3: 0.95}
# A name that does not fit tries these smaller sizes (shares of its own) before it is left out.
SHRINK = (1.0, 0.85, 0.72, 0.6)
# The smallest a sea's name is printed or drawn, in points (at the page's own scale): smaller is noise.
MIN_PRINT_POINTS, MIN_SCREEN_POINTS = 5.5, 7.0
GENERIC = {"Sea", "Ocean", "Gulf", "Bay", "Strait", "Lake"}


@dataclass(frozen=True)
class SeaName:
    """A sea to name: its label point in unwrapped lon/lat, the forms of its name and its label size share."""

    name: str
    kind: str  # ocean, sea or lake
    lon: float
    lat: float
    size: float  # share of the style's label size
    rank: int


def sea_names() -> list[SeaName]:
    """The shipped seas, most important first."""
    seas = [
        SeaName(f["name"], f["kind"], f.geometry.x, f.geometry.y, SIZE_BY_RANK.get(f["rank"], 1.0), f["rank"])
        for f in reference.seas()
    ]
    return sorted(seas, key=lambda s: s.rank)


def wrap_words(name: str) -> str:
    """A name of several words on two lines, as atlases break them: the specific part on one line and the
    generic word on the other ("East Siberian" / "Sea", "Sea of" / "Okhotsk")."""
    words = name.split(" ")
    if len(words) < 2:
        return name
    if words[0] in GENERIC and len(words) > 2 and words[1] == "of":
        cut = 2
    elif words[-1] in GENERIC:
        cut = len(words) - 1
    else:
        cut = min(range(1, len(words)), key=lambda i: abs(len(" ".join(words[:i])) - len(" ".join(words[i:]))))
    return " ".join(words[:cut]) + "\n" + " ".join(words[cut:])


def forms(sea: SeaName) -> list[str]:
    """How a sea's name may be written, preferred first: oceans in letter-spaced capitals, seas as they are;
    each on one line, then on two."""
    text = spaced(sea.name.upper()) if sea.kind == "ocean" else sea.name
    wrapped = spaced(wrap_words(sea.name).upper()) if sea.kind == "ocean" else wrap_words(sea.name)
    return list(dict.fromkeys((text, wrapped)))


def font_sizes(sea: SeaName, label_size: float, minimum: float) -> list[float]:
    """The sizes (points) a sea's name tries, largest first: its own, then smaller ones down to `minimum`."""
    first = label_size * sea.size
    return [first] + [first * shrink for shrink in SHRINK[1:] if first * shrink >= minimum]
