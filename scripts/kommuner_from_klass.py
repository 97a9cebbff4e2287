"""Rebuild the kommune data files from SSB's classification 131 (KLASS) as JSON.

Usage: python scripts/kommuner_from_klass.py DIR

DIR holds SSB's version files ``Kommuneinndeling YYYY.json`` (``/classifications/131`` → each version's
``.json``) for 2017 onwards and the change table ``changetables.json``
(``/classifications/131/changes.json?from=…``). Writes, in ``omstill_xl/data/``:

- ``kommuner_2024.csv``: the 2024 version (357 kommuner; SSB's «9999 Uoppgitt» left out), names as SSB
  writes them, with the fylke from the existing file's fylke columns (by fylkesnummer);
- ``kommunenummer_historikk.csv``: each number and name with the first and last year it was in force
  (``fra`` empty: already in force in 2017; ``til`` empty: still in force);
- ``kommunenummer_endringer.csv``: SSB's number changes from 1 January 2018 on (name-only changes left out).
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "omstill_xl" / "data"
FIRST = 2017


def _version_years(files: dict[int, Path], last: int) -> dict[int, int]:
    """Calendar year → the version (by its first year) in force on 1 January."""
    starts = sorted(files)
    return {y: max(s for s in starts if s <= y) for y in range(FIRST, last + 1)}


def main(src: Path) -> None:
    files = {
        int(p.stem.split()[-1]): p for p in src.glob("Kommuneinndeling *.json") if int(p.stem.split()[-1]) >= FIRST
    }
    items = {
        y: {
            i["code"]: i["name"] for i in json.loads(p.read_text("utf-8"))["classificationItems"] if i["code"] != "9999"
        }
        for y, p in files.items()
    }
    newest = max(files)
    by_year = {y: items[v] for y, v in _version_years(files, newest).items()}

    fylke = {}
    with (DATA / "kommuner_2024.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter=";"):
            fylke[r["fylkesnummer"]] = r["fylkesnavn"]
    with (DATA / "kommuner_2024.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter=";", lineterminator="\n")
        w.writerow(["kommunenummer", "kommunenavn", "fylkesnummer", "fylkesnavn"])
        for code, name in sorted(items[2024].items()):
            w.writerow([code, name, code[:2], fylke[code[:2]]])

    spans: dict[tuple[str, str], list[int]] = {}
    for y, codes in sorted(by_year.items()):
        for code, name in codes.items():
            spans.setdefault((code, name), []).append(y)
    with (DATA / "kommunenummer_historikk.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter=";", lineterminator="\n")
        w.writerow(["kommunenummer", "kommunenavn", "fra", "til"])
        for (code, name), ys in sorted(spans.items(), key=lambda kv: (kv[0][0], min(kv[1]))):
            assert ys == list(range(min(ys), max(ys) + 1)), (code, name, ys)
            w.writerow([code, name, "" if min(ys) == FIRST else min(ys), "" if max(ys) == newest else max(ys)])

    changes = json.loads((src / "changetables.json").read_text("utf-8"))["codeChanges"]
    rows = sorted(
        {
            (c["changeOccurred"], c["oldCode"], c["oldName"], c["newCode"], c["newName"])
            for c in changes
            if c["changeOccurred"] >= "2018-01-01" and c["oldCode"] != c["newCode"]
        }
    )
    with (DATA / "kommunenummer_endringer.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter=";", lineterminator="\n")
        w.writerow(["dato", "gammelt_nummer", "gammelt_navn", "nytt_nummer", "nytt_navn"])
        w.writerows(rows)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
