"""contested.plot: what a figure shows, not only that one is drawn. Every figure says what
produced it and in which units; a first day is read as the chance it has come by day d; the
theatre map has coastlines, labels that do not overlap and only the rings asked for."""

import itertools

import numpy as np
import pytest
import yaml

import contested

from conftest import ROOT, SUSTAINMENT

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after the backend is chosen)
from matplotlib.collections import PolyCollection  # noqa: E402
from matplotlib.text import Text  # noqa: E402

# basemap's compiled module was built against an older numpy header; numpy silences the
# resulting "size changed" warning itself, but pytest's warning capture lifts that filter.
pytestmark = pytest.mark.filterwarnings("ignore:numpy.ndarray size changed")

INDO_PACIFIC = ROOT / "configs" / "indo_pacific.yaml"
TRIALS = 300
SEED = 7


@pytest.fixture(scope="module")
def two_postures():
    return contested.run(SUSTAINMENT, trials=TRIALS, seed=SEED,
                         posture=["baseline", "federated"], progress=False)


@pytest.fixture(scope="module")
def theatre():
    return contested.run(INDO_PACIFIC, trials=200, seed=SEED, progress=False)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def _caption_of(results):
    return f"{results.provenance['trials']:,} trials · seed {results.provenance['seed']}"


def _all_text(fig):
    return "\n".join(t.get_text() for t in fig.findobj(Text))


# ---- fan chart ----------------------------------------------------------------------------


def test_fan_chart_starts_at_zero_and_states_units_and_caption(two_postures):
    one = two_postures.select("baseline")
    ax = contested.plot.fan_chart(one, "munitions_aim120", node="airbase")
    d = one.metric("munitions_aim120", node="airbase")
    assert ax.get_ylim()[0] == 0
    assert f"[{d.units}]" in ax.get_ylabel()
    assert d.long_name in ax.get_ylabel().replace("\n", " ")
    assert "sustainment" in ax.get_xlabel() and "300 trials · seed 7" in ax.get_xlabel()
    assert f"contested {contested.__version__}" in ax.get_xlabel()
    # One posture: both default bands, shaded.
    assert sum(isinstance(c, PolyCollection) for c in ax.collections) == 2


def test_fan_chart_of_several_postures_keeps_them_apart(two_postures):
    ax = contested.plot.fan_chart(two_postures, "sorties")
    # No shading to blend: each posture's innermost band is outlined in its own style.
    assert not any(isinstance(c, PolyCollection) for c in ax.collections)
    medians = {line.get_label(): line for line in ax.lines if line.get_label().endswith("median")}
    assert sorted(medians) == ["baseline: median", "federated: median"]
    assert len({m.get_linestyle() for m in medians.values()}) == 2
    assert len({m.get_color() for m in medians.values()}) == 2
    labels = [line.get_label() for line in ax.lines]
    assert "baseline: 25%-75% of trials" in labels and not any("5%-95%" in x for x in labels)
    assert ax.get_ylim()[0] == 0 and "[sorties]" in ax.get_ylabel()


def test_fan_chart_panels_share_the_y_axis(two_postures):
    axes = contested.plot.fan_chart(two_postures, "sorties", panels=True)
    assert [a.get_title() for a in axes] == ["baseline", "federated"]
    assert axes[0].get_shared_y_axes().joined(axes[0], axes[1])
    assert all(a.get_ylim()[0] == 0 for a in axes)
    assert "[sorties]" in axes[0].get_ylabel()
    assert _caption_of(two_postures) in _all_text(axes[0].figure)
    with pytest.raises(ValueError, match="panels"):
        contested.plot.fan_chart(two_postures, "sorties", panels=True, ax=axes[0])


# ---- exceedance ---------------------------------------------------------------------------


@pytest.mark.parametrize("outcome", ["day_munition_exhausted_aim120",
                                     "day_munition_exhausted_pac3"])
def test_exceedance_of_a_first_day_is_the_chance_by_day_d(two_postures, outcome):
    ax = contested.plot.exceedance(two_postures, outcome, postures="federated")
    by_day = two_postures.outcome(outcome, posture="federated").by_day()
    (line,) = ax.lines
    np.testing.assert_array_equal(line.get_xdata(), by_day.days)
    np.testing.assert_array_equal(line.get_ydata(), by_day.probability)
    (legend,) = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == f"federated: never in {100 * by_day.p_never:.1f} %"
    assert ax.get_ylabel() == "P(by day d)"
    assert "[day]" in ax.get_xlabel() and _caption_of(two_postures) in ax.get_xlabel()
    assert ax.get_ylim() == (0, 1.02)


def test_exceedance_of_a_count_is_at_least_x(two_postures):
    ax = contested.plot.exceedance(two_postures, "aircraft_lost_ground")
    assert "≥" in ax.get_ylabel()
    assert "[aircraft]" in ax.get_xlabel() and _caption_of(two_postures) in ax.get_xlabel()
    assert ax.get_ylim() == (0, 1.02)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["baseline", "federated"]


def test_a_share_reads_0_or_100_percent_only_when_exact():
    share = contested.plot._share
    assert share(1.0) == "100.0 %" and share(0.0) == "0.0 %"
    assert share(0.9999) == "> 99.9 %" and share(0.0001) == "< 0.1 %"
    assert share(0.25) == "25.0 %"


# ---- posture comparison -------------------------------------------------------------------


def test_posture_comparison_panels_state_units(two_postures):
    axes = contested.plot.posture_comparison(
        two_postures, "sorties", outcomes=["aircraft_lost_ground", "day_munition_exhausted_pac3"])
    titles = [a.get_title(loc="left") for a in axes]
    assert "[sorties]" in titles[0] and "day 30" in titles[0]
    assert "[aircraft]" in titles[1]
    assert "[day]" in titles[2] and "(trials where it came)" in titles[2]
    assert _caption_of(two_postures) in _all_text(axes[0].figure)


def test_posture_comparison_on_one_axis_carries_the_caption(two_postures):
    _, ax = plt.subplots()
    contested.plot.posture_comparison(two_postures, outcomes="aircraft_lost_ground",
                                      relative=True, ax=ax)
    assert "[aircraft]" in ax.get_yticklabels()[0].get_text()
    assert _caption_of(two_postures) in ax.get_xlabel()


def test_posture_comparison_needs_a_measure(two_postures):
    with pytest.raises(ValueError, match="metrics=... or outcomes="):
        contested.plot.posture_comparison(two_postures)


# ---- theatre map --------------------------------------------------------------------------


def _rings(ax):
    return [line for line in ax.lines if (line.get_gid() or "").startswith("range-ring-")]


def _coastlines(ax):
    return [line for line in ax.lines if line.get_gid() == "coastline"]


def test_theatre_map_has_coastlines_units_caption_and_no_rings(theatre):
    ax = contested.plot.theatre_map(theatre)
    coast = _coastlines(ax)
    assert coast and all(line.get_color() == "#8a8a8a" for line in coast)
    # The theatre spans the dateline region: coastlines continue east of 180° (Hawaii's
    # islands lie near 200° in the map's unwrapped longitudes) and stay in the frame.
    x0, x1 = ax.get_xlim()
    lons = np.concatenate([line.get_xdata() for line in coast])
    assert lons.min() >= x0 - 1e-6 and lons.max() <= x1 + 1e-6
    assert not _rings(ax)
    bar = ax.figure.axes[-1]
    assert "[aircraft]" in bar.get_ylabel()
    assert _caption_of(theatre) in ax.get_xlabel()


def test_theatre_map_labels_do_not_overlap(theatre):
    ax = contested.plot.theatre_map(theatre, missiles="all")
    ax.figure.canvas.draw()
    texts = [t for t in ax.texts if t.get_text()]
    labelled = {t.get_text().split("\n")[0] for t in texts}
    measured = {n for n in theatre.nodes
                if theatre.node_outcome("aircraft_lost_ground", n) is not None}
    assert measured <= labelled  # the Japan-Korea cluster included: none left out
    boxes = [t.get_window_extent() for t in texts]
    overlapping = [(texts[i].get_text(), texts[j].get_text())
                   for i, j in itertools.combinations(range(len(boxes)), 2)
                   if boxes[i].overlaps(boxes[j])]
    assert overlapping == []


def test_labels_stay_apart_when_a_second_map_joins_the_figure(theatre):
    # The first map's labels are placed before the second map takes its room and rescales
    # the first: they keep their spacing all the same.
    fig, (left, right) = plt.subplots(1, 2, figsize=(18, 8), layout="constrained")
    contested.plot.theatre_map(theatre, "days_strip_denied_fighter", ax=left, labels="measured")
    contested.plot.theatre_map(theatre, ax=right, labels="measured")
    fig.canvas.draw()
    boxes = [t.get_window_extent() for t in left.texts if t.get_text()]
    assert boxes
    assert not any(a.overlaps(b) for a, b in itertools.combinations(boxes, 2))


def test_theatre_map_draws_only_the_rings_asked_for(theatre):
    doc = yaml.safe_load(theatre.scenario_text)
    classes = {m["id"]: m["launch_sites"] for m in doc["missiles"]}
    ax = contested.plot.theatre_map(theatre, missiles=["df26"], labels=False)
    rings = _rings(ax)
    assert {line.get_gid() for line in rings} == {"range-ring-df26"}
    assert len(rings) == len(classes["df26"])
    ax = contested.plot.theatre_map(theatre, missiles="all", labels=False)
    assert {line.get_gid() for line in _rings(ax)} == {f"range-ring-{m}" for m in classes}
    with pytest.raises(KeyError, match="df99"):
        contested.plot.theatre_map(theatre, missiles=["df99"], labels=False)


def test_theatre_map_coastlines_off_or_given(theatre):
    ax = contested.plot.theatre_map(theatre, coastlines=False, labels=False)
    assert not _coastlines(ax)
    shore = (np.array([120.0, 125.0, 130.0]), np.array([20.0, 22.0, 21.0]))
    ax = contested.plot.theatre_map(theatre, coastlines=[shore], labels=False)
    (line,) = _coastlines(ax)
    np.testing.assert_array_equal(line.get_ydata(), shore[1])
