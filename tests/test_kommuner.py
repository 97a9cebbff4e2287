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
