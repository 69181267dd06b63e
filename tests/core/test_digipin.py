from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from postterm.core import digipin


@pytest.mark.parametrize(
    ("lat", "lon", "code"),
    [(28.622788, 77.213033, "39J-49L-L8T4"), (12.9716, 77.5946, "4P3-JK8-52C9")],
)
def test_official_vectors(lat: float, lon: float, code: str) -> None:
    assert digipin.encode(lat, lon) == code
    cell = digipin.decode(code)
    assert cell.min_lat <= lat <= cell.max_lat
    assert cell.min_lon <= lon <= cell.max_lon


@given(st.floats(min_value=2.5, max_value=38.5), st.floats(min_value=63.5, max_value=99.5))
def test_decoded_cell_holds_the_point_and_is_about_four_metres(lat: float, lon: float) -> None:
    cell = digipin.decode(digipin.encode(lat, lon))
    assert cell.min_lat - 1e-9 <= lat <= cell.max_lat + 1e-9
    assert cell.min_lon - 1e-9 <= lon <= cell.max_lon + 1e-9
    assert cell.max_lat - cell.min_lat < 4e-5  # 36 deg / 4^10 ~ 3.4e-5 deg ~ 3.8 m


@pytest.mark.parametrize(
    ("code", "reason"),
    [("39J-49L-L8T", "10 symbols"), ("39J-49L-L8TA", "not DIGIPIN symbols"), ("", "10 symbols")],
)
def test_bad_codes_are_refused(code: str, reason: str) -> None:
    with pytest.raises(digipin.DigipinError, match=reason):
        digipin.decode(code)


def test_points_outside_india_box_are_refused() -> None:
    with pytest.raises(digipin.DigipinError, match="latitude"):
        digipin.encode(40.0, 77.0)
    with pytest.raises(digipin.DigipinError, match="longitude"):
        digipin.encode(20.0, 100.0)
