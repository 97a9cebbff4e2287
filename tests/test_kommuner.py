import json
from pathlib import Path

import pytest

from omstill_xl.kommuner import find_by_name, fylker, kommuner, lookup

SSB_2024 = json.loads((Path(__file__).parent / "data" / "klass131_2024.json").read_text("utf-8"))


def test_the_2024_list_has_357_kommuner_in_15_fylker():
    assert len(kommuner()) == 357
    assert len(fylker()) == 15
    assert not [k for k in kommuner() if k[:2] in ("30", "38", "54")]  # Viken, V&T, T&F were split in 2024


def test_known_numbers():
    assert lookup("4626").navn == "Øygarden" and lookup("4626").fylke == "Vestland"
    assert lookup(301).navn == "Oslo"  # a number loses its leading zero in Excel
    assert lookup("1508").navn == "Ålesund" and lookup("1580").navn == "Haram"
    assert lookup("3201").navn == "Bærum" and lookup("3201").fylke == "Akershus"
    assert lookup("5501").fylke == "Troms" and lookup("5601").navn == "Alta"
    assert lookup("4001").fylke == "Telemark" and lookup("3901").fylke == "Vestfold"
    assert lookup("1507") is None and lookup("9999") is None and lookup("abc") is None


def test_every_number_and_name_is_ssbs_2024_classification():
    ssb = {code: name for code, name in SSB_2024["codes"].items() if code != "9999"}
    ours = {k.nummer: k.navn for k in kommuner().values()}
    assert set(ours) == set(ssb)
    assert [(c, ours[c], ssb[c]) for c in sorted(ssb) if ours[c] != ssb[c]] == []
    assert all(k.fylkesnummer == k.nummer[:2] for k in kommuner().values())


@pytest.mark.parametrize(
    ("nummer", "navn"),
    [
        ("5628", "Deatnu - Tana"),
        ("5630", "Berlevåg"),
        ("5632", "Båtsfjord"),
        ("5634", "Vardø"),
        ("5636", "Unjárga - Nesseby"),
    ],
)
def test_the_finnmark_five_carry_their_own_names(nummer, navn):
    assert lookup(nummer).navn == navn and lookup(nummer).fylke == "Finnmark"


@pytest.mark.parametrize(
    ("nummer", "navn"),
    [
        ("5612", "Guovdageaidnu - Kautokeino"),
        ("5610", "Kárášjohka - Karasjok"),
        ("5622", "Porsanger - Porsángu - Porsanki"),
        ("5540", "Gáivuotna - Kåfjord - Kaivuono"),
        ("5538", "Storfjord - Omasvuotna - Omasvuono"),
        ("5041", "Snåase - Snåsa"),
        ("5043", "Raarvihke - Røyrvik"),
        ("1875", "Hábmer - Hamarøy"),
        ("5518", "Loabák - Lavangen"),
        ("1826", "Aarborte - Hattfjelldal"),
        ("1818", "Herøy (Nordland)"),
        ("1515", "Herøy (Møre og Romsdal)"),
    ],
)
def test_official_sami_and_kven_forms(nummer, navn):
    assert lookup(nummer).navn == navn


def test_a_name_finds_its_number():
    assert find_by_name("Vardø").nummer == "5634" and find_by_name("Båtsfjord").nummer == "5632"
    assert find_by_name("Tana").nummer == find_by_name("Deatnu").nummer == "5628"
    assert find_by_name("Nesseby").nummer == "5636" and find_by_name("Kautokeino").nummer == "5612"
    assert find_by_name("Porsáŋgu").nummer == "5622"  # the Sami orthography, SSB writes «Porsángu»
    assert find_by_name("Herøy") is None  # two kommuner
    assert find_by_name("Herøy (Nordland)").nummer == "1818"


# --- kommunenummer history -------------------------------------------------------------------------------

from omstill_xl.kommuner import (  # noqa: E402
    current,
    history,
    in_force,
    name_in,
    predecessors,
    renumbering_hint,
    successors,
    valid_in,
)


def test_a_number_is_valid_in_the_years_ssb_had_it():
    assert valid_in("0815", 2019) and not valid_in("0815", 2020)
    assert valid_in("3814", 2020) and valid_in("3814", 2023) and not valid_in("3814", 2024)
    assert valid_in("4014", 2024) and valid_in("4014", 2030) and not valid_in("4014", 2023)
    assert valid_in("3005", 2021) and not valid_in("3005", 2024) and valid_in(3301, 2024)
    assert valid_in("1507", 2022) and not valid_in("1507", 2024) and valid_in("1580", 2024)
    assert not valid_in("1580", 2023) and not valid_in("9999", 2024) and not valid_in(None, 2024)
    assert name_in("1826", 2019) == "Hattfjelldal" and name_in("1826", 2024) == "Aarborte - Hattfjelldal"


def test_kragero_ran_under_three_numbers():
    assert [(e.dato.year, e.gammelt_nummer, e.nytt_nummer) for e in history("4014")] == [
        (2020, "0815", "3814"),
        (2024, "3814", "4014"),
    ]
    assert history("0815") == history("3814") == history("4014")
    assert current("0815").nummer == current("3814", 2022).nummer == current(4014).nummer == "4014"
    assert current("3814", 2019) is None  # 3814 was not a number in 2019
    assert in_force("0815", 2022) == ("3814",) and in_force("4014", 2019) == ("0815",)
    assert predecessors("4014", 2021) == ("3814",)


def test_mergers_and_splits():
    assert current("3005").navn == "Drammen" and current("3005").nummer == "3301"
    assert current("0702").nummer == "3903"  # Holmestrand: 0702 → 0715 (2018) → 3802 (2020) → 3903 (2024)
    assert [k.nummer for k in successors("1507")] == ["1508", "1580"] and current("1507") is None
    assert [k.nummer for k in successors("5012")] == ["5055", "5056", "5059"]  # Snillfjord split in 2020
    assert current("1902").nummer == "5501" and current("5401", 2022).nummer == "5501"  # Tromsø
    assert {e.gammelt_nummer for e in history("3301")} >= {"0602", "0625", "0711", "3005"}


def test_the_hint_names_the_number_that_applies():
    assert renumbering_hint("3005", 2025) == "3005 er Drammens nummer til 2023; fra 2024 er det 3301"
    assert renumbering_hint("4014", 2022) == "4014 er Kragerøs nummer fra 2024; i 2022 var det 3814"
    assert renumbering_hint("0815", 2025) == "0815 er Kragerøs nummer til 2019; fra 2020 er det 3814, fra 2024 4014"
    assert "1508 Ålesund, 1580 Haram" in renumbering_hint("1507", 2024)
    assert renumbering_hint("3099", 2024) is None and renumbering_hint("4014", 2025) is None


def test_same_kommune_across_the_reforms():
    from omstill_xl.kommuner import same_kommune

    assert same_kommune("0815", "3814", 2019, 2022) and same_kommune("3814", "4014", 2022, 2025)
    assert same_kommune("3005", "3301") and same_kommune(3005, "3301", 2021, 2024)
    assert same_kommune("1507", "1580", 2022, 2024)  # Haram was part of Ålesund 2020–2023
    assert not same_kommune("4014", "3301") and not same_kommune("3099", "3099")
    assert not same_kommune("3814", "4014", 2019, 2025)  # 3814 was no number in 2019


def test_the_history_data_hangs_together():
    from omstill_xl.kommuner import changes, periods

    assert len(periods()) > 700 and all(len(c) == 4 and c.isdigit() for c in periods())
    for e in changes():
        assert valid_in(e.gammelt_nummer, e.dato.year - 1), e
        assert valid_in(e.nytt_nummer, e.dato.year), e
    # every kommune of 2024 is in the history with its 2024 name, and every number of 2024 leads to itself
    for k in kommuner().values():
        assert name_in(k.nummer, 2024) == k.navn and current(k.nummer) == k
    # every number that ended before 2024 leads to at least one kommune of today
    assert [c for c in periods() if not valid_in(c, 2024) and not successors(c)] == []
