"""First-day outcomes, where 0 means "never": P(never), statistics over the trials where the
day came, P(X <= d) curves and comparisons, all equal to hand counts from the histogram."""

import numpy as np
import pytest

import contested

from conftest import SUSTAINMENT

NAME = "day_munition_exhausted_aim120"


@pytest.fixture(scope="module")
def results():
    return contested.run(SUSTAINMENT, posture=["baseline", "federated"], trials=2000, seed=11,
                         progress=False)


def test_never_and_conditional_statistics_match_the_histogram(results):
    d = results.outcome(NAME, "federated")
    assert d.zero_is_never and d.units == "day"
    hist = d.histogram.astype(np.int64)
    days = np.arange(hist.size)
    never, happened = int(hist[0]), int(hist[1:].sum())
    assert never + happened == d.trials == 2000
    assert never > d.trials // 2  # never exhausted in most trials under federated
    assert d.never == never
    assert d.p_never == pytest.approx(never / d.trials, abs=0)
    if happened:
        mean = (days[1:] * hist[1:]).sum() / happened
        var = (days[1:] ** 2 * hist[1:]).sum() / happened - mean**2
        assert d.mean == pytest.approx(mean, rel=1e-12)
        assert d.std == pytest.approx(np.sqrt(max(var, 0.0)), rel=1e-9, abs=1e-12)
        # The median of the trials where it came: the first day its cumulative count
        # reaches half of them.
        median = 1 + int(np.searchsorted(np.cumsum(hist[1:]), happened / 2))
        assert d.quantile(0.5) == median
        assert d.quantile(0.0) >= 1  # never is not a day
    else:
        assert np.isnan(d.mean) and np.isnan(d.quantile(0.5))


def test_by_day_is_the_cumulative_share_of_all_trials(results):
    for posture in results.postures:
        d = results.outcome(NAME, posture)
        curve = d.by_day()
        hist = d.histogram.astype(np.float64)
        assert list(curve.days) == list(range(1, results.days + 1))
        np.testing.assert_array_equal(curve.probability, np.cumsum(hist[1:]) / hist.sum())
        assert curve.p_never == d.p_never
        # The curve ends at the share of trials where it came: 1 - P(never).
        assert curve.probability[-1] == pytest.approx(1.0 - d.p_never)
        with pytest.raises(ValueError, match="by_day"):
            d.exceedance()
    with pytest.raises(ValueError, match="exceedance"):
        results.outcome("shipments_lost_total").by_day()


def test_compare_reports_p_never_and_conditional_means(results):
    table = results.compare(outcome=NAME)
    for posture in results.postures:
        d = results.outcome(NAME, posture)
        row = table.loc[posture]
        assert row["p_never"] == d.p_never
        assert row["trials"] == d.trials - d.never
        assert row["mean"] == d.mean or (np.isnan(row["mean"]) and np.isnan(d.mean))
    assert not table.loc["federated", "paired"]  # the trials counted differ
    assert table.attrs["zero_is_never"] and table.attrs["units"] == "day"
    other = results.compare(outcome="shipments_lost_total")
    assert other["p_never"].isna().all()


def test_one_name_per_quantity(results):
    assert not set(results.metrics) & set(results.outcomes)
    with pytest.raises(KeyError, match="outcome="):
        results.compare("aircraft_lost_ground")
    with pytest.raises(TypeError):
        results.compare()
    with pytest.raises(TypeError):
        results.compare("sorties", outcome="aircraft_lost_ground")
    daily = results.compare("shipments_lost")
    total = results.compare(outcome="shipments_lost_total")
    assert daily.attrs["day"] == results.days and total.attrs["day"] is None
    assert total.attrs["long_name"] == "shipments lost over the campaign"
