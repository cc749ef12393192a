"""The parse cache prunes by last use: an entry read at every run outlives many newer ones written once."""

from __future__ import annotations

import shapely

from sovsplit.model.io import parse_cache
from sovsplit.model.io.parse_cache import cached_result


def test_an_entry_in_use_outlives_newer_ones_written_once(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    computed: list[str] = []

    def entry(name: str):
        def compute():
            computed.append(name)
            return {"name": name}, [shapely.Point(len(computed), 0.0)]

        return cached_result(name.encode(), "use-test", compute)

    entry("hot")
    for n in range(parse_cache._KEEP + 10):
        entry(f"once-{n}")
        if n % 8 == 0:
            assert entry("hot")[0] == {"name": "hot"}
    assert len(list(parse_cache.cache_dir().glob("*.bin"))) == parse_cache._KEEP
    entry("hot")
    entry("once-0")
    assert computed.count("hot") == 1  # the entry in use was never pruned
    assert computed.count("once-0") == 2  # the oldest unused one was
