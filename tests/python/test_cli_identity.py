"""contested.run and `contested run` are the same engine: identical files and histograms."""

import subprocess

import pytest

import contested
from conftest import AIRBASES, ROOT, SUSTAINMENT, assert_same_distributions


@pytest.mark.parametrize(
    "scenario, posture, trials, seed, days",
    [
        (SUSTAINMENT, None, 3000, 7, None),
        (SUSTAINMENT, "federated", 2000, 11, 20),
        (AIRBASES, None, 600, 3, None),
    ],
)
def test_run_matches_cli(cli, tmp_path, scenario, posture, trials, seed, days):
    out = tmp_path / "cli.h5"
    cmd = [cli, "run", str(scenario), "--trials", str(trials), "--seed", str(seed),
           "--backend", "cpu", "--quiet", "--out", str(out)]
    if posture:
        cmd += ["--posture", posture]
    if days:
        cmd += ["--days", str(days)]
    subprocess.run(cmd, check=True, capture_output=True, text=True)
    from_cli = contested.load(out)

    r = contested.run(scenario, trials=trials, seed=seed, days=days, posture=posture,
                      backend="cpu", progress=False)
    assert_same_distributions(r, from_cli)
    for key in ("seed", "trials", "days", "scenario_sha256", "scenario_name", "scenario_path",
                "posture", "scenario_text", "engine_version", "backend"):
        assert r.provenance[key] == from_cli.provenance[key], key
    # The summaries print the same numbers (the device line names the same CPU).
    assert r.summary() == from_cli.summary()


def test_threads_and_chunks_do_not_change_results():
    a = contested.run(SUSTAINMENT, trials=1500, seed=5, backend="cpu", progress=False,
                      threads=1, chunk=100)
    b = contested.run(SUSTAINMENT, trials=1500, seed=5, backend="cpu", progress=False)
    assert_same_distributions(a, b)


def test_cli_info_reads_python_saved_file(cli, tmp_path):
    r = contested.run(SUSTAINMENT, trials=500, seed=2, progress=False)
    path = r.save(tmp_path / "py.h5")
    info = subprocess.run([cli, "info", str(path)], check=True, capture_output=True, text=True)
    assert info.stdout == r.summary()


def test_full_theatre_with_a_posture_file_matches_cli(cli, tmp_path):
    scenario = ROOT / "configs" / "indo_pacific.yaml"
    posture = ROOT / "configs" / "postures" / "hardened.yaml"
    if not (scenario.is_file() and posture.is_file()):
        pytest.skip("no full theatre in this checkout")
    out = tmp_path / "cli.h5"
    subprocess.run([cli, "run", str(scenario), "--posture", str(posture), "--trials", "300",
                    "--seed", "4", "--backend", "cpu", "--quiet", "--out", str(out)],
                   check=True, capture_output=True, text=True)
    r = contested.run(scenario, posture=posture, trials=300, seed=4, backend="cpu",
                      progress=False)
    from_cli = contested.load(out)
    assert r.postures == from_cli.postures == ["hardened"]
    assert_same_distributions(r, from_cli)
    assert r.provenance["scenario_sha256"] == from_cli.provenance["scenario_sha256"]
