"""The reference frame stated honestly: the 1991 borders, what a 1923–1940 split would not yet have, area caveats."""

from __future__ import annotations

from dataclasses import dataclass

FRAME = "the USSR's final (1991) borders: the 83 federal subjects of the Russian SFSR and the 14 other union republics"
WINDOW = "1923–1940"
COASTLINE_SCALE = "1:1,000,000"
COASTLINE_NOTE = (
    f"Coastline lengths are measured along {COASTLINE_SCALE} outlines (the Digital Chart of the World); "
    "a more detailed map gives a longer coast."
)


@dataclass(frozen=True)
class LaterLand:
    """Land inside the 1991 frame that was not Soviet during the thread's window, or a place founded late."""

    name: str
    year: str  # when it became Soviet (or was founded)
    region_ids: tuple[str, ...]
    caveat: str  # one line for the region's hover card
    in_footnote: bool = True  # listed in the frame footnote (the big pieces; towns and border strips are not)


# Years from Encyclopaedia Britannica and the treaties named; see geodata/SOURCES.md, "The 1991 frame".
LATER_LANDS = [
    LaterLand(
        "Tuva",
        "1944",
        ("RUTY",),
        "Not Soviet in 1923–1940: the Tuvan People's Republic joined the USSR only in October 1944.",
    ),
    LaterLand(
        "the Baltic republics",
        "1940",
        ("EE", "LV", "LT"),
        "Not Soviet in 1923–1940: independent until annexed by the USSR in August 1940.",
    ),
    LaterLand(
        "most of Moldavia",
        "1940",
        ("MD",),
        "Mostly not Soviet in 1923–1940: Bessarabia was Romanian until June 1940; only the strip east of the "
        "Dniester (the Moldavian ASSR in Ukraine) was Soviet, from 1924.",
    ),
    LaterLand(
        "western Ukraine and western Belarus",
        "1939–1945",
        ("UA", "BY"),
        "Drawn at its 1991 extent: its western lands came from Poland in 1939 (and, for Ukraine, northern "
        "Bukovina in 1940 and Transcarpathia in 1945); Crimea passed to Ukraine only in 1954.",
        in_footnote=False,
    ),
    LaterLand(
        "the Karelian Isthmus and Ladoga Karelia",
        "1940",
        ("RULEN", "RUKR"),
        "Drawn at its 1991 extent: Vyborg and the Karelian Isthmus (and Ladoga Karelia) were Finnish until March 1940.",
        in_footnote=False,
    ),
    LaterLand(
        "Pechenga",
        "1944",
        ("RUMUR",),
        "Drawn at its 1991 extent: Pechenga (Petsamo) was Finnish until 1944.",
        in_footnote=False,
    ),
    LaterLand(
        "Pechory and Pytalovo",
        "1940",
        ("RUPSK",),
        "Drawn at its 1991 extent: Pechory and Pytalovo were Estonian and Latvian until 1940.",
        in_footnote=False,
    ),
    LaterLand(
        "Kaliningrad",
        "1945–1946",
        ("RUKGD",),
        "Not Soviet in 1923–1940: German East Prussia until 1945, a Soviet oblast from 1946.",
    ),
    LaterLand(
        "South Sakhalin and the Kurils",
        "1945–1946",
        ("RUSAK",),
        "Mostly not Soviet in 1923–1940: South Sakhalin and the Kuril Islands were Japanese until 1945 and "
        "annexed in February 1946; only northern Sakhalin was Soviet.",
    ),
    LaterLand(
        "Magadan",
        "1929–1930",
        ("RUMAG",),
        "Magadan, one of the East's named cities, was only founded in 1929–30, as Dalstroy's base (a town from 1939).",
        in_footnote=False,
    ),
    LaterLand(
        "Batagay",
        "1939",
        ("RUSA",),
        "Batagay, one of the East's named towns, was founded only in 1939, as a tin-mining settlement.",
        in_footnote=False,
    ),
]

# Regions whose measured area differs most from official figures, and why (official areas: Rosstat for the
# federal subjects, the republics' own statistics offices; see geodata/SOURCES.md).
AREA_CAVEATS = {
    "RUYAN": "Area about 11 % under the official 769,250 km²: the outline draws the Gulf of Ob and the Taz "
    "Estuary as sea, while the official figure takes in inland waters.",
    "RUKGD": "Area about 10 % under the official 15,125 km²: the official figure counts the Russian parts of "
    "the Curonian and Vistula lagoons, which the outline leaves as water.",
    "RUSPE": "Area about 40 % over the official 1,439 km²: at 1:1,000,000 the city's outline is too coarse "
    "for so small a unit.",
    "KZ": "Area about 1 % under the official 2,724,900 km²: the Aral Sea is cut out at its old, full extent.",
    "UZ": "Area about 5 % under the official 448,900 km² (close to its 425,400 km² of land): the Aral Sea is "
    "cut out at its old, full extent.",
}


def frame_caveats() -> list[str]:
    """The frame in a few lines: what the numbers refer to and what a split in the window would lack."""
    later = "; ".join(f"{land.name} ({land.year})" for land in LATER_LANDS if land.in_footnote)
    return [
        f"Reference frame: {FRAME}.",
        f"A split in the thread's window ({WINDOW}) comes before these lands were Soviet: {later}; and before "
        "the western lands of Ukraine and Belarus (1939). Two of the East's named towns were founded only within "
        "the window: Magadan (1929–30) and Batagay (1939).",
        COASTLINE_NOTE,
    ]


def frame_footnote() -> str:
    """The frame caveats as one paragraph, for the statistics panel and the CLI."""
    return " ".join(frame_caveats())


def region_caveats(region_id: str) -> list[str]:
    """One-line caveats for a region's hover card: lands not yet Soviet in the window, late towns, area outliers."""
    lines = [land.caveat for land in LATER_LANDS if region_id in land.region_ids]
    if region_id in AREA_CAVEATS:
        lines.append(AREA_CAVEATS[region_id])
    return lines
