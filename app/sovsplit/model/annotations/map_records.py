"""What a map draws of the forum's arguments and the user's notes: one typed record per callout."""

from __future__ import annotations

from dataclasses import dataclass

from sovsplit.model.annotations.arguments import Annotation, Assessment, all_annotations, assess
from sovsplit.model.report import ScenarioReport
from sovsplit.model.scenario import Scenario


@dataclass(frozen=True)
class MapAnnotation:
    """One argument or note as a map shows it: anchored at an unwrapped lon/lat (as all model geometry)."""

    id: str
    title: str
    lon: float
    lat: float
    stance: str
    verdict: str | None
    is_user_note: bool


def map_annotations(
    scenario: Scenario, report: ScenarioReport | None = None, assessments: list[Assessment] | None = None
) -> list[MapAnnotation]:
    """The shipped arguments followed by the scenario's usable notes, numbered in this order on the map.

    Verdicts come from `assessments`, or are judged against `report`; with neither they are None (a map
    colours callouts by stance, so it needs no statistics, which keeps an export from recomputing them).
    """
    if assessments is None and report is not None:
        assessments = assess(scenario, report)
    pairs: list[tuple[Annotation, str | None]]
    if assessments is not None:
        pairs = [(a.annotation, a.verdict.status) for a in assessments]
    else:
        pairs = [(a, None) for a in all_annotations(scenario)]
    records = []
    for annotation, verdict in pairs:
        lon, lat = annotation.anchor()
        props = annotation.props
        records.append(
            MapAnnotation(
                id=annotation.id,
                title=props["title"],
                lon=lon,
                lat=lat,
                stance=props.get("stance") or "neutral",
                verdict=verdict,
                is_user_note=annotation.user,
            )
        )
    return records
