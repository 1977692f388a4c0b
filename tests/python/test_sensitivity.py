"""Uncertain inputs and variance-based sensitivity from Python: contested.run of a posture
with ``uncertain:`` records what it drew, point=True is the plain run, results do not depend
on threads, contested.sensitivity gives the CLI's design and indices, and the plots draw."""

import math
import subprocess

import numpy as np
import pytest
import yaml

import contested
from conftest import SINGLE_BASE, assert_same_distributions

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after the backend is chosen)
from matplotlib.collections import PolyCollection  # noqa: E402

# single_base.yaml writes cep_m 20 and inventory 60 for its one missile class.
POSTURE = {
    "id": "unsure",
    "uncertain": {
        "missiles.srbm.cep_m": {"uniform": {"low": 10, "high": 60}},
        "missiles.srbm.inventory": {"triangular": {"low": 30, "mode": 60, "high": 90},
                                    "round": True},
    },
}
RANGES = {"missiles.srbm.cep_m": (10, 60), "missiles.srbm.inventory": (30, 90)}
POINT = {"missiles.srbm.cep_m": 20.0, "missiles.srbm.inventory": 60.0}
OUTPUTS = ["aircraft_lost_ground", "sorties:5"]


@pytest.fixture(scope="module")
def posture_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("postures") / "unsure.yaml"
    path.write_text(yaml.safe_dump(POSTURE, sort_keys=False))
    return path


@pytest.fixture(scope="module")
def uncertain(posture_file):
    return contested.run(SINGLE_BASE, trials=400, seed=5, posture=posture_file,
                         trials_per_sample=10, backend="cpu", progress=False)


@pytest.fixture(scope="module")
def point(posture_file):
    return contested.run(SINGLE_BASE, trials=400, seed=5, posture=posture_file, point=True,
                         backend="cpu", progress=False)


@pytest.fixture(scope="module")
def study(posture_file):
    return contested.sensitivity(SINGLE_BASE, posture=posture_file, outputs=OUTPUTS, rows=8,
                                 trials=20, seed=3, backend="cpu", progress=False)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


# ---- contested.run with uncertain inputs ---------------------------------------------------


def test_the_posture_file_validates(cli, posture_file):
    done = subprocess.run([cli, "validate", str(SINGLE_BASE), "--posture", str(posture_file)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_uncertain_run_records_every_sample(uncertain):
    u = uncertain.uncertain
    assert u is not None
    assert u["paths"] == uncertain.uncertain_of("unsure")["paths"]
    assert uncertain.postures == ["unsure"]
    assert u["paths"] == list(RANGES)
    assert u["point"] == [POINT[p] for p in RANGES]
    assert u["trials_per_sample"] == 10
    assert "uniform" in u["distributions"][0] and "triangular" in u["distributions"][1]
    values = u["values"]
    assert isinstance(values, np.ndarray) and values.shape == (40, 2)  # 400 trials / 10
    for column, (low, high) in enumerate(RANGES.values()):
        assert (values[:, column] >= low).all() and (values[:, column] <= high).all()
        assert len(np.unique(values[:, column])) > 5  # drawn, not the point value
    inventory = values[:, 1]
    np.testing.assert_array_equal(inventory, np.round(inventory))  # round: true


def test_one_sample_a_trial_by_default(posture_file):
    r = contested.run(SINGLE_BASE, trials=50, seed=5, posture=posture_file, progress=False)
    assert r.uncertain["trials_per_sample"] == 1
    assert r.uncertain["values"].shape == (50, 2)


def test_the_inputs_widen_the_outcome(uncertain, point):
    # A CEP from 10 to 60 m and 30 to 90 missiles spread the losses on the ramp further than
    # the trials' own randomness at the point values.
    lost_u = uncertain.outcome("aircraft_lost_ground")
    lost_p = point.outcome("aircraft_lost_ground")
    assert lost_u.std > lost_p.std


def test_point_run_is_the_plain_run(tmp_path, point):
    plain = tmp_path / "plain.yaml"
    plain.write_text(yaml.safe_dump({"id": "unsure"}))
    r = contested.run(SINGLE_BASE, trials=400, seed=5, posture=plain, backend="cpu",
                      progress=False)
    assert point.uncertain is None
    assert point.postures == ["unsure"]
    assert_same_distributions(point, r)


def test_inputs_drawn_at_their_point_values_give_the_point_run(tmp_path, point):
    # Common random numbers: trial t meets the same draws whether its inputs were sampled or
    # written, so a distribution that can only give the point values reproduces the point run.
    fixed = tmp_path / "fixed.yaml"
    fixed.write_text(yaml.safe_dump({"id": "unsure", "uncertain": {
        path: {"choice": {"values": [value], "weights": [1]}}
        for path, value in POINT.items()}}))
    r = contested.run(SINGLE_BASE, trials=400, seed=5, posture=fixed, trials_per_sample=3,
                      backend="cpu", progress=False)
    assert (r.uncertain["values"] == [POINT[p] for p in r.uncertain["paths"]]).all()
    assert_same_distributions(point, r)


@pytest.mark.parametrize("chunk", [0, 64])
def test_uncertain_run_does_not_depend_on_threads(posture_file, chunk):
    args = dict(trials=300, seed=9, posture=posture_file, trials_per_sample=7, backend="cpu",
                progress=False)
    one = contested.run(SINGLE_BASE, threads=1, **args)
    two = contested.run(SINGLE_BASE, threads=2, chunk=chunk, **args)
    assert_same_distributions(one, two)
    np.testing.assert_array_equal(one.uncertain["values"], two.uncertain["values"])
    assert one.uncertain["values"].shape == (43, 2)  # ceil(300 / 7)
    for name in ("aircraft_lost_ground", "sorties_lost_strip"):
        if name in one.outcomes:
            assert one.outcome(name).mean == two.outcome(name).mean


def test_uncertain_run_matches_cli(cli, tmp_path, posture_file, uncertain):
    out = tmp_path / "cli.h5"
    subprocess.run([cli, "run", str(SINGLE_BASE), "--posture", str(posture_file),
                    "--trials", "400", "--seed", "5", "--trials-per-sample", "10",
                    "--backend", "cpu", "--quiet", "--out", str(out)],
                   check=True, capture_output=True, text=True)
    from_cli = contested.load(out)
    assert_same_distributions(uncertain, from_cli)
    np.testing.assert_array_equal(uncertain.uncertain["values"], from_cli.uncertain["values"])
    assert from_cli.uncertain["paths"] == uncertain.uncertain["paths"]


def test_uncertain_record_survives_save_and_load(tmp_path, uncertain):
    again = contested.load(uncertain.save(tmp_path / "u.h5"))
    assert_same_distributions(uncertain, again)
    for key in ("paths", "distributions", "point", "trials_per_sample"):
        assert again.uncertain[key] == uncertain.uncertain[key], key
    np.testing.assert_array_equal(again.uncertain["values"], uncertain.uncertain["values"])


def test_scenario_as_text_or_dict_with_an_uncertain_posture(posture_file, uncertain):
    text = SINGLE_BASE.read_text()
    for scenario in (text, yaml.safe_load(text)):
        r = contested.run(scenario, trials=400, seed=5, posture=posture_file,
                          trials_per_sample=10, backend="cpu", progress=False)
        assert_same_distributions(uncertain, r)
        np.testing.assert_array_equal(r.uncertain["values"], uncertain.uncertain["values"])


def test_uncertain_postures_run_alone_unless_point(posture_file):
    with pytest.raises(ValueError, match="one at a time"):
        contested.run(SINGLE_BASE, trials=10, posture=["baseline", posture_file],
                      progress=False)
    both = contested.run(SINGLE_BASE, trials=10, posture=["baseline", posture_file],
                         point=True, progress=False)
    assert both.postures == ["baseline", "unsure"]
    assert both.uncertain_of("unsure") is None


def test_bad_trials_per_sample(posture_file):
    with pytest.raises(ValueError, match="trials_per_sample"):
        contested.run(SINGLE_BASE, trials=10, posture=posture_file, trials_per_sample=0,
                      progress=False)
    with pytest.raises(TypeError, match="trials_per_sample"):
        contested.run(SINGLE_BASE, trials=10, posture=posture_file, trials_per_sample=1.5,
                      progress=False)


def test_plain_runs_record_no_inputs():
    r = contested.run(SINGLE_BASE, trials=20, progress=False)
    assert r.uncertain is None


# ---- contested.sensitivity -----------------------------------------------------------------


def test_sensitivity_shapes(study):
    k, m, rows = 2, len(OUTPUTS), 8
    assert isinstance(study, contested.Sensitivity)
    assert study.inputs == list(RANGES)
    assert study.outputs == OUTPUTS
    assert study.rows == rows and study.resamples == 1000
    assert study.design.shape == (rows * (k + 2), k)
    assert study.values.shape == (rows * (k + 2), m)
    for name in ("first", "first_low", "first_high", "total", "total_low", "total_high"):
        assert getattr(study, name).shape == (m, k), name
    assert len(study.mean) == m and len(study.variance) == m
    for column, (low, high) in enumerate(RANGES.values()):
        assert (study.design[:, column] >= low).all()
        assert (study.design[:, column] <= high).all()
    p = study.provenance
    assert p["trials"] == 20 and p["seed"] == 3 and p["posture"] == "unsure"
    # The CEP and the inventory both matter for losses on the ramp.
    assert np.isfinite(study.total).all() and (study.total_high >= study.total_low).all()


def test_sensitivity_table_and_frame(study):
    text = study.table()
    for name in list(RANGES) + OUTPUTS:
        assert name in text
    assert "unsure" in repr(study) and "rows=8" in repr(study)
    for output in (0, "sorties:5", -1):
        frame = study.frame(output)
        columns = frame if isinstance(frame, dict) else {c: list(frame[c]) for c in frame}
        assert list(columns) == ["input", "first", "first_low", "first_high", "total",
                                 "total_low", "total_high"]
        assert sorted(columns["input"]) == sorted(RANGES)
        assert columns["total"] == sorted(columns["total"], reverse=True)
    k = study.outputs.index("sorties:5")
    frame = study.frame("sorties:5")
    row = list(frame["input"]).index("missiles.srbm.cep_m")
    assert list(frame["first"])[row] == study.first[k, 0]
    with pytest.raises(KeyError, match="no output"):
        study.frame("sorties:9")


def test_sensitivity_save_and_load(tmp_path, study):
    path = study.save(tmp_path / "s.h5")
    with pytest.raises(FileExistsError):
        study.save(path)
    study.save(path, overwrite=True)
    again = contested.load_sensitivity(path)
    for name in ("inputs", "distributions", "outputs", "rows", "resamples", "mean", "variance"):
        assert getattr(again, name) == getattr(study, name), name
    for name in ("design", "values", "first", "first_low", "first_high", "total", "total_low",
                 "total_high"):
        np.testing.assert_array_equal(getattr(again, name), getattr(study, name))
    for key in ("seed", "trials", "days", "scenario_name", "scenario_sha256", "engine_version"):
        assert again.provenance[key] == study.provenance[key], key


def test_saved_sensitivity_keeps_its_posture(tmp_path, study):
    again = contested.load_sensitivity(study.save(tmp_path / "s.h5"))
    assert again.provenance["posture"] == "unsure"
    assert again.table() == study.table()


def test_sensitivity_out_writes_the_file(tmp_path, posture_file):
    out = tmp_path / "out.h5"
    s = contested.sensitivity(SINGLE_BASE, posture=posture_file, outputs="sorties", rows=4,
                              trials=5, out=out, progress=False)
    np.testing.assert_array_equal(contested.load_sensitivity(out).total, s.total)
    with pytest.raises(FileExistsError):
        contested.sensitivity(SINGLE_BASE, posture=posture_file, outputs="sorties", rows=4,
                              trials=5, out=out, progress=False)


def test_sensitivity_matches_cli(cli, tmp_path, posture_file, study):
    out = tmp_path / "cli.h5"
    subprocess.run([cli, "sensitivity", str(SINGLE_BASE), "--posture", str(posture_file),
                    "--outputs", ",".join(OUTPUTS), "--rows", "8", "-n", "20", "--seed", "3",
                    "--backend", "cpu", "--out", str(out)],
                   check=True, capture_output=True, text=True)
    from_cli = contested.load_sensitivity(out)
    for name in ("design", "values", "first", "first_low", "first_high", "total", "total_low",
                 "total_high"):
        np.testing.assert_array_equal(getattr(from_cli, name), getattr(study, name))


def test_sensitivity_does_not_depend_on_threads(posture_file, study):
    one = contested.sensitivity(SINGLE_BASE, posture=posture_file, outputs=OUTPUTS, rows=8,
                                trials=20, seed=3, backend="cpu", threads=1, progress=False)
    np.testing.assert_array_equal(one.values, study.values)
    np.testing.assert_array_equal(one.total, study.total)


def test_sensitivity_of_some_inputs(posture_file):
    calls = []
    s = contested.sensitivity(SINGLE_BASE, posture=posture_file, outputs=["sorties:3"],
                              inputs=["missiles.srbm.cep_m"], rows=4, trials=5,
                              progress=lambda done, total: calls.append((done, total)))
    assert s.inputs == ["missiles.srbm.cep_m"]
    assert s.design.shape == (4 * 3, 1) and s.total.shape == (1, 1)
    assert calls and calls[-1][0] == calls[-1][1]


@pytest.mark.parametrize("output, match", [
    ("no_such_thing", "no such metric or outcome"),
    ("sorties:99", "past the campaign"),
    ("sorties@nowhere:3", "no such metric or outcome"),
])
def test_bad_output_is_a_value_error(posture_file, output, match):
    with pytest.raises(ValueError, match=match):
        contested.sensitivity(SINGLE_BASE, posture=posture_file, outputs=[output], rows=4,
                              trials=5, progress=False)


def test_sensitivity_needs_uncertain_inputs(posture_file):
    with pytest.raises(ValueError, match="uncertain"):
        contested.sensitivity(SINGLE_BASE, posture="baseline", outputs=["sorties"], rows=4,
                              trials=5, progress=False)
    with pytest.raises(ValueError, match="not an uncertain input"):
        contested.sensitivity(SINGLE_BASE, posture=posture_file, outputs=["sorties"],
                              inputs=["missiles.srbm.speed_kmps"], rows=4, trials=5,
                              progress=False)
    with pytest.raises(ValueError, match="rows"):
        contested.sensitivity(SINGLE_BASE, posture=posture_file, outputs=["sorties"], rows=1,
                              trials=5, progress=False)


# ---- plots ---------------------------------------------------------------------------------


def test_plot_sensitivity(study):
    ax = contested.plot.sensitivity(study, "sorties:5")
    assert isinstance(ax, matplotlib.axes.Axes)
    assert "sorties:5" in ax.get_title()
    k = study.outputs.index("sorties:5")
    ranked = [study.inputs[i] for i in np.argsort(-study.total[k], kind="stable")]
    shown = [t.get_text() for t in ax.get_yticklabels()]
    assert shown == ranked  # largest total effect first, on top
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("first order" in x for x in labels) and any("total" in x for x in labels)
    assert ax.get_xlim()[1] >= 1.0
    assert "seed 3" in ax.get_xlabel() and "20 trials" in ax.get_xlabel()
    # The engine's own results draw too, as does the first output by default.
    ax = contested.plot.sensitivity(study._core)
    assert OUTPUTS[0] in ax.get_title()


def test_plot_uncertain_fan(uncertain, point):
    ax = contested.plot.uncertain_fan(uncertain, point, "sorties")
    assert isinstance(ax, matplotlib.axes.Axes)
    assert sum(isinstance(c, PolyCollection) for c in ax.collections) == 2
    labels = [line.get_label() for line in ax.lines]
    assert "uncertain inputs: median" in labels and "point values: median" in labels
    assert "point values: 5%-95% of trials" in labels
    assert ax.get_ylim()[0] == 0 and "[sorties]" in ax.get_ylabel()
    assert "2 uncertain inputs" in ax.get_title()
    assert "10 trials a sample" in ax.get_xlabel()
    ax = contested.plot.uncertain_fan(uncertain, point, "sorties", node="airbase")
    assert "airbase" in ax.get_title()
    with pytest.raises(ValueError, match="uncertain"):
        contested.plot.uncertain_fan(point, point, "sorties")


def test_plot_sensitivity_of_a_constant_output(tmp_path):
    # single_base's raids never deny the strip, so crater repair changes nothing: with the
    # same trials at every design point the output is the same everywhere, and has no indices.
    posture = tmp_path / "repair.yaml"
    posture.write_text(yaml.safe_dump({"id": "repair", "uncertain": {
        "nodes.airbase.repair.hours_per_crater": {"uniform": {"low": 1, "high": 6}}}}))
    s = contested.sensitivity(SINGLE_BASE, posture=posture, outputs=["aircraft_lost_ground"],
                              rows=4, trials=5, resamples=20, progress=False)
    assert s.variance[0] == 0 and np.isnan(s.total).all()
    frame = s.frame(0)
    assert list(frame["input"]) == ["nodes.airbase.repair.hours_per_crater"]
    ax = contested.plot.sensitivity(s)
    assert all(t.get_text().endswith("(n/a)") for t in ax.get_yticklabels())
    assert math.isfinite(ax.get_xlim()[0])
