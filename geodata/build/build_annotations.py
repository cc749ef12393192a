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
JAPAN_CLOSE_BY_SEA = {"metric": "ports.to_japan.km", "polity": "east", "op": "<", "value": 3000}
POORER_FARMLAND = {"metric": "arable_share", "polity": "east", "op": "<", "other": "west", "factor": 0.25}
FAMINE_FARMLAND = {"metric": "arable_share", "polity": "east", "op": "<", "other": "west", "factor": 0.1}
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
BORDERS_CHINA = {"metric": "land_neighbours", "polity": "east", "op": "contains", "value": "CN"}

# id, anchor, topic, stance, seed, title, text, rule, explanation of the rule
ARGUMENTS = [
    # --- the scenario's premise (thread) ---
    (
        "premise-exile",
        "Yakutia",
        "politics",
        "neutral",
        THREAD,
        "Exile turned founder",
        "In this timeline Stalin banishes Trotsky to Siberia. His charisma wins over fellow exiled oppositionists "
        "and a Red Army faction loyal to him, and together they carve out a rival Soviet state in the east.",
        None,
        "A premise of the scenario, not a claim the map can test.",
    ),
    (
        "premise-capital-yakutsk",
        "Yakutsk",
        "military",
        "for",
        THREAD,
        "Yakutsk as capital",
        "The new state makes Yakutsk its capital because of where it sits: the thread calls it the best placed "
        "city strategically.",
        CAPITAL_DEEP_INLAND,
        "Holds when the East holds Yakutsk and the city lies at least 400 km from the West's nearest territory — "
        "more than a week's march through roadless taiga and beyond the reach of the R-5 light bombers of the "
        "early 1930s (about 800 km there and back).",
    ),
    (
        "premise-cities",
        ["Anadyr", "Petropavlovsk-Kamchatsky", "Batagay", "Magadan"],
        "economy",
        "neutral",
        THREAD,
        "The East's other cities",
        "Besides the capital, the East's main towns are Anadyr, Petropavlovsk on Kamchatka, Batagay and Magadan.",
        EAST_CITIES,
        "Holds when all four towns lie inside the East on the map.",
    ),
    (
        "premise-aim-reunify",
        "Moscow",
        "politics",
        "neutral",
        THREAD,
        "Aim: reunite the Union",
        "The East sees itself as the real USSR and keeps the name; the world calls it the East USSR. Its first "
        "goal is to bring every Soviet land back together under Trotsky's line rather than Stalin's.",
        None,
        "A stated aim; no measure in the data says whether it would succeed.",
    ),
    (
        "premise-aim-export",
        "Petropavlovsk-Kamchatsky",
        "foreign relations",
        "neutral",
        THREAD,
        "Aim: carry socialism abroad",
        "Its second goal is to spread socialism beyond its own borders.",
        SEA_OUTLET,
        "Measures the precondition: holds when the East has at least one port open all year, its only way to "
        "reach foreign comrades without crossing the West.",
    ),
    (
        "question-stalinism",
        "Moscow",
        "politics",
        "neutral",
        THREAD,
        "Question: Stalinism unchanged?",
        "The thread asks whether Stalin's rule in Moscow would unfold as it did in our history, and whether the "
        "western USSR's fate would change much.",
        None,
        "An open question of the thread.",
    ),
    (
        "question-ww2",
        "Brest",
        "military",
        "neutral",
        THREAD,
        "Question: a different WWII?",
        "How would the Second World War play out with two rival Soviet states?",
        None,
        "An open question of the thread.",
    ),
    (
        "question-cold-war",
        "Bering Strait",
        "foreign relations",
        "neutral",
        THREAD,
        "Question: a different Cold War?",
        "If the East lived through the war, how would it reshape the Cold War — facing Alaska across the strait?",
        None,
        "An open question of the thread.",
    ),
    # --- objections and replies (thread) ---
    (
        "objection-little-support",
        "Moscow",
        "politics",
        "against",
        THREAD,
        "Few backers for Trotsky",
        "A reply objects that Trotsky had little following among the party's leaders and probably not much in "
        "the Red Army either.",
        None,
        "Political loyalty is not in the data; this cannot be measured on the map.",
    ),
    (
        "objection-coup-fails",
        "Moscow",
        "military",
        "against",
        THREAD,
        "A coup would fail",
        "Any attempt by Trotsky to seize power would collapse, and he would be shot.",
        None,
        "A judgement about events, not something the territory can show.",
    ),
    (
        "objection-exile-prisoner",
        "Yakutsk",
        "politics",
        "against",
        THREAD,
        "An exile is a prisoner",
        "Someone sent east in exile is under guard, another reply says; from that lowly position he could hardly "
        "rally enough people to found a country.",
        None,
        "About Trotsky's standing, which the data does not record.",
    ),
    (
        "objection-break-away-first",
        "border",
        "politics",
        "against",
        THREAD,
        "The East must break away first",
        "To work, the scenario would need the eastern lands to become independent, or nearly so, on their own; "
        "only then could Trotsky escape there beyond the reach of Stalin's state.",
        None,
        "A proposed change of premise; nothing on the map measures it.",
    ),
    (
        "objection-vladivostok",
        "Vladivostok",
        "ports",
        "against",
        THREAD,
        "Doomed without Vladivostok",
        "Without Vladivostok, one reply says, Trotsky's state is finished.",
        NO_RAIL_PACIFIC_PORT,
        "Holds when the East has no Pacific port that is both open all year and joined by rail to the mainland "
        "(Vladivostok, Nakhodka, Vostochny, Vanino): Petropavlovsk is ice-free but cut off by land.",
    ),
    (
        "objection-japan-orbit",
        "Tokyo",
        "foreign relations",
        "against",
        THREAD,
        "Drawn into Japan's orbit",
        "The same reply expects the East to end up in Japan's sphere of influence.",
        JAPAN_CLOSE_BY_SEA,
        "Holds when the East's best port is under 3,000 km from Yokohama by sea — less than a week for a 10-knot "
        "steamer, well inside the Japanese navy's home waters.",
    ),
    (
        "objection-china-proxy",
        "Harbin",
        "foreign relations",
        "neutral",
        THREAD,
        "Rival patrons in China",
        "Perhaps Trotsky would arm Mao's Communists while Stalin backs the Nationalists — a proxy contest the "
        "reply finds intriguing.",
        BORDERS_CHINA,
        "Holds when the East shares a land border with China, the practical way to supply Chinese allies.",
    ),
    (
        "objection-worse-life",
        "Yakutia",
        "economy",
        "against",
        THREAD,
        "Harder life than in the West",
        "Another reply predicts that life in the Trotskyist East would be even grimmer than in Stalin's West.",
        None,
        "Living standards are not in the data (no population, income or diet figures): not measurable.",
    ),
    (
        "objection-poor-farming",
        "Lena valley",
        "agriculture",
        "against",
        THREAD,
        "Far poorer farmland",
        "Its conditions for farming are much worse than the West's.",
        POORER_FARMLAND,
        "Holds when the share of the East's land that can carry crops is under a quarter of the West's share.",
    ),
    (
        "objection-no-grain",
        "Kolyma",
        "agriculture",
        "against",
        THREAD,
        "No grain from Stalin",
        "Stalin will not sell the East grain, so it must feed its miners and its border garrisons on its own — "
        "and its fields cannot.",
        FAMINE_FARMLAND,
        "Population is not in the data, so this uses a proxy: holds when the East's arable share of its land is "
        "under a tenth of the West's — an order of magnitude less farmland per km², too little to replace "
        "imported grain.",
    ),
    (
        "objection-dekulakization",
        "Verkhoyansk",
        "agriculture",
        "against",
        THREAD,
        "Same war on kulaks and nomads",
        "After Lenin, Trotsky would be just as set on breaking the kulaks and settling the nomads by force as "
        "Stalin was, with the same cost.",
        None,
        "A claim about policy; the data holds nothing to test it.",
    ),
    (
        "reply-vavilov",
        "Yakutia",
        "agriculture",
        "for",
        THREAD,
        "Vavilov defects east",
        "With luck the plant scientist Nikolai Vavilov would flee to the East and soften the famines that "
        "Trotsky's drive to industrialise Yakutia would otherwise bring.",
        None,
        "A what-if about one person; not measurable.",
    ),
    # --- causes of the rivalry (background notes) ---
    (
        "rivalry-party-support",
        "Moscow",
        "politics",
        "against",
        RIVALRY,
        "Rank and file vs Group of 46",
        "As General Secretary Stalin had handed many members their cards and posts, so the rank and file stood "
        "with him; Trotsky relied on the small Group of 46 around Piatakov and Smirnov.",
        None,
        "Party membership by faction is not in the data.",
    ),
    (
        "rivalry-factionalism-ban",
        "Moscow",
        "politics",
        "against",
        RIVALRY,
        "The ban on factions",
        "Organising his bloc put Trotsky on the wrong side of the party's ban on factions, while Stalin kept the "
        "goodwill of Lenin's more moderate allies.",
        None,
        "Not measurable on the map.",
    ),
    (
        "rivalry-economics",
        "Yakutsk",
        "economy",
        "against",
        RIVALRY,
        "NEP, plans or War Communism",
        "Both men wanted to end the New Economic Policy. Stalin stayed quiet, let it falter and then brought in "
        "five-year plans; Trotsky attacked it openly and wanted the hated War Communism back.",
        None,
        "Economic policy is not in the data.",
    ),
    (
        "rivalry-foreign-policy",
        "border",
        "foreign relations",
        "neutral",
        RIVALRY,
        "Permanent revolution vs one country",
        "Trotsky meant to push revolution abroad until the world was safe for communism; Stalin put building "
        "socialism in one self-reliant country first, and most of the party preferred that.",
        None,
        "A difference of doctrine; nothing to measure.",
    ),
    (
        "rivalry-personality",
        ["Gori", "Yanovka"],
        "politics",
        "against",
        RIVALRY,
        "Personality and background",
        "Stalin, a lifelong Bolshevik from Georgia, came across as practical and dogged; Trotsky, a former "
        "Menshevik from a Jewish family in Ukraine, as brilliant but vain and a poor judge — and prejudice and "
        "temperament drew more people to Stalin.",
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
    for ident, anchor, topic, stance, seed, title, text, rule, explanation in ARGUMENTS:
        assert topic in TOPICS and ident not in ids, ident
        ids.add(ident)
        geometry = _geometry(anchor, named)
        props = {
            "id": ident,
            "title": title,
            "text": text,
            "topic": topic,
            "stance": stance,
            "seed": seed,
            "rule": rule,
            "explanation": explanation,
        }
        problems = annotation_problems(props, geometry)
        if problems:
            raise SystemExit(f"build_annotations: {ident}: {problems[0]}")
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
