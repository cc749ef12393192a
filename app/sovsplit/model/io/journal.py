"""The edit journal: every applied or undone edit appended (one fsync'd line each) beside the autosave, so a
crash loses at most the edit in flight; recovery replays the autosave plus the journal."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import shapely

from sovsplit.model.annotations.arguments import AnnotationEdit
from sovsplit.model.editing.edits import Compound, DropPolity, Edit, PutPolity, Reassign, ReplaceParcels
from sovsplit.model.io.atomic import write_atomic
from sovsplit.model.scenario import Parcel, Polity, Scenario

FORMAT = 1


class Journal:
    """An append-only file of edits since the last autosave (generation `generation`)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.generation = 0
        self.seq = 0  # number of the last record written
        self._lock = threading.Lock()

    def reset(self, generation: int, keep_after: int | None = None) -> None:
        """Start generation `generation` (an autosave holds everything up to record `keep_after`); records
        written after that point (edits made while the autosave was being written) carry over."""
        with self._lock:
            kept = [r for r in read_records(self.path) if keep_after is not None and r["n"] > keep_after]
            self.generation = generation
            lines = [json.dumps({"journal": FORMAT, "g": generation})]
            lines += [json.dumps({**r, "g": generation}) for r in kept]
            write_atomic(self.path, "\n".join(lines) + "\n", mode=0o600)

    def record(self, op: str, edit) -> None:
        """Append `op` ("apply" or "revert") of `edit`; returns once the line is on disk."""
        with self._lock:
            self.seq += 1
            line = json.dumps({"g": self.generation, "n": self.seq, "op": op, "edit": encode_edit(edit)})
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                # One write of the whole line: a crash leaves it whole or cut short, and a short last line
                # (no newline, or not JSON) is ignored on replay.
                os.write(fd, (line + "\n").encode("utf-8"))
                os.fsync(fd)
            finally:
                os.close(fd)

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)


def read_records(path: Path) -> list[dict]:
    """The whole records of a journal file, up to the first damaged one."""
    try:
        raw = Path(path).read_bytes()
    except OSError:
        return []
    records = []
    for line in raw.split(b"\n")[:-1]:  # the part after the last newline is a record cut short
        try:
            record = json.loads(line)
        except ValueError:
            break
        if not isinstance(record, dict):
            break
        if "journal" in record:
            continue
        if not (isinstance(record.get("n"), int) and record.get("op") in ("apply", "revert")):
            break
        records.append(record)
    return records


def journal_generation(path: Path) -> int | None:
    """The generation named in a journal's first line."""
    try:
        with open(path, "rb") as handle:
            head = json.loads(handle.readline())
        return int(head["g"]) if isinstance(head, dict) and "journal" in head else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def replay(scenario: Scenario, path: Path, generation: int) -> int:
    """Apply the journal's records of `generation` to `scenario` (the autosave they follow); returns how many.
    A record that no longer fits (a damaged file) stops the replay: what came before it stays."""
    done = 0
    for record in read_records(path):
        if record.get("g") != generation:
            continue
        try:
            edit = decode_edit(scenario, record["edit"])
            (edit.apply if record["op"] == "apply" else edit.revert)(scenario)
        except (KeyError, ValueError, TypeError, IndexError, shapely.errors.GEOSException):
            break
        done += 1
    return done


# --- edits as JSON ---------------------------------------------------------------------------------------------
def _polity(p: Polity | None):
    return None if p is None else [p.id, p.name, p.capital, p.colour]


def encode_edit(edit) -> dict:
    """An edit as plain JSON data; parcels carry their exact geometry as hex WKB."""
    if isinstance(edit, Reassign):
        return {"t": "reassign", "new": edit.new, "old": edit.old, "label": edit.label}
    if isinstance(edit, ReplaceParcels):
        return {
            "t": "replace",
            "removed": _parcel_rows(edit.removed),
            "added": _parcel_rows(edit.added),
            "before": [list(o) for o in edit.order_before],
            "after": [list(o) for o in edit.order_after],
            "label": edit.label,
        }
    if isinstance(edit, PutPolity):
        return {
            "t": "put",
            "new": _polity(edit.new),
            "old": _polity(edit.old),
            "index": edit.index,
            "label": edit.label,
        }
    if isinstance(edit, DropPolity):
        return {"t": "drop", "polity": _polity(edit.polity), "index": edit.index, "label": edit.label}
    if isinstance(edit, Compound):
        return {"t": "compound", "edits": [encode_edit(e) for e in edit.edits], "label": edit.label}
    if isinstance(edit, AnnotationEdit):
        return {"t": "note", "index": edit.index, "old": edit.old, "new": edit.new, "label": edit.label}
    raise TypeError(f"cannot journal a {type(edit).__name__}")


def _parcel_rows(rows) -> list:
    return [[p.id, p.region_id, owner, shapely.to_wkb(p.geometry).hex()] for p, owner in rows]


def decode_edit(scenario: Scenario, data: dict) -> Edit | AnnotationEdit:
    kind = data["t"]
    label = str(data.get("label", "Edit"))
    if kind == "reassign":
        return Reassign(dict(data["new"]), dict(data["old"]), label)
    if kind == "replace":
        return ReplaceParcels(
            _decode_parcels(scenario, data["removed"]),
            _decode_parcels(scenario, data["added"]),
            (list(data["before"][0]), list(data["before"][1])),
            (list(data["after"][0]), list(data["after"][1])),
            label,
        )
    if kind == "put":
        old = data["old"]
        return PutPolity(Polity(*data["new"]), Polity(*old) if old else None, data["index"], label)
    if kind == "drop":
        return DropPolity(Polity(*data["polity"]), int(data["index"]), label)
    if kind == "compound":
        return Compound([_decode_step(scenario, e) for e in data["edits"]], label)
    if kind == "note":
        return AnnotationEdit(label, int(data["index"]), data["old"], data["new"])
    raise ValueError(f"unknown edit {kind!r}")


def _decode_step(scenario: Scenario, data: dict) -> Edit:
    """One step of a compound edit: a scenario edit (encode_edit never writes a note edit inside one)."""
    step = decode_edit(scenario, data)
    if not isinstance(step, Edit):
        raise ValueError("a note edit inside a compound edit")
    return step


def _decode_parcels(scenario: Scenario, rows) -> list[tuple[Parcel, str | None]]:
    out = []
    for pid, region_id, owner, wkb in rows:
        region = scenario.regions[region_id].geometry
        geom = shapely.from_wkb(bytes.fromhex(wkb))
        if shapely.equals_exact(geom, region, tolerance=0.0):
            # The very region object, as the live session had it: statistics then reuse the region table.
            geom = region
        out.append((Parcel(pid, region_id, geom), owner))
    return out
