"""Statistics through time: each state's report from shared parcel statistics, and one table of all states."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sovsplit.model.report import scenario_report
from sovsplit.model.stats import StatsEngine
from sovsplit.model.timeline.timeline import State, Timeline


@dataclass(frozen=True)
class TimelineRow:
    """One polity in one state: the figures `sovsplit stats` gives for it, with the state's dates."""

    start: dt.date | None
    end: dt.date | None
    state_title: str
    polity_id: str
    polity_name: str
    colour: str
    area_km2: float
    share_of_ussr: float
    population: float | None
    arable_km2: float
    ports: int
    year_round_ports: int
    ice_free_pacific: bool


class TimelineStats:
    """One StatsEngine per state, each seeded from the engines already built: the states are partitions of the
    same regions, so a parcel shared by several states (by its very geometry object) is counted once."""

    def __init__(self, timeline: Timeline, arable_source=None):
        self.timeline = timeline
        self._arable_source = arable_source
        self._engines: dict[int, tuple[State, StatsEngine]] = {}

    def engine(self, state: State) -> StatsEngine:
        hit = self._engines.get(id(state))
        if hit is not None and hit[0] is state and hit[1].scenario is state.scenario:
            return hit[1]
        engine = StatsEngine(state.scenario, self._arable_source)
        for _, other in self._engines.values():
            engine.reuse(other)
        if self._arable_source is None:
            self._arable_source = engine.arable_source
        self._engines[id(state)] = (state, engine)
        return engine

    def report(self, index: int):
        """The statistics report (model/report.py) of state `index`."""
        state = self.timeline.states[index]
        return scenario_report(state.scenario, self.engine(state))


def timeline_table(timeline: Timeline, stats: TimelineStats | None = None) -> list[TimelineRow]:
    """Per state (earliest first) and polity: area, share, population (when the statistics carry it), arable
    land and ports."""
    stats = stats or TimelineStats(timeline)
    rows = []
    for index, state in enumerate(timeline.states):
        report = stats.report(index)
        for polity in _get(report, "polities"):
            ports = _get(polity, "ports")
            rows.append(
                TimelineRow(
                    start=state.start,
                    end=timeline.end_of(index),
                    state_title=state.title,
                    polity_id=_get(polity, "id"),
                    polity_name=_get(polity, "name"),
                    colour=_get(polity, "colour"),
                    area_km2=_get(polity, "area_km2"),
                    share_of_ussr=_get(polity, "share_of_ussr"),
                    population=_get(polity, "population"),
                    arable_km2=_get(polity, "arable_km2"),
                    ports=int(_get(ports, "count") or 0),
                    year_round_ports=int(_get(ports, "year_round") or 0),
                    ice_free_pacific=bool(_get(ports, "ice_free_pacific")),
                )
            )
    return rows


def _get(record, key: str):
    """A field of the statistics report, which is plain dicts today and typed records after the report's
    move to dataclasses; a field the report does not carry (population, until its data ships) is None."""
    if isinstance(record, dict):
        return record.get(key)
    return getattr(record, key, None)
