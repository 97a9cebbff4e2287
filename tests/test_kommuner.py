from omstill_xl.kommuner import fylker, kommuner, lookup


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
