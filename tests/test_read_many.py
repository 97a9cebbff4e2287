"""A batch read survives a worker that a parser took down: every file is read again in its own isolating child."""

from __future__ import annotations

import concurrent.futures
from concurrent.futures.process import BrokenProcessPool

from omstill_xl.programme import reading


class _PoolThatBreaks:
    def __init__(self, *a, **k) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None

    def map(self, *a, **k):
        raise BrokenProcessPool("a child process terminated abruptly")


def test_broken_pool_reads_each_file_isolated(monkeypatch, example_paths, tmp_path):
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", _PoolThatBreaks)
    calls = []
    real = reading.read_one

    def spy(path, profiles=None, need_year=True, *, isolate=None):
        calls.append(isolate)
        return real(path, profiles, need_year, isolate=isolate)

    monkeypatch.setattr(reading, "read_one", spy)
    bad = tmp_path / "skadet.xlsx"
    bad.write_bytes(b"PK\x03\x04 not a zip")
    paths = [*sorted(example_paths.values())] * 4 + [bad]
    results = reading.read_many(paths, workers=2)
    assert len(results) == len(paths) and calls == [True] * len(paths)
    assert all(r.plan is not None for r in results[:-1])
    assert results[-1].error and "skadet.xlsx" in results[-1].error
