"""to_xarray() and to_dataframe(): the dims, variables and attrs docs/python.md documents,
and values equal to the results file's datasets."""

import warnings

import h5py
import numpy as np
import pytest

import contested
from conftest import ROOT, SUSTAINMENT

THEATRE = ROOT / "configs" / "indo_pacific.yaml"
STATISTICS = ["mean", "std", "p05", "p25", "p50", "p75", "p95"]


@pytest.fixture(scope="module")
def results():
    return contested.run(SUSTAINMENT, trials=800, seed=4, progress=False,
                         posture=["baseline", "federated"])


@pytest.fixture(scope="module")
def theatre(tmp_path_factory):
    postures = [ROOT / "configs" / "postures" / f"{p}.yaml"
                for p in ("baseline", "dispersed", "federated")]
    r = contested.run(THEATRE, posture=postures, trials=150, seed=9, progress=False)
    path = tmp_path_factory.mktemp("theatre") / "theatre.h5"
    r.save(path)
    return r, path


def test_dims_and_coordinates(results):
    ds = results.to_xarray()
    assert set(ds.dims) == {"posture", "day", "node", "bin", "statistic"}
    assert list(ds["posture"].values) == ["baseline", "federated"]
    assert list(ds["day"].values) == list(range(results.days + 1))
    assert list(ds["node"].values) == results.nodes
    assert list(ds["statistic"].values) == STATISTICS
    assert ds["sorties"].dims == ("posture", "day", "statistic")
    assert ds["sorties_histogram"].dims == ("posture", "day", "bin")
    assert ds["sorties_by_node"].dims == ("posture", "node", "day", "statistic")
    assert ds["ship_days_lost_to_repair"].dims == ("posture", "statistic")
    assert ds["ship_days_lost_to_repair_histogram"].dims == ("posture", "bin")
    assert ds["aircraft_lost_ground_by_node"].dims == ("posture", "node", "statistic")
    assert ds["day_munition_exhausted_aim120_p_never"].dims == ("posture",)
    assert "sorties_by_node_histogram" not in ds  # per-node histograms only with "all"
    for name, var in ds.data_vars.items():
        assert var.attrs["units"] and var.attrs["long_name"], name
    assert ds["sorties"].attrs["units"] == "sorties"
    assert ds["shipments_lost_total"].attrs["kind"] == "outcome"


def test_values_are_the_engines(results):
    ds = results.to_xarray(histograms="all")
    for posture in results.postures:
        m = results.metric("sorties", posture=posture)
        h = ds["sorties_histogram"].sel(posture=posture).values
        assert h.dtype == np.uint64
        assert (h[:, : m.bins] == m.histogram[:, : h.shape[1]]).all()
        assert h.sum(axis=1).tolist() == [results.trials] * (results.days + 1)
        np.testing.assert_array_equal(ds["sorties"].sel(posture=posture, statistic="mean"),
                                      m.mean)
        np.testing.assert_array_equal(ds["sorties"].sel(posture=posture, statistic="p50"),
                                      m.quantile(0.5))
        fuel = results.metric("fuel", node="port", posture=posture)
        got = ds["fuel_by_node_histogram"].sel(posture=posture, node="port").values
        assert got.sum() == fuel.histogram.sum()
        never = results.outcome("day_munition_exhausted_aim120", posture)
        assert ds["day_munition_exhausted_aim120_p_never"].sel(posture=posture) == never.p_never
    # A node that does not record a metric: NaN statistics, no counts.
    assert np.isnan(ds["sorties_by_node"].sel(node="port")).all()
    assert ds["sorties_by_node_histogram"].sel(node="port").values.sum() == 0
    assert ds["sorties_histogram"].attrs["bin_lo"] == 0
    assert ds["sorties_histogram"].attrs["bin_width"] == 1


def test_theatre_under_three_postures_equals_the_file(theatre):
    r, path = theatre
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ds = r.to_xarray()
    rebinned = {name for w in caught for name in str(w.message).split(":")[0].split(", ")}
    for var in ds.data_vars.values():
        assert var.attrs["units"] and var.attrs["long_name"]
    with h5py.File(path, "r") as f:
        for posture in r.postures:
            group = f["postures"][posture]
            for name, stored in group["metrics"].items():
                got = ds[name].sel(posture=posture)
                np.testing.assert_array_equal(got.sel(statistic="mean"), stored["mean"][()])
                np.testing.assert_array_equal(got.sel(statistic="std"), stored["std"][()])
                np.testing.assert_array_equal(
                    got.sel(statistic=STATISTICS[2:]).values, stored["quantiles"][()])
                assert stored.attrs["units"] == ds[name].attrs["units"]
                hist = ds[name + "_histogram"].sel(posture=posture).values
                file_hist = stored["histogram"][()]
                # Exact: the same counts, or (rebinned) the same counts summed into
                # wider bins, with nothing lost.
                assert hist.sum(axis=-1).tolist() == file_hist.sum(axis=-1).tolist()
                if name not in rebinned:
                    n = min(hist.shape[-1], file_hist.shape[-1])
                    assert (hist[:, :n] == file_hist[:, :n]).all()
                    assert not file_hist[:, n:].any()
            for name, stored in group["outcomes"].items():
                node = stored.attrs.get("node")
                if node is not None and name.endswith("_" + node):
                    got = ds[name[: -len(node) - 1] + "_by_node"].sel(posture=posture, node=node)
                else:
                    got = ds[name].sel(posture=posture)
                np.testing.assert_array_equal(got.sel(statistic="mean"), stored["mean"][()])
                np.testing.assert_array_equal(got.sel(statistic=STATISTICS[2:]).values,
                                              stored["quantiles"][()])


def test_rebinning_is_exact_and_announced(theatre):
    r, _ = theatre
    # Co-production under federated raises the fuel stock's bound, hence its bin width.
    widths = {p: r.metric("fuel", posture=p).bin_width for p in r.postures}
    assert len(set(widths.values())) > 1
    with pytest.warns(UserWarning, match="fuel"):
        ds = r.to_xarray()
    width = ds["fuel_histogram"].attrs["bin_width"]
    assert all(width % w == 0 for w in widths.values())
    for p in r.postures:
        m = r.metric("fuel", posture=p)
        got = ds["fuel_histogram"].sel(posture=p).values
        for day in (0, r.days):
            want = np.bincount(m.values // width, weights=m.histogram[day].astype(float))
            n = max(got.shape[-1], want.size)
            np.testing.assert_array_equal(np.pad(got[day], (0, n - got.shape[-1])),
                                          np.pad(want, (0, n - want.size)))


def test_dataframe_is_tidy(results):
    frame = results.to_dataframe()
    assert {"posture", "measure", "kind", "node", "day", "units", "trials", "p_never", "mean",
            "std", "p05", "p50", "p95"} <= set(frame.columns)
    sorties = frame[(frame.measure == "sorties") & frame.node.isna()
                    & (frame.posture == "federated")]
    assert sorties.day.tolist() == list(range(results.days + 1))
    np.testing.assert_array_equal(sorties["mean"], results.metric("sorties",
                                                                  posture="federated").mean)
    never = frame[frame.measure == "day_munition_exhausted_aim120"]
    assert never.day.isna().all() and (never.kind == "outcome").all()
    d = results.outcome("day_munition_exhausted_aim120", "baseline")
    row = never[never.posture == "baseline"].iloc[0]
    assert row.p_never == d.p_never and row.trials == d.trials - d.never
    assert frame[frame.measure == "sorties"].p_never.isna().all()


def test_provenance_in_attrs(results):
    ds = results.to_xarray(histograms="none")
    for key in ("format", "format_version", "engine_version", "seed", "trials", "days",
                "backend", "device", "created_utc", "scenario_sha256", "scenario_name",
                "scenario_text"):
        assert key in ds.attrs, key
    assert ds.attrs["seed"] == 4 and ds.attrs["trials"] == 800
    assert ds.attrs["postures"] == ["baseline", "federated"]
    assert "bin" not in ds.dims
