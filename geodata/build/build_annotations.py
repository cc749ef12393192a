"""Build geodata/annotations.geojson: the forum's feasibility arguments, paraphrased, with anchors and evidence rules.

The texts are the sovsplit editors' own summaries of the two seed documents (no sentence is copied). Anchors are
shipped cities where we ship them, a few hand-placed points outside the USSR (Tokyo, Harbin, Gori, Yanovka,
the Bering Strait), the Lena valley, and the West–East border, which is derived here from the default scenario.
Run after regions.geojson and scenarios/default.geojson exist:  python geodata/build/build_annotations.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import NamedTuple

import shapely

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "app"))

from sovsplit.model import reference  # noqa: E402
from sovsplit.model.annotations.arguments import TOPICS, annotation_problems  # noqa: E402
from sovsplit.model.annotations.metrics import shared_border  # noqa: E402
from sovsplit.model.antimeridian import wrap  # noqa: E402
from sovsplit.model.io.atomic import write_atomic  # noqa: E402
from sovsplit.model.io.scenario_io import load_scenario  # noqa: E402

OUT_PATH = ROOT / "geodata" / "annotations.geojson"
THREAD = "004_7d6a98381bbd72c3.txt"  # the forum thread
RIVALRY = "000_44799cd7e3280b43.txt"  # background notes on the Stalin–Trotsky rivalry

# Places outside the shipped cities, lon/lat in degrees (rounded; they only anchor a callout).
PLACES = {
    "Tokyo": (139.69, 35.69),
    "Harbin": (126.64, 45.76),
    "Bering Strait": (-169.0, 65.8),
    "Brest": (23.69, 52.10),  # the USSR's western frontier in 1941
    "Gori": (44.11, 41.98),  # Stalin's birthplace
    "Yanovka": (32.24, 47.87),  # Trotsky's birthplace (today Bereslavka, Kirovohrad oblast), approximate
    "Verkhoyansk": (133.40, 67.55),  # reindeer-herding north of Yakutia
    "Susuman": (148.15, 62.78),  # Kolyma gold fields
    "Olyokminsk": (120.42, 60.37),
    "Pokrovsk": (129.14, 61.48),
    "Sangar": (127.47, 63.92),
}

# Evidence rules (see sovsplit.model.annotations.rules for the format).
NO_RAIL_PACIFIC_PORT = {"metric": "ports.rail_year_round_pacific", "polity": "east", "op": "==", "value": 0}
# "Long" means at least half as long again as the West's route from Vladivostok's coast.
FAR_FROM_CHINA = {"metric": "ports.to_china.km", "polity": "east", "op": ">", "other": "west", "factor": 1.5}
CUT_OFF_WITHOUT_VLADIVOSTOK = {"all": [NO_RAIL_PACIFIC_PORT, FAR_FROM_CHINA]}
JAPAN_CLOSE_BY_SEA = {"metric": "ports.to_japan.km", "polity": "east", "op": "<", "value": 3000}
POORER_FARMLAND = {"metric": "arable_share", "polity": "east", "op": "<", "other": "west", "factor": 0.25}
# Pimentel's 0.5 ha of cropland per person for a varied diet (SOURCES.md, annotations.geojson).
SUBSISTENCE_HA_PER_PERSON = 0.5
TOO_LITTLE_GRAIN_LAND = {
    "all": [
        {"metric": "arable_ha_per_person", "polity": "east", "op": "<", "value": SUBSISTENCE_HA_PER_PERSON},
        {"metric": "arable_ha_per_person", "polity": "east", "op": "<", "other": "west", "factor": 0.5},
    ]
}
CAPITAL_DEEP_INLAND = {
    "all": [
        {"metric": "capital_inside", "polity": "east", "op": "==", "value": True},
        {"metric": "capital_border_distance_km", "polity": "east", "op": ">=", "value": 400},
    ]
}
EAST_CITIES = {
    "metric": "cities_held",
    "polity": "east",
    "op": "contains_all",
    "value": ["Anadyr", "Petropavlovsk-Kamchatsky", "Batagay", "Magadan"],
}
SEA_OUTLET = {"metric": "ports.year_round", "polity": "east", "op": ">=", "value": 1}


class Argument(NamedTuple):
    """One shipped annotation. `claim` says in plain words what the rule checks (or, without a rule, what the
    argument asserts); `explanation` gives the rule's thresholds and their reasons, or why nothing can test it."""

    id: str
    anchor: object
    topic: str
    stance: str
    seed: str
    title: str
    text: str
    claim: str
    rule: dict | None
    explanation: str


ARGUMENTS = [
    # --- the scenario's premise (thread) ---
    Argument(
        "premise-window",
        "Moscow",
        "politics",
        "neutral",
        THREAD,
        "A split between 1923 and 1940",
        "The thread leaves the point of divergence open within a window: any moment from 1923, as Lenin's "
        "succession is fought out, up to 1940.",
        "The split happens at some point from 1923 to 1940.",
        None,
        "A date range, not something the map can measure. The map's frame is the USSR of 1991, which holds "
        "lands a split in that window would not yet include (the Baltic republics, Bessarabia, Tuva, "
        "Kaliningrad, South Sakhalin and the Kurils): see the frame note under the statistics.",
    ),
    Argument(
        "premise-exile",
        "Yakutia",
        "politics",
        "neutral",
        THREAD,
        "Exile turned founder",
        "In this timeline Stalin banishes Trotsky to Siberia. His charisma wins over fellow exiled oppositionists "
        "and a Red Army faction loyal to him, and together they carve out a rival Soviet state in the east.",
        "Trotsky, exiled to Siberia, rallies fellow exiles and part of the Red Army and founds a rival state.",
        None,
        "A premise of the scenario, not a claim the map can test.",
    ),
    Argument(
        "premise-capital-yakutsk",
        "Yakutsk",
        "military",
        "for",
        THREAD,
        "Yakutsk as capital",
        "The new state makes Yakutsk its capital because of where it sits: the thread calls it the best placed "
        "city strategically.",
        "Yakutsk lies at least 400 km from the nearest land of the West or of any foreign state.",
        CAPITAL_DEEP_INLAND,
        "Holds when the East holds Yakutsk and the city lies at least 400 km from the nearest land held by the "
        "West or a foreign country — more than a week's march through roadless taiga and beyond the reach of "
        "the R-5 light bombers of the early 1930s (about 800 km there and back). The measured line names the "
        "region that comes nearest: in the shipped scenarios Khabarovsk Krai, whose Okhotsk coast district "
        "reaches to within about 370 km of the city.",
    ),
    Argument(
        "premise-cities",
        ["Anadyr", "Petropavlovsk-Kamchatsky", "Batagay", "Magadan"],
        "economy",
        "neutral",
        THREAD,
        "The East's other cities",
        "Besides the capital, the East's main towns are Anadyr, Petropavlovsk on Kamchatka, Batagay and Magadan.",
        "The East on this map holds Anadyr, Petropavlovsk-Kamchatsky, Batagay and Magadan.",
        EAST_CITIES,
        "Checks that the scenario matches the thread: holds when all four towns lie inside the East. Magadan "
        "(1929–30) and Batagay (1939) were only founded within the thread's window (see their regions' notes).",
    ),
    Argument(
        "premise-aim-reunify",
        "Moscow",
        "politics",
        "neutral",
        THREAD,
        "Aim: reunite the Union",
        "The East sees itself as the real USSR and keeps the name; the world calls it the East USSR. Its first "
        "goal is to bring every Soviet land back together under Trotsky's line rather than Stalin's.",
        "The East aims to reunite every Soviet land under its own line.",
        None,
        "A stated aim; no measure in the data says whether it would succeed.",
    ),
    Argument(
        "premise-aim-export",
        "Petropavlovsk-Kamchatsky",
        "foreign relations",
        "neutral",
        THREAD,
        "Aim: carry socialism abroad",
        "Its second goal is to spread socialism beyond its own borders.",
        "The East holds at least one port open all year, its only way abroad that avoids the West.",
        SEA_OUTLET,
        "The aim itself cannot be measured; this tests its means: holds when the East has at least one port "
        "usable all year, its only way to reach foreign comrades without crossing the West.",
    ),
    Argument(
        "question-stalinism",
        "Moscow",
        "politics",
        "neutral",
        THREAD,
        "Question: Stalinism unchanged?",
        "The thread asks whether Stalin's rule in Moscow would unfold as it did in our history, and whether the "
        "western USSR's fate would change much.",
        "An open question: would Stalin's rule and the West's fate change?",
        None,
        "An open question of the thread.",
    ),
    Argument(
        "question-ww2",
        "Brest",
        "military",
        "neutral",
        THREAD,
        "Question: a different WWII?",
        "How would the Second World War play out with two rival Soviet states?",
        "An open question: how would the Second World War change?",
        None,
        "An open question of the thread.",
    ),
    Argument(
        "question-cold-war",
        "Bering Strait",
        "foreign relations",
        "neutral",
        THREAD,
        "Question: a different Cold War?",
        "If the East lived through the war, how would it reshape the Cold War — facing Alaska across the strait?",
        "An open question: how would a surviving East change the Cold War?",
        None,
        "An open question of the thread.",
    ),
    # --- objections and replies (thread) ---
    Argument(
        "objection-little-support",
        "Moscow",
        "politics",
        "against",
        THREAD,
        "Few backers for Trotsky",
        "A reply objects that Trotsky had little following among the party's leaders and probably not much in "
        "the Red Army either.",
        "Trotsky had few supporters among the party's leaders or in the Red Army.",
        None,
        "Political loyalty is not in the data; this cannot be measured on the map.",
    ),
    Argument(
        "objection-coup-fails",
        "Moscow",
        "military",
        "against",
        THREAD,
        "A coup would fail",
        "Any attempt by Trotsky to seize power would collapse, and he would be shot.",
        "A coup by Trotsky would fail and cost him his life.",
        None,
        "A judgement about events, not something the territory can show.",
    ),
    Argument(
        "objection-exile-prisoner",
        "Yakutsk",
        "politics",
        "against",
        THREAD,
        "An exile is a prisoner",
        "Someone sent east in exile is under guard, another reply says; from that lowly position he could hardly "
        "rally enough people to found a country.",
        "An exile under guard could not gather enough followers to found a state.",
        None,
        "About Trotsky's standing, which the data does not record.",
    ),
    Argument(
        "objection-break-away-first",
        "border",
        "politics",
        "against",
        THREAD,
        "The East must break away first",
        "To work, the scenario would need the eastern lands to become independent, or nearly so, on their own; "
        "only then could Trotsky escape there beyond the reach of Stalin's state.",
        "The eastern lands would have to break away first, and Trotsky flee there afterwards.",
        None,
        "A proposed change of premise; nothing on the map measures it.",
    ),
    Argument(
        "objection-vladivostok",
        "Vladivostok",
        "ports",
        "against",
        THREAD,
        "Doomed without Vladivostok",
        "Without Vladivostok, one reply says, Trotsky's state is finished.",
        "Without Vladivostok the East has no Pacific port usable all year with a rail link, and its best sea "
        "route to China is at least half as long again as the West's.",
        CUT_OFF_WITHOUT_VLADIVOSTOK,
        "That a state is doomed cannot be measured; this tests what losing Vladivostok costs. Holds when the "
        "East has no Pacific port that is both usable all year and joined by rail to the mainland "
        "(Vladivostok, Nakhodka, Vostochny, Vanino: Petropavlovsk is ice-free but cut off by land) and its best "
        "sea route to Shanghai is more than 1.5 times the West's.",
    ),
    Argument(
        "objection-japan-orbit",
        "Tokyo",
        "foreign relations",
        "against",
        THREAD,
        "Drawn into Japan's orbit",
        "The same reply expects the East to end up in Japan's sphere of influence.",
        "The East's best port lies under 3,000 km by sea from Yokohama, inside Japan's naval reach.",
        JAPAN_CLOSE_BY_SEA,
        "Influence cannot be measured; this tests proximity. Holds when the East's best port is under 3,000 km "
        "from Yokohama by sea — less than a week for a 10-knot steamer, well inside the Japanese navy's home "
        "waters.",
    ),
    Argument(
        "objection-china-proxy",
        "Harbin",
        "foreign relations",
        "neutral",
        THREAD,
        "Rival patrons in China",
        "Perhaps Trotsky would arm Mao's Communists while Stalin backs the Nationalists — a proxy contest the "
        "reply finds intriguing.",
        "Trotsky would back the Chinese Communists and Stalin the Nationalists.",
        None,
        "A guess about which Chinese side each would choose; the data holds no alliances, and the reply claims "
        "no border with China. How far each side's ships sail to Shanghai is in the statistics.",
    ),
    Argument(
        "objection-worse-life",
        "Yakutia",
        "economy",
        "against",
        THREAD,
        "Harder life than in the West",
        "Another reply predicts that life in the Trotskyist East would be even grimmer than in Stalin's West.",
        "Life in the East would be even harder than in the West.",
        None,
        "Living standards are not in the data (no income or diet figures): not measurable. The farming and "
        "grain arguments test two of the reasons the reply gives.",
    ),
    Argument(
        "objection-poor-farming",
        "Lena valley",
        "agriculture",
        "against",
        THREAD,
        "Far poorer farmland",
        "Its conditions for farming are much worse than the West's.",
        "The share of the East's land fit for crops is under a quarter of the West's share.",
        POORER_FARMLAND,
        "Holds when the share of the East's land that can carry crops is under a quarter of the West's share.",
    ),
    Argument(
        "objection-no-grain",
        "Kolyma",
        "agriculture",
        "against",
        THREAD,
        "No grain from Stalin",
        "Stalin will not sell the East grain, so it must feed its miners and its border garrisons on its own — "
        "and its fields cannot.",
        "The East has less farmland per person than the 0.5 ha a varied diet needs, and under half the West's "
        "per person.",
        TOO_LITTLE_GRAIN_LAND,
        "Holds when the East's arable land per inhabitant — miners, soldiers and everyone else, from the 1989 "
        "census — is under 0.5 ha, the cropland per person Pimentel puts as the minimum for a varied diet, and "
        "under half the West's. Cannot be tested until the statistics carry population.",
    ),
    Argument(
        "objection-dekulakization",
        "Verkhoyansk",
        "agriculture",
        "against",
        THREAD,
        "Same war on kulaks and nomads",
        "After Lenin, Trotsky would be just as set on breaking the kulaks and settling the nomads by force as "
        "Stalin was, with the same cost.",
        "Trotsky would wage the same campaign against kulaks and nomads as Stalin.",
        None,
        "A claim about policy; the data holds nothing to test it.",
    ),
    Argument(
        "reply-vavilov",
        "Yakutia",
        "agriculture",
        "for",
        THREAD,
        "Vavilov defects east",
        "With luck the plant scientist Nikolai Vavilov would flee to the East and soften the famines that "
        "Trotsky's drive to industrialise Yakutia would otherwise bring.",
        "Vavilov might defect east and ease the famines of Yakutia's industrialisation.",
        None,
        "A what-if about one person; not measurable.",
    ),
    # --- causes of the rivalry (background notes) ---
    Argument(
        "rivalry-civil-war-standing",
        "Saint Petersburg",
        "military",
        "for",
        RIVALRY,
        "Strategist of the Civil War",
        "Trotsky had chaired the Petrograd Soviet in 1917, steered the October rising and then led the Red Army "
        "through the Civil War, and was remembered as its strategist. It is the one point in the notes that "
        "makes a Red Army faction loyal to him believable.",
        "Trotsky's record as head of the Petrograd Soviet and Civil War strategist could win him a Red Army following.",
        None,
        "Standing and loyalty are not in the data; not measurable.",
    ),
    Argument(
        "rivalry-party-support",
        "Moscow",
        "politics",
        "against",
        RIVALRY,
        "Rank and file vs Group of 46",
        "As General Secretary Stalin had handed many members their cards and posts, so the rank and file stood "
        "with him; Trotsky relied on the small Group of 46 around Pyatakov and Smirnov.",
        "The party's rank and file backed Stalin; Trotsky had only a small bloc.",
        None,
        "Party membership by faction is not in the data.",
    ),
    Argument(
        "rivalry-factionalism-ban",
        "Moscow",
        "politics",
        "against",
        RIVALRY,
        "The ban on factions",
        "Organising his bloc put Trotsky on the wrong side of the party's ban on factions, while Stalin kept the "
        "goodwill of Lenin's more moderate allies.",
        "Trotsky's bloc broke the ban on factions; Stalin kept Lenin's moderate allies.",
        None,
        "Not measurable on the map.",
    ),
    Argument(
        "rivalry-economics",
        "Yakutsk",
        "economy",
        "against",
        RIVALRY,
        "NEP, plans or War Communism",
        "Both men wanted to end the New Economic Policy: Stalin stayed quiet, let it falter and then brought in "
        "five-year plans, while Trotsky attacked it openly. The notes say he wanted the hated War Communism back, "
        "but historians dispute that: in 1920 he had himself proposed a tax in kind, the idea at the heart of NEP.",
        "Stalin let NEP fail quietly; the notes' claim that Trotsky wanted War Communism back is disputed.",
        None,
        "Economic policy is not in the data.",
    ),
    Argument(
        "rivalry-foreign-policy",
        "border",
        "foreign relations",
        "neutral",
        RIVALRY,
        "Permanent revolution vs one country",
        "Trotsky meant to push revolution abroad until the world was safe for communism; Stalin put building "
        "socialism in one self-reliant country first, and most of the party preferred that.",
        "Trotsky wanted revolution abroad; Stalin and most of the party wanted socialism at home first.",
        None,
        "A difference of doctrine; nothing to measure.",
    ),
    Argument(
        "rivalry-personality",
        ["Gori", "Yanovka"],
        "politics",
        "against",
        RIVALRY,
        "Personality and background",
        "Stalin, a lifelong Bolshevik from Georgia, came across as practical and dogged; Trotsky, a former "
        "Menshevik from a Jewish family in Ukraine, as brilliant but vain and a poor judge — and prejudice and "
        "temperament drew more people to Stalin.",
        "Temperament, background and prejudice drew more people to Stalin than to Trotsky.",
        None,
        "Reputation is not measurable.",
    ),
]


def _city(name: str) -> tuple[float, float]:
    for feature in reference.cities():
        if feature["name"] == name:
            return feature.geometry.x, feature.geometry.y
    if name in PLACES:
        return PLACES[name]
    raise SystemExit(f"build_annotations: no city or place called {name!r}")


def _anchors(scenario) -> dict:
    """Named anchors as shapely geometry in unwrapped lon/lat."""
    sakha = scenario.regions.by_id["RUSA"].geometry.representative_point()
    border = shared_border(scenario, "west", "east").simplify(0.05)
    if border.is_empty:
        raise SystemExit("build_annotations: the default scenario has no West–East border")
    return {
        "Yakutia": sakha,
        "border": border,
        "Lena valley": shapely.LineString([_city(n) for n in ("Olyokminsk", "Pokrovsk", "Yakutsk", "Sangar")]),
        "Kolyma": shapely.LineString([_city("Magadan"), _city("Susuman")]),
    }


def _geometry(anchor, named: dict):
    if isinstance(anchor, list):
        return shapely.MultiPoint([_city(n) for n in anchor])
    if anchor in named:
        return named[anchor]
    return shapely.Point(_city(anchor))


def build(out_path: Path = OUT_PATH) -> None:
    scenario = load_scenario(ROOT / "geodata" / "scenarios" / "default.geojson")
    named = _anchors(scenario)
    features, ids = [], set()
    for arg in ARGUMENTS:
        assert arg.topic in TOPICS and arg.id not in ids, arg.id
        ids.add(arg.id)
        geometry = _geometry(arg.anchor, named)
        props = {
            "id": arg.id,
            "title": arg.title,
            "text": arg.text,
            "claim": arg.claim,
            "topic": arg.topic,
            "stance": arg.stance,
            "seed": arg.seed,
            "rule": arg.rule,
            "explanation": arg.explanation,
        }
        problems = annotation_problems(props, geometry)
        if not arg.claim.strip() or not arg.explanation.strip():
            problems.append("needs a claim and an explanation")
        if problems:
            raise SystemExit(f"build_annotations: {arg.id}: {problems[0]}")
        wrapped = wrap(geometry) if geometry.geom_type not in ("Point", "MultiPoint") else geometry
        geojson = json.loads(shapely.to_geojson(shapely.set_precision(wrapped, 1e-4)))
        if geojson["type"] in ("Point",):
            geojson["coordinates"][0] = (geojson["coordinates"][0] + 180.0) % 360.0 - 180.0
        features.append({"type": "Feature", "properties": props, "geometry": geojson})
    collection = {"type": "FeatureCollection", "name": "sovsplit feasibility annotations", "features": features}
    text = json.dumps(collection, ensure_ascii=False, indent=1)
    write_atomic(out_path, text + "\n")
    print(f"wrote {out_path} ({len(features)} annotations)")


if __name__ == "__main__":
    build()
