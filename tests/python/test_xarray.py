"""to_xarray(): the dims, variables and attrs docs/python.md documents."""

import numpy as np
import pytest

import contested
from conftest import SUSTAINMENT


@pytest.fixture(scope="module")
def results():
    return contested.run(SUSTAINMENT, trials=800, seed=4, progress=False,
                         posture=["baseline", "federated"])


def test_dims_and_coordinates(results):
    ds = results.to_xarray()
    assert set(ds.dims) == {"posture", "day", "node", "bin", "quantile"}
    assert list(ds["posture"].values) == ["baseline", "federated"]
    assert list(ds["day"].values) == list(range(results.days + 1))
    assert list(ds["node"].values) == results.nodes
    np.testing.assert_allclose(ds["quantile"].values, [0.05, 0.25, 0.5, 0.75, 0.95])
    assert ds["sorties"].dims == ("posture", "day", "bin")
    assert ds["sorties_mean"].dims == ("posture", "day")
    assert ds["sorties_quantiles"].dims == ("posture", "day", "quantile")
    assert ds["sorties_by_node_mean"].dims == ("posture", "node", "day")
    assert ds["outcome_ship_days_lost_to_repair"].dims == ("posture", "bin")
    assert ds["outcome_ship_days_lost_to_repair_mean"].dims == ("posture",)
    assert ds["outcome_aircraft_lost_ground_by_node"].dims == ("posture", "node", "bin")
    assert "sorties_by_node" not in ds  # per-node histograms only with histograms="all"


def test_values_are_the_engines(results):
    ds = results.to_xarray(histograms="all")
    for posture in results.postures:
        m = results.metric("sorties", posture=posture)
        h = ds["sorties"].sel(posture=posture).values
        assert h.dtype == np.uint64
        assert (h[:, : m.bins] == m.histogram[:, : h.shape[1]]).all()
        assert h.sum(axis=1).tolist() == [results.trials] * (results.days + 1)
        np.testing.assert_array_equal(ds["sorties_mean"].sel(posture=posture), m.mean)
        np.testing.assert_array_equal(ds["sorties_quantiles"].sel(posture=posture, quantile=0.5),
                                      m.quantile(0.5))
        fuel = results.metric("fuel", node="port", posture=posture)
        got = ds["fuel_by_node"].sel(posture=posture, node="port").values
        assert (got[:, : fuel.bins] == fuel.histogram[:, : got.shape[1]]).all()
        assert got.sum() == fuel.histogram.sum()
    # A node that does not record a metric: NaN statistics, no counts.
    assert np.isnan(ds["sorties_by_node_mean"].sel(node="port")).all()
    assert ds["sorties_by_node"].sel(node="port").values.sum() == 0
    assert ds["sorties"].attrs["bin_lo"] == 0 and ds["sorties"].attrs["bin_width"] == 1


def test_provenance_in_attrs(results):
    ds = results.to_xarray(histograms="none")
    for key in ("format", "format_version", "engine_version", "seed", "trials", "days",
                "backend", "device", "created_utc", "scenario_sha256", "scenario_name",
                "scenario_text"):
        assert key in ds.attrs, key
    assert ds.attrs["seed"] == 4 and ds.attrs["trials"] == 800
    assert ds.attrs["postures"] == ["baseline", "federated"]
    assert "bin" not in ds.dims
