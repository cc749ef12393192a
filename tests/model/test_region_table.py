"""The region statistics cache is untrusted: damaged, forged and oversized entries are counted afresh."""

from __future__ import annotations

import json

import pytest

from sovsplit.model import region_table
from sovsplit.model.arable.sources import default_arable_source


@pytest.fixture
def fresh(regions, tmp_path, monkeypatch):
    """The table counted from scratch, with its cache file in a private cache folder."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    source = default_arable_source()
    table = region_table._load_or_compute(regions, source)
    cache_file = region_table._cache_file(regions, source)
    assert cache_file.exists() and cache_file.stat().st_mode & 0o777 == 0o600
    return table, cache_file, source


def _reload(regions, source):
    return region_table._load_or_compute(regions, source)


def test_the_cache_gives_back_the_counted_numbers(regions, fresh):
    table, _, source = fresh
    assert _reload(regions, source) == table
    # Sakha is the largest subject; its area is the geodesic area of its shape.
    assert table["RUSA"][0] == pytest.approx(regions.area_km2["RUSA"], rel=1e-12)


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],  # cut short
        lambda text: text.replace("[", "{", 5),  # not the expected JSON
        lambda text: text.split("\n")[0] + '\n{"RUSA": "x"}',  # wrong field types
    ],
)
def test_a_corrupted_entry_is_counted_again(regions, fresh, damage):
    table, cache_file, source = fresh
    cache_file.write_text(damage(cache_file.read_text()))
    assert _reload(regions, source) == table


def test_a_forged_entry_with_plausible_numbers_is_not_trusted(regions, fresh):
    table, cache_file, source = fresh
    head, body = cache_file.read_text().split("\n", 1)
    forged = json.loads(body)
    forged["RUSA"] = [9.9e9, 0.0, 0.0]  # West 9.9 billion km², as the audit saw
    cache_file.write_text(head + "\n" + json.dumps(forged))
    assert _reload(regions, source)["RUSA"] == table["RUSA"]


def test_an_oversized_entry_is_refused_unread(regions, fresh):
    table, cache_file, source = fresh
    with open(cache_file, "ab") as handle:
        handle.truncate(8 << 30)  # a sparse 8 GiB file: refused by its size, never read
    assert _reload(regions, source) == table
    assert cache_file.stat().st_size < 1 << 20
