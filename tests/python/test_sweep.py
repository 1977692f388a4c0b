"""contested.sweep: the engine's exact paired comparison (docs/sweeps.md) from Python."""

import subprocess

import h5py
import numpy as np
import pytest

import contested

from conftest import ROOT, assert_same_distributions

SHELTERS = ROOT / "configs" / "sweeps" / "shelters.yaml"
RAMP = ROOT / "configs" / "examples" / "ramp_and_shelters.yaml"
TRIALS = 2000


@pytest.fixture(scope="module")
def swept(tmp_path_factory):
    out = tmp_path_factory.mktemp("sweep") / "py.h5"
    return contested.sweep(SHELTERS, trials=TRIALS, out=out, progress=False), out


def _comparison_datasets(path):
    found = {}
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset) and "/comparison/" in name:
                found[name] = obj[()]
        f.visititems(visit)
    return found


def test_sweep_equals_cli(cli, swept, tmp_path):
    results, out = swept
    cli_out = tmp_path / "cli.h5"
    subprocess.run([cli, "sweep", str(SHELTERS), "--trials", str(TRIALS), "--quiet",
                    "--out", str(cli_out)], check=True, capture_output=True, text=True)
    a, b = _comparison_datasets(out), _comparison_datasets(cli_out)
    assert a and sorted(a) == sorted(b)
    for name in a:
        assert a[name].dtype == b[name].dtype, name
        np.testing.assert_array_equal(a[name], b[name], err_msg=name)
    assert_same_distributions(results, contested.load(cli_out))


def test_compare_uses_paired_data(swept):
    results, out = swept
    for r in (results, contested.load(out)):
        assert r.paired
        table = r.compare(outcome="aircraft_lost_ground")
        assert table.attrs["interval"] == "paired"
        with h5py.File(out, "r") as f:
            for posture, row in table.iterrows():
                if row["reference"] == posture:
                    continue
                assert row["paired"]
                c = f[f"postures/{posture}/comparison/outcomes/aircraft_lost_ground"]
                assert row["difference"] == c["mean_diff"][()]
                assert row["ci_low"] == c["ci_low"][()]
                assert row["ci_high"] == c["ci_high"][()]
                assert row["se"] == c["se_paired"][()]
                # more shelters save aircraft: the paired interval excludes zero
                assert row["ci_high"] < 0
                assert c["se_paired"][()] < c["se_unpaired"][()]


def test_fallback_is_unpaired(swept):
    results, _ = swept
    plain = contested.Results.combine(results.select(results.postures[0]),
                                      results.select(results.postures[1]))
    assert not plain.paired
    table = plain.compare(outcome="aircraft_lost_ground")
    assert table.attrs["interval"] == "unpaired"
    paired = results.compare(outcome="aircraft_lost_ground").loc[results.postures[1]]
    assert table.iloc[1]["se"] > paired["se"]


def test_identical_postures_give_zero(tmp_path):
    text = (f"scenario: {RAMP}\ntrials: 500\nseed: 3\npostures:\n  - baseline\n"
            "  - {id: same, set: {\"nodes.airbase.shelters\": 12}}\n")
    r = contested.sweep(text, progress=False)
    for name in r.outcomes:
        row = r.compare(outcome=name).loc["same"]
        if r.outcome(name).zero_is_never:
            # A first day's mean is over the trials where it came, which differ between
            # postures in general: compared unpaired (NaN where it never came in either).
            assert not row["paired"]
            assert row["difference"] == 0.0 or np.isnan(row["difference"])
            assert row["p_never"] == r.outcome(name, "baseline").p_never
            continue
        assert row["paired"] and row["difference"] == 0.0
        assert row["se"] == 0.0 and row["ci_low"] == 0.0 and row["ci_high"] == 0.0
    measures = [(d.name, d.node or None) for d in r._core("same").metrics]
    assert measures
    for name, node in measures:
        row = r.compare(name, node=node, day=r.days).loc["same"]
        assert row["paired"] and row["difference"] == 0.0 and row["se"] == 0.0


def test_plot_says_paired(swept):
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    results, _ = swept
    ax = contested.plot.posture_comparison(results, outcomes="aircraft_lost_ground")
    assert "(paired)" in ax.get_xlabel()
