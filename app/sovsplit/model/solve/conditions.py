"""Conditions and costs a solve can ask for, as typed records, and their command-line spellings.

Spellings: `pacific-rail-port`, `hold-port:NAME`, `contiguous`, `population>=N`, `arable-per-person>=west`
(or another polity, or a number of hectares per person), `capital-distance>=KM`, `fix:REGION=in|out|POLITY`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sovsplit.model import reference
from sovsplit.model.annotations.rules import resolve_polity
from sovsplit.model.scenario import Scenario


class ConditionError(ValueError):
    """A condition or cost the user spelt wrongly; the message is one line for the user."""


@dataclass(frozen=True)
class Condition:
    """Something the polity's territory must satisfy after the transfer."""

    @property
    def spelling(self) -> str:
        raise NotImplementedError


@dataclass(frozen=True)
class PacificRailPort(Condition):
    """Hold at least one year-round Pacific port with a rail link (the statistics' own port classes)."""

    @property
    def spelling(self) -> str:
        return "pacific-rail-port"


@dataclass(frozen=True)
class HoldPort(Condition):
    """Hold one named port (e.g. Vladivostok); `port_index` indexes reference.ports()."""

    port_index: int

    @property
    def spelling(self) -> str:
        return f"hold-port:{reference.ports()[self.port_index]['name']}"


@dataclass(frozen=True)
class Contiguous(Condition):
    """The polity's regions form one piece over shared land borders, including the capital's region."""

    @property
    def spelling(self) -> str:
        return "contiguous"


@dataclass(frozen=True)
class MinPopulation(Condition):
    people: float

    @property
    def spelling(self) -> str:
        return f"population>={self.people:g}"


@dataclass(frozen=True)
class ArablePerPerson(Condition):
    """Arable land per person at least another polity's (`other`) or at least `hectares` per person."""

    other: str | None = None
    hectares: float | None = None

    def threshold(self) -> float:
        """The hectares per person of the absolute form (no `other`), which always names them."""
        if self.hectares is None:
            raise ConditionError(f"{self.spelling}: names neither another polity nor hectares per person")
        return self.hectares

    @property
    def spelling(self) -> str:
        return f"arable-per-person>={self.other if self.other else f'{self.hectares:g}'}"


@dataclass(frozen=True)
class CapitalDistance(Condition):
    """The capital at least `km` from any other polity's territory and from any foreign country (as the verdict
    rules measure it)."""

    km: float

    @property
    def spelling(self) -> str:
        return f"capital-distance>={self.km:g}"


@dataclass(frozen=True)
class Fixed(Condition):
    """A region kept with the polity (inside) or kept out of it."""

    region_id: str
    inside: bool

    @property
    def spelling(self) -> str:
        return f"fix:{self.region_id}={'in' if self.inside else 'out'}"


COSTS = {
    "area": "area moved (km²)",
    "population": "people moved",
    "regions": "regions moved",
    "distance": "km from the current border to each moved region's centre, plus 1 per region, summed",
}

# How an answer's name says what it minimised.
COST_PHRASES = {
    "area": "least area moved",
    "population": "fewest people moved",
    "regions": "fewest regions moved",
    "distance": "nearest the current border",
}

SPELLINGS = (
    "pacific-rail-port",
    "hold-port:NAME",
    "contiguous",
    "population>=N",
    "arable-per-person>=west|HA",
    "capital-distance>=KM",
    "fix:REGION=in|out",
)


def parse_cost(text: str) -> str:
    key = text.strip().lower().replace("minimise-", "")
    if key not in COSTS:
        raise ConditionError(f"unknown cost {text!r} (one of {', '.join(COSTS)})")
    return key


def parse_condition(text: str, scenario: Scenario, polity_id: str) -> Condition:
    """A condition from its spelling; ConditionError with a one-line reason otherwise."""
    raw = text.strip()
    word = raw.lower().replace(" ", "")
    if word == "pacific-rail-port":
        return PacificRailPort()
    if word == "contiguous":
        return Contiguous()
    if word.startswith("hold-port:"):
        return HoldPort(_port(raw.split(":", 1)[1]))
    if word.startswith("fix:"):
        return _fixed(raw.split(":", 1)[1], scenario, polity_id)
    match = re.fullmatch(r"(population|arable-per-person|capital-distance)>=(.+)", word)
    if match is None:
        raise ConditionError(f"unknown condition {text!r} (one of {', '.join(SPELLINGS)})")
    name, value = match.groups()
    if name == "arable-per-person" and not _is_number(value):
        other = resolve_polity(scenario, value) or _polity_by_name(scenario, value)
        if other is None or other == polity_id:
            raise ConditionError(f"{text!r}: {value!r} is neither a number nor another polity")
        return ArablePerPerson(other=other)
    if not _is_number(value) or float(value) < 0:
        raise ConditionError(f"{text!r}: {value!r} is not a non-negative number")
    number = float(value)
    if name == "population":
        return MinPopulation(number)
    if name == "arable-per-person":
        return ArablePerPerson(hectares=number)
    return CapitalDistance(number)


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def _port(name: str) -> int:
    wanted = name.strip().casefold()
    for index, port in enumerate(reference.ports()):
        if wanted in (str(port["name"]).casefold(), str(port.get("locode") or "").casefold()):
            return index
    raise ConditionError(f"no shipped port {name.strip()!r}")


def _polity_by_name(scenario: Scenario, word: str) -> str | None:
    for polity in scenario.polities.values():
        if word.casefold() in (polity.id.casefold(), polity.name.casefold()):
            return polity.id
    return None


def _fixed(rest: str, scenario: Scenario, polity_id: str) -> Fixed:
    if "=" not in rest:
        raise ConditionError(f"fix:{rest!r} needs REGION=in or REGION=out")
    region_word, side = (part.strip() for part in rest.rsplit("=", 1))
    region = scenario.regions.find(region_word)
    if region is None:
        raise ConditionError(f"fix: no region {region_word!r}")
    if side.lower() in ("in", "inside"):
        return Fixed(region.id, True)
    if side.lower() in ("out", "outside"):
        return Fixed(region.id, False)
    polity = resolve_polity(scenario, side) or _polity_by_name(scenario, side)
    if polity is None:
        raise ConditionError(f"fix:{rest}: side must be in, out or a polity")
    return Fixed(region.id, polity == polity_id)
