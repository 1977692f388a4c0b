"""Shared fixtures: the repository, its scenarios and the CLI binary."""

import os
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SUSTAINMENT = ROOT / "configs" / "examples" / "sustainment.yaml"
SINGLE_BASE = ROOT / "configs" / "examples" / "single_base.yaml"
AIRBASES = ROOT / "configs" / "indo_pacific_airbases.yaml"


@pytest.fixture(scope="session")
def cli():
    """The contested CLI: $CONTESTED_CLI, else build/bin/contested (scripts/build.sh).
    Skips when neither exists and CONTESTED_CLI was not set."""
    given = os.environ.get("CONTESTED_CLI")
    path = pathlib.Path(given) if given else ROOT / "build" / "bin" / "contested"
    if not path.is_file():
        if given:
            pytest.fail(f"CONTESTED_CLI={given} does not exist")
        pytest.skip("no CLI binary (run scripts/build.sh or set CONTESTED_CLI)")
    return str(path)


def assert_same_distributions(a, b):
    """Two contested.Results hold the same postures, metrics and exact histograms."""
    assert a.postures == b.postures
    for posture in a.postures:
        ca, cb = a._core(posture), b._core(posture)
        for kind in ("metrics", "outcomes"):
            da, db = getattr(ca, kind), getattr(cb, kind)
            assert [(d.name, d.node) for d in da] == [(d.name, d.node) for d in db]
            for x, y in zip(da, db):
                where = f"{posture}/{kind}/{x.name}@{x.node}"
                assert (x.rows, x.bins, x.bin_lo, x.bin_width) == (
                    y.rows, y.bins, y.bin_lo, y.bin_width), where
                assert x.histogram.dtype == y.histogram.dtype
                assert (x.histogram == y.histogram).all(), where
                assert (x.sum == y.sum).all(), where
                assert (x.sum_sq == y.sum_sq).all(), where
