"""The Results API: names, distributions, statistics, comparisons, scenarios as dicts."""

import io

import numpy as np
import pytest
import yaml

import contested
from conftest import SINGLE_BASE, SUSTAINMENT, assert_same_distributions


@pytest.fixture(scope="module")
def results():
    return contested.run(SUSTAINMENT, trials=1000, seed=8, progress=False,
                         posture=["baseline", "federated"])


def test_names(results):
    assert results.postures == ["baseline", "federated"]
    assert "sorties" in results.metrics and "fuel" in results.metrics
    assert "ship_days_lost_to_repair" in results.outcomes
    assert results.nodes[0] == "airbase"
    assert "sorties" in results.node_metrics("airbase")
    assert results.trials == 1000 and results.seed == 8 and results.days == 30


def test_daily_metric(results):
    m = results.metric("sorties")
    assert m.histogram.dtype == np.uint64
    assert m.histogram.shape == (31, m.bins)
    assert (m.histogram.sum(axis=1) == 1000).all()
    assert not m.histogram.flags.writeable
    assert m.mean.dtype == np.float64 and m.mean.shape == (31,)
    np.testing.assert_allclose(m.mean, (m.histogram * m.values).sum(axis=1) / 1000)
    np.testing.assert_allclose(m.sum, (m.histogram * m.values).sum(axis=1))
    var = (m.histogram * (m.values - m.mean[:, None]) ** 2).sum(axis=1) / 1000
    np.testing.assert_allclose(m.std, np.sqrt(var), atol=1e-9)
    q = m.quantile([0.05, 0.5, 0.95])
    assert q.shape == (3, 31)
    assert (q[0] <= q[1]).all() and (q[1] <= q[2]).all()
    cdf = np.cumsum(m.histogram, axis=1) / 1000
    for day in (0, 10, 30):  # smallest v with P(X <= v) >= p
        assert q[1, day] == m.values[np.argmax(cdf[day] >= 0.5)]
    values, prob = m.exceedance()
    assert prob.shape == m.histogram.shape
    np.testing.assert_allclose(prob[:, 0], 1.0)
    np.testing.assert_allclose(prob[:, 1], 1.0 - m.histogram[:, 0] / 1000)


def test_node_metric_and_outcome(results):
    at_base = results.metric("sorties", node="airbase", posture="federated")
    assert at_base.node == "airbase" and at_base.posture == "federated"
    o = results.outcome("ship_days_lost_to_repair")
    assert o.is_outcome and o.histogram.ndim == 1 and o.histogram.sum() == 1000
    assert isinstance(o.mean, float) and isinstance(o.quantile(0.5), float)
    assert o.quantile([0.25, 0.75]).shape == (2,)
    assert o.exceedance().probability.shape == o.histogram.shape
    lost = results.node_outcome("aircraft_lost_ground", "airbase")
    assert lost.name == "aircraft_lost_ground_airbase"
    assert results.node_outcome("aircraft_lost_ground", "port") is None


def test_lookup_errors_suggest(results):
    with pytest.raises(KeyError, match="did you mean sorties"):
        results.metric("sortie")
    with pytest.raises(KeyError, match="federated"):
        results.metric("sorties", posture="federatd")
    with pytest.raises(KeyError, match="no metric 'sorties' at node 'port'"):
        results.metric("sorties", node="port")
    with pytest.raises(KeyError):
        results.outcome("sorties")


def test_compare(results):
    table = results.compare("munitions_pac3")
    assert list(table.index) == ["baseline", "federated"]
    row = table.loc["federated"]
    base = results.metric("munitions_pac3", posture="baseline")
    fed = results.metric("munitions_pac3", posture="federated")
    assert row["difference"] == pytest.approx(fed.mean[-1] - base.mean[-1])
    # Postures run together are paired: the interval is the engine's exact paired one,
    # narrower than the unpaired one built from each posture's own spread.
    assert row["paired"] and table.attrs["interval"] == "paired"
    assert row["ci_high"] - row["ci_low"] == pytest.approx(2 * 1.959963984540054 * row["se"])
    unpaired = contested._core.se_unpaired(
        results._core("federated").find_metric("munitions_pac3", ""),
        results._core("baseline").find_metric("munitions_pac3", ""))[-1]
    assert row["se"] < unpaired
    assert table.loc["baseline", "difference"] == 0
    out = results.compare(outcome="ship_days_lost_to_repair")
    assert out.attrs["outcome"] and out.attrs["day"] is None
    day3 = results.compare("sorties", day=3, node="airbase", reference="federated")
    assert list(day3.index) == ["federated", "baseline"] and day3.attrs["day"] == 3


def test_dict_and_string_scenarios_run_the_same_model():
    text = SINGLE_BASE.read_text()
    from_file = contested.run(SINGLE_BASE, trials=500, seed=3, progress=False)
    from_text = contested.run(text, trials=500, seed=3, progress=False)
    doc = yaml.safe_load(text)
    doc["name"] = "single_base"
    from_dict = contested.run(doc, trials=500, seed=3, progress=False)
    assert_same_distributions(from_file, from_text)
    assert_same_distributions(from_file, from_dict)
    assert from_dict.scenario_name == "single_base"
    doc["days"] = np.int64(10)  # numpy values are fine in a dict
    assert contested.run(doc, trials=50, progress=False).days == 10


def test_postures_share_random_numbers():
    # Same seed: a posture that changes nothing gives exactly the baseline's histograms.
    doc = yaml.safe_load(SUSTAINMENT.read_text())
    doc["postures"].append({"id": "copy", "flags": []})
    r = contested.run(doc, trials=500, seed=12, progress=False, posture=["baseline", "copy"])
    for name in r.metrics:
        for node in [None] + r.nodes:
            try:
                a = r.metric(name, node=node, posture="baseline")
            except KeyError:
                continue
            b = r.metric(name, node=node, posture="copy")
            assert (a.histogram == b.histogram).all(), (name, node)
    for name in r.outcomes:
        assert (r.outcome(name).histogram == r.outcome(name, "copy").histogram).all(), name


def test_progress_line(capsys):
    contested.run(SUSTAINMENT, trials=200, progress=True)
    # Short runs show no progress line.
    assert "trials/s" not in capsys.readouterr().err


class _Stream(io.StringIO):
    def __init__(self, tty):
        super().__init__()
        self.tty = tty

    def isatty(self):
        return self.tty


def test_progress_off_a_terminal_is_plain_lines():
    from contested._progress import ProgressLine

    log = _Stream(tty=False)
    line = ProgressLine("sweep", stream=log, delay=0.0, plain_interval=0.0)
    for done in (250, 500, 750, 1000):
        line(done, 1000)
    line.finish()
    text = log.getvalue()
    assert "\r" not in text  # a log file gets whole lines, no redrawn bar
    lines = text.splitlines()
    assert len(lines) == 4 and lines[-1].startswith("sweep: 100%  1,000/1,000 trials")


def test_progress_on_a_terminal_is_a_tqdm_bar():
    pytest.importorskip("tqdm")
    from contested._progress import ProgressLine

    tty = _Stream(tty=True)
    line = ProgressLine("run", stream=tty, delay=0.0)
    line(400, 1000)
    line(1000, 1000)
    line.finish()
    assert line.bar is not None and line.bar.n == 1000
    assert "\r" in tty.getvalue() and "run" in tty.getvalue()


def test_summary_and_repr(results):
    text = results.summary("federated")
    assert text.startswith("Scenario: sustainment   posture: federated")
    assert "postures=['baseline', 'federated']" in repr(results)
    assert "sorties" in repr(results.metric("sorties"))


def test_results_pickle_exactly(results):
    import pickle

    copy = pickle.loads(pickle.dumps(results))
    assert copy.postures == results.postures and copy.paired == results.paired
    assert_same_distributions(results, copy)
    assert copy.provenance == results.provenance
    # The paired comparison survives: the same table as the original's.
    a = results.compare("munitions_pac3")
    b = copy.compare("munitions_pac3")
    assert a.equals(b) and a.attrs["interval"] == "paired"


def test_results_pickle_across_processes(results):
    from concurrent.futures import ProcessPoolExecutor
    import multiprocessing

    with ProcessPoolExecutor(max_workers=1,
                             mp_context=multiprocessing.get_context("spawn")) as pool:
        mean = pool.submit(_mean_sorties_day_3, results).result(timeout=120)
    assert mean == results.metric("sorties", posture="federated").mean[3]


def _mean_sorties_day_3(results):
    return float(results.metric("sorties", posture="federated").mean[3])
