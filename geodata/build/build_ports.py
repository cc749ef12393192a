"""Build geodata/ports.geojson: the USSR's sea ports with searoute positions and editor-authored attributes."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import searoute

# The cities build owns the shared helpers (atomic write, region lookup across the antimeridian).
sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_cities import GEODATA, feature_collection_text, load_region_index, region_at, write_atomic

OUT_PATH = GEODATA / "ports.geojson"
YOKOHAMA = ("JPYOK", "Yokohama")
SHANGHAI = ("CNSHA", "Shanghai")

# Where each basin's water reaches the open ocean. The Baltic (Danish straits) and the Black Sea
# (Bosporus, Dardanelles, Gibraltar) both end in the Atlantic; the Caspian is landlocked.
OCEAN_OUTLET = {
    "Pacific": "Pacific",
    "Arctic": "Arctic",
    "Baltic": "Atlantic",
    "Black Sea": "Atlantic",
    "Caspian": None,
}


@dataclass(frozen=True)
class Port:
    """One row of the editors' table: the searoute record to use and what we know about the port."""

    name: str  # English common name today
    locode: str  # UN/LOCODE as searoute spells it
    searoute_name: str  # searoute's own name, needed where a LOCODE appears twice in its data
    sea: str
    basin: str
    ice_free: bool  # open all year without icebreaker escort
    navigation_months: int  # months a year ordinary ships can use it without icebreakers
    rail: bool  # joined by rail to the national network (island and isolated lines do not count)
    notes: str


# Ice and rail status are the editors' reading of well-known facts; the short reason is in `notes`.
PORTS: list[Port] = [
    # Pacific
    Port(
        "Vladivostok",
        "RUVVO",
        "Vladivostok",
        "Sea of Japan",
        "Pacific",
        True,
        12,
        True,
        "Trans-Siberian terminus; the Golden Horn freezes in cold winters but icebreakers keep it open all year.",
    ),
    Port(
        "Nakhodka",
        "RUNJK",
        "Nakhodka",
        "Sea of Japan",
        "Pacific",
        True,
        12,
        True,
        "The Soviet Far East's main commercial and fishing port; its bay stays open in winter.",
    ),
    Port(
        "Vostochny",
        "RUVYP",
        "Vostochny",
        "Sea of Japan",
        "Pacific",
        True,
        12,
        True,
        "Deep-water bulk and container port on Wrangel Bay, built in the 1970s next to Nakhodka.",
    ),
    Port(
        "Vanino",
        "RUVNN",
        "Vanino",
        "Sea of Japan",
        "Pacific",
        True,
        12,
        True,
        "Tatar Strait port at the end of the Baikal-Amur line; train ferry to Kholmsk on Sakhalin.",
    ),
    Port(
        "Kholmsk",
        "RUKHO",
        "Kholmsk",
        "Sea of Japan",
        "Pacific",
        True,
        12,
        False,
        "Sakhalin's ice-free west-coast port; its island railway reaches the mainland only by train ferry.",
    ),
    Port(
        "Korsakov",
        "RUKOR",
        "Korsakov",
        "Sea of Okhotsk",
        "Pacific",
        False,
        9,
        False,
        "Sakhalin's southern port on Aniva Bay, which ices over in midwinter and then needs icebreakers.",
    ),
    Port(
        "Nikolayevsk-on-Amur",
        "RUNIA",
        "Nikolaevsk on Amur",
        "Sea of Okhotsk",
        "Pacific",
        False,
        6,
        False,
        "Amur mouth port with no railway; the estuary is frozen from about November to May.",
    ),
    Port(
        "Magadan",
        "RUMAG",
        "Magadan",
        "Sea of Okhotsk",
        "Pacific",
        False,
        8,
        False,
        "Gateway to Kolyma; Nagaev Bay freezes in winter and ships then need icebreakers.",
    ),
    Port(
        "Petropavlovsk-Kamchatsky",
        "RUPKC",
        "Petropavlovsk-Kamchatsky",
        "Pacific Ocean",
        "Pacific",
        True,
        12,
        False,
        "Avacha Bay opens straight onto the Pacific and stays navigable all year; Kamchatka has no railway.",
    ),
    Port(
        "Ust-Kamchatsk",
        "RUUKK",
        "Ust Kamchatsk",
        "Bering Sea",
        "Pacific",
        False,
        5,
        False,
        "Fishing port at the Kamchatka River mouth, icebound from late autumn to early summer.",
    ),
    Port(
        "Anadyr",
        "RUDYR",
        "Anadyr",
        "Bering Sea",
        "Pacific",
        False,
        5,
        False,
        "Chukotka's capital on the Anadyr estuary, open to shipping only from early summer to late autumn.",
    ),
    Port(
        "Egvekinot",
        "RUEGV",
        "Egvekinot",
        "Bering Sea",
        "Pacific",
        False,
        4,
        False,
        "Supply port in the Gulf of Kresta east of 180°, reached by sea only in the short summer.",
    ),
    Port(
        "Beringovsky",
        "RUBER",
        "Beringovsky",
        "Bering Sea",
        "Pacific",
        False,
        4,
        False,
        "Coal-shipping port on the Bering Sea coast of Chukotka with a summer-only season.",
    ),
    # Arctic
    Port(
        "Murmansk",
        "RUMMK",
        "Murmansk",
        "Barents Sea",
        "Arctic",
        True,
        12,
        True,
        "Warm Atlantic water keeps the Kola Bay open all year; home of the nuclear icebreaker fleet.",
    ),
    Port(
        "Kandalaksha",
        "RUKAN",
        "Kandalaksha",
        "White Sea",
        "Arctic",
        False,
        6,
        True,
        "On the Murmansk railway at the head of a White Sea bay that freezes from late autumn to spring.",
    ),
    Port(
        "Arkhangelsk",
        "RUARH",
        "Arkhangelsk",
        "White Sea",
        "Arctic",
        False,
        6,
        True,
        "Timber port on the Northern Dvina; winter traffic relies on icebreakers.",
    ),
    Port(
        "Mezen",
        "RUMEZ",
        "Mezen",
        "White Sea",
        "Arctic",
        False,
        4,
        False,
        "Small timber port on the Mezen estuary, roadstead loading in the summer months only.",
    ),
    Port(
        "Naryan-Mar",
        "RUNNM",
        "Naryan-Mar",
        "Barents Sea",
        "Arctic",
        False,
        4,
        False,
        "River port on the Pechora near the Pechora Sea, free of ice only in summer.",
    ),
    Port(
        "Dikson",
        "RUDKS",
        "Dikson",
        "Kara Sea",
        "Arctic",
        False,
        3,
        False,
        "Polar station and coaling port at the Yenisei Gulf, open water for about three months.",
    ),
    Port(
        "Dudinka",
        "RUDUD",
        "Dudinka",
        "Kara Sea",
        "Arctic",
        False,
        4,
        False,
        "Norilsk's Yenisei port; its railway to Norilsk never joined the national network.",
    ),
    Port(
        "Igarka",
        "RUIAA",
        "Igarka",
        "Kara Sea",
        "Arctic",
        False,
        4,
        False,
        "Yenisei timber port reached by sea ships in summer; the Salekhard-Igarka railway was abandoned unfinished.",
    ),
    Port(
        "Khatanga",
        "RUHTG",
        "Hatanga",
        "Laptev Sea",
        "Arctic",
        False,
        3,
        False,
        "River port up the Khatanga Gulf of the Laptev Sea with a short summer season.",
    ),
    Port(
        "Tiksi",
        "RUIKS",
        "Tiksi",
        "Laptev Sea",
        "Arctic",
        False,
        3,
        False,
        "Sakha's sea gate near the Lena delta, open about three months a year on the Northern Sea Route.",
    ),
    Port(
        "Pevek",
        "RUPWE",
        "Pevek",
        "East Siberian Sea",
        "Arctic",
        False,
        3,
        False,
        "Chaun Bay port serving Chukotka's mines, reachable by sea roughly from July to October.",
    ),
    # Baltic
    Port(
        "Saint Petersburg",
        "RULED",
        "Saint Petersburg",
        "Baltic Sea",
        "Baltic",
        False,
        8,
        True,
        "The Gulf of Finland freezes each winter and icebreakers keep the port working.",
    ),
    Port(
        "Kaliningrad",
        "RUKGD",
        "Kaliningrad",
        "Baltic Sea",
        "Baltic",
        True,
        12,
        True,
        "The USSR's only Baltic port that stayed open all year without icebreakers, reached by a ship canal.",
    ),
    Port(
        "Tallinn",
        "EETLL",
        "Tallinn",
        "Baltic Sea",
        "Baltic",
        True,
        12,
        True,
        "Estonian capital's port; the bay rarely freezes enough to stop ships.",
    ),
    Port(
        "Riga",
        "LVRIX",
        "Riga",
        "Baltic Sea",
        "Baltic",
        False,
        10,
        True,
        "Daugava port at the head of the Gulf of Riga, which needs icebreakers in cold winters.",
    ),
    Port(
        "Ventspils",
        "LVVNT",
        "Ventspils",
        "Baltic Sea",
        "Baltic",
        True,
        12,
        True,
        "Ice-free oil and potash export port on the open Baltic coast of Latvia.",
    ),
    Port(
        "Liepaja",
        "LVLPX",
        "Liepaja",
        "Baltic Sea",
        "Baltic",
        True,
        12,
        True,
        "Ice-free Latvian port and Soviet naval base on the open Baltic.",
    ),
    Port(
        "Klaipeda",
        "LTKLJ",
        "Klaipeda",
        "Baltic Sea",
        "Baltic",
        True,
        12,
        True,
        "Lithuania's ice-free port at the mouth of the Curonian Lagoon.",
    ),
    # Black Sea and Sea of Azov
    Port(
        "Odesa",
        "UAODS",
        "Odessa",
        "Black Sea",
        "Black Sea",
        True,
        12,
        True,
        "The USSR's busiest Black Sea port, worked all year with icebreakers on hand for rare hard winters.",
    ),
    Port(
        "Chornomorsk",
        "UAILK",
        "Chornomorsk",
        "Black Sea",
        "Black Sea",
        True,
        12,
        True,
        "Called Illichivsk in 1991; deep-water port and ferry terminal south of Odesa.",
    ),
    Port(
        "Mykolaiv",
        "UANIK",
        "Nikolaev",
        "Black Sea",
        "Black Sea",
        False,
        10,
        True,
        "Shipbuilding port on the Southern Bug estuary, which freezes in cold winters.",
    ),
    Port(
        "Kherson",
        "UAKHE",
        "Kherson",
        "Black Sea",
        "Black Sea",
        False,
        10,
        True,
        "Dnieper river port upstream of the estuary, icebound in hard winters.",
    ),
    Port(
        "Sevastopol",
        "UASVP",
        "Sevastopol",
        "Black Sea",
        "Black Sea",
        True,
        12,
        True,
        "Black Sea Fleet base in ice-free Crimean bays.",
    ),
    Port(
        "Novorossiysk",
        "RUNVS",
        "Novorossiysk",
        "Black Sea",
        "Black Sea",
        True,
        12,
        True,
        "Ice-free deep-water port of the RSFSR's Black Sea coast; winter bora winds, not ice, stop work.",
    ),
    Port(
        "Tuapse",
        "RUTUA",
        "Tuapse",
        "Black Sea",
        "Black Sea",
        True,
        12,
        True,
        "Ice-free oil-export port on the Caucasian Black Sea coast.",
    ),
    Port(
        "Batumi",
        "GEBUS",
        "Batumi",
        "Black Sea",
        "Black Sea",
        True,
        12,
        True,
        "Georgia's ice-free oil port at the end of the Transcaucasian railway.",
    ),
    Port(
        "Poti",
        "GEPTI",
        "Poti",
        "Black Sea",
        "Black Sea",
        True,
        12,
        True,
        "Ice-free Georgian port at the Rioni mouth, railway-linked to Tbilisi.",
    ),
    Port(
        "Mariupol",
        "UAMPW",
        "Mariupol",
        "Sea of Azov",
        "Black Sea",
        False,
        10,
        True,
        "Steel-export port on the shallow Sea of Azov, which freezes in most winters.",
    ),
    Port(
        "Taganrog",
        "RUTAG",
        "Taganrog",
        "Sea of Azov",
        "Black Sea",
        False,
        9,
        True,
        "Port on Taganrog Bay, the longest-frozen corner of the Sea of Azov.",
    ),
    # Caspian
    Port(
        "Baku",
        "AZBAK",
        "Baku",
        "Caspian Sea",
        "Caspian",
        True,
        12,
        True,
        "Oil capital of the Caspian, ice-free, with ferries to Turkmenbashi.",
    ),
    Port(
        "Astrakhan",
        "RUASF",
        "Astrakhan",
        "Caspian Sea",
        "Caspian",
        False,
        8,
        True,
        "Volga delta port, icebound in winter; the Volga-Don canal links it to the Sea of Azov for river-sea ships.",
    ),
    Port(
        "Makhachkala",
        "RUMCX",
        "Makhachkala",
        "Caspian Sea",
        "Caspian",
        True,
        12,
        True,
        "The RSFSR's only ice-free Caspian port.",
    ),
    Port(
        "Aktau",
        "KZAAU",
        "Aktau",
        "Caspian Sea",
        "Caspian",
        True,
        12,
        True,
        "Called Shevchenko in 1991; ice-free Kazakh port on the Mangyshlak peninsula.",
    ),
    Port(
        "Turkmenbashi",
        "TMKRW",
        "Turkmenbasy",
        "Caspian Sea",
        "Caspian",
        True,
        12,
        True,
        "Called Krasnovodsk in 1991; ice-free terminus of the Trans-Caspian railway.",
    ),
]


def searoute_ports() -> dict[tuple[str, str], tuple[float, float]]:
    """Positions from searoute's shipped port list, keyed by (LOCODE, searoute name)."""
    text = resources.files("searoute").joinpath("data/ports.geojson").read_text(encoding="utf-8")
    positions = {}
    for feature in json.loads(text)["features"]:
        props = feature["properties"]
        lon, lat = feature["geometry"]["coordinates"][:2]
        positions[(props["port"], props["name"])] = (float(lon), float(lat))
    return positions


def position_of(key: tuple[str, str], positions: dict) -> tuple[float, float]:
    """A port's searoute position; stops the build when searoute does not have it."""
    if key not in positions:
        raise SystemExit(f"searoute ports.geojson lacks {key[1]} ({key[0]})")
    return positions[key]


def sea_km(origin: tuple[float, float], destination: tuple[float, float]) -> float | None:
    """Sea-route length in km on searoute's network, or None when it finds no route."""
    try:
        route = searoute.searoute(list(origin), list(destination), units="km")
    except Exception as error:  # searoute raises plain exceptions when a point has no path
        print(f"searoute failed from {origin}: {error}", file=sys.stderr)
        return None
    length = route["properties"].get("length")
    return None if length is None else round(float(length), 1)


def port_feature(port: Port, positions: dict, regions) -> dict:
    """One GeoJSON point feature in the ports.geojson contract."""
    lon, lat = position_of((port.locode, port.searoute_name), positions)
    landlocked = port.basin == "Caspian"  # a Caspian port has no sea route to Japan or China at all
    properties = {
        "name": port.name,
        "locode": port.locode,
        "sea": port.sea,
        "basin": port.basin,
        "ocean_outlet": OCEAN_OUTLET[port.basin],
        "ice_free": port.ice_free,
        "navigation_months": port.navigation_months,
        "rail": port.rail,
        "notes": port.notes,
        "source": f"searoute ports.geojson (LOCODE {port.locode}); attributes: sovsplit editors",
        "sea_km_to_yokohama": None if landlocked else sea_km((lon, lat), position_of(YOKOHAMA, positions)),
        "sea_km_to_shanghai": None if landlocked else sea_km((lon, lat), position_of(SHANGHAI, positions)),
    }
    if regions is not None:
        properties["region_id"] = region_at(lon, lat, regions)
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": properties}


def check_table() -> None:
    """Catch editing slips in the table before any routing is done."""
    locodes = [port.locode for port in PORTS]
    duplicates = sorted({code for code in locodes if locodes.count(code) > 1})
    if duplicates:
        raise SystemExit(f"ports listed twice: {duplicates}")
    for port in PORTS:
        if port.basin not in OCEAN_OUTLET or not 1 <= port.navigation_months <= 12:
            raise SystemExit(f"bad basin or season for {port.name}")
        if port.ice_free != (port.navigation_months == 12):
            raise SystemExit(f"{port.name}: ice_free must mean a 12-month season")


def main() -> int:
    check_table()
    positions = searoute_ports()
    regions = load_region_index()
    features = [port_feature(port, positions, regions) for port in PORTS]
    write_atomic(OUT_PATH, feature_collection_text(features))
    with_regions = "with region_id" if regions is not None else "without region_id (no regions.geojson yet)"
    print(f"wrote {len(features)} ports to {OUT_PATH} {with_regions}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
