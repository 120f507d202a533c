"""The distance-to-target method on hand-computed cases (see docs/monitor.md)."""

import pytest

from apps.monitor.status import INSUFFICIENT, MODERATE, OFF_TRACK, ON_TRACK, assess, goal_status


def test_on_track_when_the_actual_growth_matches_the_required_growth():
    # 100 -> 121 in 2 years: actual CAGR 10%; to reach 162.89 (= 100 x 1.05^10) in 2030 from 2020 (10 years) needs 5%: ratio 2.0
    a = assess([(2020, 100), (2021, 110), (2022, 121)], higher_is_better=True, target_value=162.89, target_year=2030)
    assert a.status == ON_TRACK
    assert a.actual == pytest.approx(0.10)
    assert a.required == pytest.approx(0.05, abs=1e-4)
    assert a.ratio == pytest.approx(2.0, rel=1e-3)


def test_moderate_between_60_and_95_percent_of_the_required_pace():
    # required: 100 -> 200 in 10 years = 7.177% a year; actual 100 -> 110.25 in 2 years = 5%: ratio 0.697
    a = assess([(2020, 100), (2021, 104), (2022, 110.25)], higher_is_better=True, target_value=200, target_year=2030)
    assert a.status == MODERATE
    assert a.ratio == pytest.approx(0.05 / (2**0.1 - 1), rel=1e-3)


def test_off_track_below_60_percent_and_when_moving_away():
    slow = assess([(2020, 100), (2021, 101), (2022, 102.01)], higher_is_better=True, target_value=200, target_year=2030)
    assert slow.status == OFF_TRACK and slow.ratio == pytest.approx(0.01 / (2**0.1 - 1), rel=1e-3)
    away = assess([(2020, 100), (2021, 98), (2022, 96)], higher_is_better=True, target_value=200, target_year=2030)
    assert away.status == OFF_TRACK and away.ratio < 0


def test_lower_is_better_uses_the_same_ratio():
    # waste 200 -> 180 kg in 2 years (-5.13%/yr); ambition 100 kg in 2030: needs -6.70%/yr: ratio 0.766
    a = assess([(2020, 200), (2021, 190), (2022, 180)], higher_is_better=False, target_value=100, target_year=2030)
    assert a.status == MODERATE
    assert a.ratio == pytest.approx(((180 / 200) ** 0.5 - 1) / ((100 / 200) ** 0.1 - 1), rel=1e-3)


def test_an_ambition_already_reached_is_on_track():
    assert assess([(2020, 200), (2021, 150), (2022, 90)], higher_is_better=False, target_value=100, target_year=2030).status == ON_TRACK


def test_too_few_points_is_insufficient_data():
    assert assess([], higher_is_better=True).status == INSUFFICIENT
    assert assess([(2020, 1), (2022, 2)], higher_is_better=True, target_value=3, target_year=2030).status == INSUFFICIENT
    # three values, but within one year of each other... span below two years
    assert assess([(2021, 1), (2022, 2), (2022, 2)], higher_is_better=True).status == INSUFFICIENT
    # the baseline cuts off older values
    assert assess([(2016, 1), (2017, 2), (2021, 3), (2022, 4)], higher_is_better=True, baseline_year=2021).status == INSUFFICIENT


def test_the_baseline_value_replaces_or_precedes_the_series():
    # baseline 2019 = 100 (not in the series), then 2021 and 2022: 100 -> 115.76 in 3 years = 5%
    a = assess(
        [(2021, 110.25), (2022, 115.7625)], higher_is_better=True, baseline_year=2019, baseline_value=100, target_value=162.89, target_year=2029
    )
    assert a.actual == pytest.approx(0.05, rel=1e-4) and a.status == ON_TRACK


def test_without_an_ambition_the_direction_decides_with_a_one_percent_threshold():
    assert assess([(2020, 100), (2021, 102), (2022, 104.04)], higher_is_better=True).status == ON_TRACK  # +2%/yr
    assert assess([(2020, 100), (2021, 100.5), (2022, 101)], higher_is_better=True).status == MODERATE  # +0.5%/yr
    assert assess([(2020, 100), (2021, 99), (2022, 98)], higher_is_better=True).status == OFF_TRACK
    assert assess([(2020, 100), (2021, 99), (2022, 98)], higher_is_better=False).status == ON_TRACK  # -1.005%/yr


def test_zero_or_negative_values_use_linear_growth():
    # 0 -> 4 over 2 years: no CAGR; linear: +2 per year relative to |0| -> 1: 200%; target 10 in 2030 needs 1/yr -> ratio 2
    a = assess([(2020, 0), (2021, 2), (2022, 4)], higher_is_better=True, target_value=10, target_year=2030)
    assert a.status == ON_TRACK and a.ratio == pytest.approx(2.0)


def test_goal_status_is_the_mean_score_of_indicators_with_data():
    assert goal_status([]) == INSUFFICIENT
    assert goal_status([INSUFFICIENT, INSUFFICIENT]) == INSUFFICIENT
    assert goal_status([ON_TRACK, ON_TRACK, MODERATE, INSUFFICIENT]) == ON_TRACK  # (2+2+1)/3 = 1.67
    assert goal_status([ON_TRACK, OFF_TRACK]) == MODERATE  # 1.0
    assert goal_status([MODERATE, OFF_TRACK, OFF_TRACK]) == OFF_TRACK  # 0.33
