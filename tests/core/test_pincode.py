from __future__ import annotations

import pytest

from postterm.core.pincode import PinDirectory, PinError, great_circle_km
from postterm.core.route import RouteOverride, RouteRules, route_between


@pytest.fixture(scope="module")
def directory() -> PinDirectory:
    return PinDirectory()


def test_sheopur_resolves_to_its_district_and_state(directory: PinDirectory) -> None:
    info = directory.lookup("476337")
    assert info.district == "SHEOPUR"
    assert info.state == "MADHYA PRADESH"
    assert any(o.name == "Sheopur S.O" and o.delivery for o in info.offices)
    assert info.lat is not None and 25 < info.lat < 26.5


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("47633", "6 digits"),
        ("4763377", "6 digits"),
        ("47633x", "6 digits"),
        ("012345", "cannot start with 0"),
        ("999999", "not in the all-India PIN directory"),
    ],
)
def test_bad_pins_are_refused_with_the_reason(
    directory: PinDirectory, text: str, reason: str
) -> None:
    with pytest.raises(PinError, match=reason):
        directory.lookup(text)


def test_great_circle_distances() -> None:
    # One degree along a meridian is 111.2 km on the mean-radius sphere.
    assert great_circle_km(10.0, 77.0, 11.0, 77.0) == pytest.approx(111.2, abs=0.05)
    assert great_circle_km(20.0, 75.0, 20.0, 75.0) == 0
    # Delhi to Mumbai, city centres: about 1,150-1,170 km as the crow flies.
    assert 1140 < great_circle_km(28.6328, 77.2195, 18.9398, 72.8355) < 1170


def test_route_is_local_only_in_the_same_district_and_radius(directory: PinDirectory) -> None:
    far = route_between(directory, "476337", "110001")
    assert not far.local and 300 < far.distance_km < 340
    same = route_between(directory, "476337", "476337")
    assert same.local and same.distance_km == 0
    morena = route_between(directory, "476337", "476001")  # another district
    assert not morena.local


def test_override_wins_in_either_direction(directory: PinDirectory) -> None:
    rules = RouteRules(
        overrides=(
            RouteOverride("4763", "1100", distance_km=200),
            RouteOverride("476337", "476001", local=True),
        )
    )
    assert route_between(directory, "110001", "476337", rules).distance_km == 200
    assert route_between(directory, "476001", "476337", rules).local


def test_route_names_the_side_of_a_bad_pin(directory: PinDirectory) -> None:
    with pytest.raises(PinError, match=r"^to: PIN 999999"):
        route_between(directory, "476337", "999999")


def test_a_pin_without_a_location_uses_its_sorting_district(directory: PinDirectory) -> None:
    info = directory.lookup("678595")  # in the directory, but the data has no centroid for it
    assert info.lat is not None and "sorting district 678" in info.location
    route = route_between(directory, "476337", "678595")
    assert route.distance_km > 1000 and "678595" in route.basis
