"""Python and the command line go through one engine: several postures given to
contested.run() are the sweep of those postures, dataset by dataset (paired comparisons
included), and Results save and load through the engine's own writer and reader, so a
round trip gives back every dataset byte for byte."""

import subprocess

import h5py
import numpy as np
import pytest

import contested

from conftest import ROOT, SUSTAINMENT

TRIALS = 300
SEED = 11
POSTURES = ["baseline", "federated", "hardened"]


def _datasets(path):
    """Every dataset of an HDF5 file, by path: its raw bytes and dtype."""
    found = {}
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset):
                value = obj[()]
                found[name] = (str(obj.dtype), np.asarray(value).tobytes()
                               if not isinstance(value, bytes) else value)
        f.visititems(visit)
    return found


def _assert_same_datasets(a, b, leave_out=()):
    da = {k: v for k, v in _datasets(a).items() if k not in leave_out}
    db = {k: v for k, v in _datasets(b).items() if k not in leave_out}
    assert sorted(da) == sorted(db)
    different = [k for k in da if da[k] != db[k]]
    assert not different, different[:10]


@pytest.fixture(scope="module")
def postures_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("postures") / "py.h5"
    results = contested.run(SUSTAINMENT, trials=TRIALS, seed=SEED, posture=POSTURES,
                            backend="cpu", progress=False, out=out)
    return results, out


def test_postures_are_run_as_a_sweep_of_them(cli, postures_run, tmp_path):
    results, out = postures_run
    assert results.paired and results.postures == POSTURES
    sweep_file = tmp_path / "postures.yaml"
    sweep_file.write_text(f"scenario: {SUSTAINMENT}\ntrials: {TRIALS}\nseed: {SEED}\n"
                          f"postures: [{', '.join(POSTURES)}]\n")
    cli_out = tmp_path / "cli.h5"
    subprocess.run([cli, "sweep", str(sweep_file), "--backend", "cpu", "--quiet", "--out",
                    str(cli_out)], check=True, capture_output=True, text=True)
    # Everything but the sweep file's own text, which a run of postures does not have.
    _assert_same_datasets(out, cli_out, leave_out={"sweep"})
    with h5py.File(out, "r") as f:
        assert "comparison" in f["postures"]["federated"]
        assert "comparison" not in f["postures"]["baseline"]


def test_paired_comparison_is_the_engines(postures_run):
    results, _ = postures_run
    table = results.compare(outcome="aircraft_lost_ground")
    assert table.attrs["interval"] == "paired"
    assert (table["paired"] == [False, True, True]).all()


def test_round_trip_keeps_every_dataset(postures_run, tmp_path):
    results, out = postures_run
    again = contested.load(out)
    assert again.paired and again.postures == POSTURES
    copy = tmp_path / "copy.h5"
    again.save(copy)
    _assert_same_datasets(out, copy)


def test_round_trip_of_one_posture_and_of_postures_run_apart(tmp_path):
    one = contested.run(SUSTAINMENT, trials=100, seed=SEED, backend="cpu", progress=False)
    first, second = tmp_path / "one.h5", tmp_path / "one_again.h5"
    one.save(first)
    contested.load(first).save(second)
    _assert_same_datasets(first, second)

    other = contested.run(SUSTAINMENT, trials=100, seed=SEED, posture="federated",
                          backend="cpu", progress=False)
    both = contested.Results.combine(one, other)
    assert not both.paired
    apart, apart_again = tmp_path / "apart.h5", tmp_path / "apart_again.h5"
    both.save(apart)
    loaded = contested.load(apart)
    assert loaded.postures == ["baseline", "federated"] and not loaded.paired
    loaded.save(apart_again)
    _assert_same_datasets(apart, apart_again)
    # Each posture keeps the provenance of its own run.
    assert loaded.provenance_of("federated")["created_utc"] == \
        other.provenance_of("federated")["created_utc"]


def test_unpaired_standard_error_is_the_engines(tmp_path):
    a = contested.run(SUSTAINMENT, trials=200, seed=3, backend="cpu", progress=False)
    b = contested.run(SUSTAINMENT, trials=200, seed=3, posture="hardened", backend="cpu",
                      progress=False)
    table = contested.Results.combine(a, b).compare(outcome="aircraft_lost_ground")
    core_a = a._core("baseline").find_outcome("aircraft_lost_ground")
    core_b = b._core("hardened").find_outcome("aircraft_lost_ground")
    expected = contested._core.se_unpaired(core_b, core_a)[0]
    assert table.loc["hardened", "se"] == pytest.approx(expected, rel=0, abs=0)


def test_limits_and_backends_come_from_the_engine():
    assert contested._core.max_days == 3650
    assert list(contested._core.backend_names) == ["auto", "cpu", "cuda"]
    with pytest.raises(ValueError, match="allowed: auto, cpu, cuda"):
        contested.run(SUSTAINMENT, trials=1, backend="gpu", progress=False)
    with pytest.raises(ValueError, match="between 1 and 3650"):
        contested.run(SUSTAINMENT, trials=1, days=4000, progress=False)


def test_dataframe_is_the_clis_statistics_table(cli, postures_run):
    import io

    import pandas as pd

    results, path = postures_run
    csv = subprocess.run([cli, "info", str(path), "--format", "csv"], check=True,
                         capture_output=True, text=True).stdout
    from_cli = pd.read_csv(io.StringIO(csv), keep_default_na=False, na_values=[""])
    frame = results.to_dataframe()
    assert list(frame.columns) == list(from_cli.columns)
    assert len(frame) == len(from_cli)
    for column in ("mean", "std", "p05", "p95", "p_never"):
        np.testing.assert_array_equal(frame[column].to_numpy(float),
                                      from_cli[column].to_numpy(float))
    assert (frame["measure"] == from_cli["measure"]).all()
    assert (frame["posture"] == from_cli["posture"]).all()
