"""load(save(r)) round-trips exactly, through the engine's writer and reader."""

import os

import h5py
import numpy as np
import pytest
import yaml

import contested
from conftest import SUSTAINMENT, assert_same_distributions


@pytest.fixture(scope="module")
def three_postures():
    return contested.run(SUSTAINMENT, trials=1500, seed=3, progress=False,
                         posture=["baseline", "federated", "hardened"])


def test_single_posture_round_trip(tmp_path):
    r = contested.run(SUSTAINMENT, trials=1200, seed=9, posture="hardened", progress=False)
    path = r.save(tmp_path / "one.h5")
    back = contested.load(path)
    assert_same_distributions(r, back)
    assert back.provenance == r.provenance
    assert back.postures == ["hardened"]
    # The CLI's layout: one posture group, provenance on the root.
    with h5py.File(path, "r") as f:
        assert f.attrs["format"] == "contested-results"
        assert list(f["postures"]) == ["hardened"]
        hist = f["postures/hardened/metrics/sorties/histogram"]
        assert hist.dtype == np.uint64
        assert hist.shape == r.metric("sorties").histogram.shape
        assert (hist[()] == r.metric("sorties").histogram).all()
    # Saving what was loaded gives the same content again.
    again = contested.load(back.save(tmp_path / "again.h5"))
    assert_same_distributions(r, again)
    assert again.provenance == r.provenance
    assert sorted(os.listdir(tmp_path)) == ["again.h5", "one.h5"]  # no temporary files


def test_multi_posture_round_trip(tmp_path, three_postures):
    r = three_postures
    path = r.save(tmp_path / "three.h5")
    back = contested.load(path)
    assert back.postures == ["baseline", "federated", "hardened"]
    assert_same_distributions(r, back)
    for p in r.postures:
        assert back.provenance_of(p) == r.provenance_of(p)
    with h5py.File(path, "r") as f:
        assert list(f["postures"]) == ["baseline", "federated", "hardened"]
    assert os.listdir(tmp_path) == ["three.h5"]


def test_selected_posture_is_a_cli_file(tmp_path, three_postures):
    one = three_postures.select("federated")
    back = contested.load(one.save(tmp_path / "fed.h5"))
    assert back.postures == ["federated"]
    assert_same_distributions(one, back)


def test_save_replaces_only_when_asked_and_errors_name_the_path(tmp_path, three_postures):
    for results in (three_postures.select("baseline"), three_postures):  # one file, or merged
        path = tmp_path / f"r{len(results.postures)}.h5"
        path.write_bytes(b"old")
        with pytest.raises(FileExistsError, match="already exists"):
            results.save(path)
        assert path.read_bytes() == b"old"
        results.save(path, overwrite=True)
        assert contested.load(path).postures == results.postures
    assert sorted(os.listdir(tmp_path)) == ["r1.h5", "r3.h5"]  # no temporary left
    with pytest.raises(FileExistsError):  # refused before anything runs
        contested.run(SUSTAINMENT, trials=10**9, progress=False, out=tmp_path / "r1.h5")
    with pytest.raises(RuntimeError, match="missing.h5"):
        contested.load(tmp_path / "missing.h5")
    (tmp_path / "junk.h5").write_text("not hdf5")
    with pytest.raises(RuntimeError, match="junk.h5"):
        contested.load(tmp_path / "junk.h5")
    cut = tmp_path / "cut.h5"
    cut.write_bytes((tmp_path / "r1.h5").read_bytes()[:4000])
    with pytest.raises(RuntimeError, match="cut.h5: not an HDF5 file or truncated"):
        contested.load(cut)
    foreign = tmp_path / "foreign.h5"
    with h5py.File(foreign, "w") as f:
        f["x"] = np.arange(3)
    with pytest.raises(RuntimeError, match="foreign.h5: not a contested results file"):
        contested.load(foreign)
    with pytest.raises(RuntimeError, match="nodir"):
        three_postures.select("baseline").save(tmp_path / "nodir" / "x.h5")


def test_combine_checks_runs_are_comparable():
    a = contested.run(SUSTAINMENT, trials=300, seed=1, progress=False)
    b = contested.run(SUSTAINMENT, trials=300, seed=1, posture="hardened", progress=False)
    c = contested.run(SUSTAINMENT, trials=300, seed=2, posture="federated", progress=False)
    both = contested.Results.combine(a, b)
    assert both.postures == ["baseline", "hardened"]
    with pytest.raises(ValueError, match="seed"):
        contested.Results.combine(a, c)
    with pytest.raises(ValueError, match="twice"):
        contested.Results.combine(a, a)


def test_postures_with_their_own_scenario_text_round_trip(tmp_path):
    # Runs whose scenario texts differ (as a posture file's run does: its text carries the
    # posture file) keep each text through save and load.
    doc = yaml.safe_load(SUSTAINMENT.read_text())
    a = contested.run(doc, trials=400, seed=6, progress=False)
    doc["postures"].append({"id": "wide", "set": {"nodes.airbase.shelters": 60}})
    b = contested.run(doc, trials=400, seed=6, posture="wide", progress=False)
    assert a.provenance["scenario_sha256"] != b.provenance["scenario_sha256"]
    both = contested.Results.combine(a, b)
    back = contested.load(both.save(tmp_path / "both.h5"))
    assert_same_distributions(both, back)
    for p in both.postures:
        assert back.provenance_of(p) == both.provenance_of(p)


def test_posture_files(tmp_path):
    posture_file = tmp_path / "wide.yaml"
    posture_file.write_text('id: wide\nset: {"nodes.airbase.shelters": 60}\n')
    try:
        contested.load_scenario(SUSTAINMENT, posture_file)
    except contested.ScenarioError as e:
        if "unknown posture" in str(e):
            pytest.skip("this engine has no posture files")
        raise
    r = contested.run(SUSTAINMENT, trials=400, seed=6, progress=False,
                      posture=["baseline", posture_file])
    assert r.postures == ["baseline", "wide"]
    back = contested.load(r.save(tmp_path / "r.h5"))
    assert_same_distributions(r, back)
    assert back.provenance_of("wide") == r.provenance_of("wide")
