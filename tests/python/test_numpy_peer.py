"""The NumPy peer of the strike sub-model (bench/numpy_peer.py) agrees with the engine."""

import importlib.util

import pytest

from conftest import ROOT

TRIALS = 50_000
SEED = 11


def _peer_module():
    spec = importlib.util.spec_from_file_location("numpy_peer", ROOT / "bench" / "numpy_peer.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def peer():
    return _peer_module()


@pytest.fixture(scope="module")
def engine(peer):
    return peer.engine(peer.SCENARIO, TRIALS, SEED)


def test_peer_agrees_with_engine(peer, engine):
    ours = peer.summarise(peer.simulate(peer.load(), TRIALS, SEED))
    z = peer.z_scores(ours, engine)
    assert set(z) == set(peer.METRICS)
    # Every metric is far from trivial, so agreement says something.
    for name, (mean, se) in ours.items():
        assert mean > 1.0 and se > 0, name
    assert all(abs(v) < 5 for v in z.values()), z


def test_a_changed_parameter_is_detected(peer, engine):
    # Reliability 0.9 -> 0.85: craters and aircraft lost move by some 35 standard errors.
    params = peer.load()
    params["reliability"] = 0.85
    z = peer.z_scores(peer.summarise(peer.simulate(params, TRIALS, SEED)), engine)
    assert max(abs(v) for v in z.values()) > 5, z


def test_command_line(peer, capsys):
    assert peer.main(["--trials", "2000", "--machine", "--no-engine"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("rate 2000 ")
    assert sorted(line.split()[1] for line in lines[1:]) == sorted(peer.METRICS)
