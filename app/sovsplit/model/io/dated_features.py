"""Dated polities in one file: features with start_date/end_date (QGIS Temporal Controller) grouped into states."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sovsplit.model.io.polity_reader import RawPolity, ReadResult
from sovsplit.model.io.problems import InputError

START, END = "start_date", "end_date"
# The `sovsplit` foreign member's list of states: [{start_date, title, note, …per-state members}].
STATES = "states"
# A state entry's list of polity ids in the state's order.
ORDER = "polities"


@dataclass(frozen=True)
class DatedState:
    """The polities valid from `start` until `end` (exclusive; None: open-ended), read as one scenario."""

    start: dt.date
    end: dt.date | None
    title: str
    note: str
    read: ReadResult


def parse_date(value) -> dt.date | None:
    """An ISO 8601 date ("1927-01-01", "1927-01-01T00:00:00", "1927-01", "1927"), a date object, or None;
    ValueError on anything else."""
    # Missing dates: null, "", and what pandas writes for one (NaT, NaN) into GeoPackages and CSVs.
    if value is None or value != value or (isinstance(value, str) and value.strip() in ("", "NaT")):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not an ISO 8601 date (YYYY-MM-DD)")
    text = value.strip()
    try:
        if len(text) == 4 and text.isdigit():
            return dt.date(int(text), 1, 1)
        if len(text) == 7 and text[4] == "-":
            return dt.date(int(text[:4]), int(text[5:]), 1)
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise ValueError(f"{value!r} is not an ISO 8601 date (YYYY-MM-DD)") from None


def declared_states(read: ReadResult) -> list[dict]:
    """The `sovsplit.states` entries of a file (empty when there are none)."""
    meta = read.members.get("sovsplit")
    states = meta.get(STATES) if isinstance(meta, dict) else None
    return [s for s in states if isinstance(s, dict)] if isinstance(states, list) else []


def is_dated(read: ReadResult) -> bool:
    """Whether a file holds dated states (a timeline) rather than one undated scenario."""
    if declared_states(read):
        return True
    return any(
        f.properties.get(START) not in (None, "") or f.properties.get(END) not in (None, "") for f in read.features
    )


def dated_states(path: Path, read: ReadResult) -> list[DatedState]:
    """The states of a dated file, earliest first; InputError with one line on bad dates or clashing polities.

    A state starts at every date a polity starts or ends and at every declared state's date; a feature
    without start_date is valid from the first state on, one without end_date to the end.
    """
    spans = [_span(path, n, f) for n, f in enumerate(read.features, start=1)]
    declared: dict[dt.date, dict] = {}
    for entry in declared_states(read):
        try:
            day = parse_date(entry.get(START))
        except ValueError as exc:
            raise InputError(path, f"sovsplit.states: start_date {exc}") from None
        if day is None:
            raise InputError(path, "sovsplit.states: a state has no start_date")
        if day in declared:
            raise InputError(path, f"sovsplit.states: two states start on {day.isoformat()}")
        declared[day] = entry
    bounds = sorted(set(declared) | {d for s in spans for d in s if d is not None})
    if not bounds:
        raise InputError(path, "has start_date/end_date fields but no dates in them")
    found = read.members.get("sovsplit")
    meta: dict = found if isinstance(found, dict) else {}
    starts: list[tuple[dt.date, list[RawPolity], dict]] = []
    used: set[int] = set()
    for day in bounds:
        valid = [n for n, (s, e) in enumerate(spans) if (s is None or s <= day) and (e is None or day < e)]
        if not valid and day not in declared:
            continue  # the end of the last state, or a gap nobody fills
        if not valid:
            raise InputError(path, f"the state of {day.isoformat()} has no polities")
        features = [read.features[n] for n in valid]
        _check_unique(path, day, features)
        used.update(valid)
        entry = declared.get(day, {})
        order = entry.get(ORDER)
        if isinstance(order, list):
            # The state's own order of polities (legend, colours), which one feature per span cannot keep.
            rank = {str(pid): n for n, pid in enumerate(order)}
            features.sort(key=lambda f: rank.get(str(f.properties.get("id")), len(rank)))
        starts.append((day, features, entry))
    warnings = list(read.warnings)
    for n in sorted(set(range(len(spans))) - used):
        warnings.append(f"{path.name}: feature {n + 1} is valid in no state (it ends before the first) and is left out")
    last_end = max((e for _, e in spans if e is not None), default=None)
    open_ended = any(e is None for _, e in spans)
    states = []
    for i, (day, features, entry) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else (None if open_ended else last_end)
        member = {k: v for k, v in meta.items() if k != STATES}
        member.update({k: v for k, v in entry.items() if k not in (START, "title", "note", ORDER)})
        members = {"name": read.members.get("name"), "sovsplit": member}
        state_read = ReadResult(features, members, warnings if i == 0 else [])
        states.append(DatedState(day, end, str(entry.get("title") or ""), str(entry.get("note") or ""), state_read))
    return states


def _span(path: Path, index: int, feature: RawPolity) -> tuple[dt.date | None, dt.date | None]:
    label = f"feature {index}" + (f" ({feature.properties.get('name')})" if feature.properties.get("name") else "")
    values = []
    for key in (START, END):
        try:
            values.append(parse_date(feature.properties.get(key)))
        except ValueError as exc:
            raise InputError(path, f"{label}: {key} {exc}") from None
    start, end = values
    if start is not None and end is not None and end <= start:
        raise InputError(path, f"{label}: end_date {end.isoformat()} is not after start_date {start.isoformat()}")
    return start, end


def _check_unique(path: Path, day: dt.date, features: list[RawPolity]) -> None:
    seen: set[str] = set()
    for feature in features:
        key = str(feature.properties.get("id") or feature.properties.get("name") or "")
        if key and key in seen:
            raise InputError(path, f"two features of polity {key!r} are valid on {day.isoformat()}")
        seen.add(key)
