"""Pictures of what the model says (matplotlib; nothing is downloaded at run time).

- :func:`fan_chart`: a daily metric over the campaign, quantile bands and the median, one
  colour per posture;
- :func:`exceedance`: P(X >= x) of an outcome (or of a metric on one day), per posture;
- :func:`posture_comparison`: each posture's mean minus the reference's, with confidence
  intervals (:meth:`contested.Results.compare`);
- :func:`theatre_map`: bases, ports and yards coloured by a risk measure, with missile range
  rings from the launch areas.

Every function takes a :class:`contested.Results` and an optional matplotlib ``ax`` and
returns the axes it drew on.
"""

import math

import matplotlib.pyplot as plt
import numpy as np
from matplotlib import cm, colors

from . import _core
from ._errors import ScenarioError

_EARTH_RADIUS_KM = 6371.0  # as the scenario loader's great-circle distances


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
):
    """A daily metric over the campaign: for each posture a line at the median and shaded
    bands between quantiles (by default the middle 90 % and the middle 50 % of trials).

    ``mean=True`` adds the mean as a dashed line. Day d is the state at the end of day d.
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4.5))
    names = _postures(results, postures)
    for i, posture in enumerate(names):
        d = results.metric(metric, node=node, posture=posture)
        days = d.days
        colour = _colour(i)
        for k, (lo, hi) in enumerate(bands):
            q = d.quantile([lo, hi])
            ax.fill_between(
                days,
                q[0],
                q[1],
                color=colour,
                alpha=0.12 + 0.12 * k,
                linewidth=0,
                step=None,
                label=f"{posture}: {lo:.0%}-{hi:.0%}" if len(names) == 1 else None,
            )
        # Postures that agree draw on top of each other: a line style each keeps all visible.
        style = ["-", "--", ":", "-."][i % 4] if len(names) > 1 else "-"
        ax.plot(days, d.quantile(0.5), color=colour, linewidth=2, linestyle=style,
                label=f"{posture} (median)" if len(names) > 1 else "median")
        if mean:
            ax.plot(days, d.mean, color=colour, linewidth=1, linestyle="--",
                    label=f"{posture} (mean)" if len(names) > 1 else "mean")
    ax.set_xlabel("day of campaign")
    ax.set_ylabel(_label(metric, node))
    ax.set_xlim(0, results.days)
    band_text = ", ".join(f"{lo:.0%}-{hi:.0%}" for lo, hi in bands)
    ax.set_title(title or f"{_label(metric, node)}: median and {band_text} of trials")
    ax.grid(True, alpha=0.3)
    ax.legend(loc="best", fontsize="small")
    return ax


# ---- exceedance ---------------------------------------------------------------------------


def exceedance(results, name, postures=None, day=None, node=None, logy=False, ax=None,
               title=None):
    """The exceedance curve P(X >= x) of an outcome (one value per trial), or of a daily
    metric on ``day`` (default: the last day), one step line per posture."""
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 4.5))
    is_outcome = name in results.outcomes and day is None and node is None
    for i, posture in enumerate(_postures(results, postures)):
        if is_outcome:
            d = results.outcome(name, posture=posture)
            values, prob = d.exceedance()
        else:
            d = results.metric(name, node=node, posture=posture)
            row = results.days if day is None else day
            values, prob = d.exceedance()
            prob = prob[row]
        used = np.nonzero(d.histogram.reshape(-1, d.bins).any(axis=0))[0]
        last = int(used[-1]) + 1 if used.size else 1
        x = np.append(values[:last], values[last - 1] + d.bin_width)
        y = np.append(prob[:last], 0.0)
        ax.step(x, y, where="post", color=_colour(i), linewidth=2, label=posture)
    what = _label(name, node) + ("" if is_outcome else f" on day {results.days if day is None else day}")
    ax.set_xlabel(what)
    ax.set_ylabel("P(value >= x)")
    if logy:
        ax.set_yscale("log")
    else:
        ax.set_ylim(0, 1.02)
    ax.set_title(title or f"Exceedance: {what}")
    ax.grid(True, alpha=0.3)
    ax.legend(loc="best", fontsize="small")
    return ax


# ---- posture comparison -------------------------------------------------------------------


def posture_comparison(results, names, reference=None, day=None, node=None, confidence=0.95,
                       relative=False, ax=None, title=None):
    """Each posture's mean minus the reference posture's, with ``confidence`` intervals
    (:meth:`contested.Results.compare`), for one or several metrics/outcomes.

    Without ``ax``, each measure gets its own panel (its own units and scale), stacked; the
    axes are returned as an array. With ``ax``, every measure goes on that one axis: give
    ``relative=True`` then, to show differences as a percentage of the reference's mean
    (a measure whose reference mean is 0 has no percentage and is labelled so).

    Results of a sweep (:func:`contested.sweep`, or a sweep's file) show the engine's exact
    paired intervals, each run against its own reference run (``reference=None``) or against
    ``reference`` where that is its reference; otherwise the intervals use each run's standard
    deviation and leave out the positive correlation that common random numbers create
    between postures, so they are conservative (wider than exact paired intervals). The axis
    label says which ("paired" or "unpaired, conservative").
    """
    if isinstance(names, str):
        names = [names]
    if reference is None and not results.paired:
        reference = results.postures[0]
    tables = [results.compare(name, reference=reference, node=node, day=day,
                              confidence=confidence) for name in names]
    others = [p for p in tables[0].index if tables[0].loc[p, "reference"] != p]
    if not others:
        raise ValueError("posture_comparison needs results with at least two postures")
    shown = tables[0].attrs["reference"] if reference is None else reference
    kinds = {t.attrs["interval"] for t in tables}
    interval = ("paired" if kinds == {"paired"} else "unpaired, conservative"
                if kinds == {"unpaired"} else "paired where available, else unpaired")
    unit = "% of the reference mean" if relative else "difference of means"
    xlabel = f"posture minus {shown} ({unit}), {confidence:.0%} CI ({interval})"
    if ax is None:
        height = 0.5 + 0.35 * len(others)
        fig, axes = plt.subplots(len(names), 1, figsize=(8, 0.8 + height * len(names)),
                                 layout="constrained", squeeze=False)
        axes = axes[:, 0]
        for panel, name, table in zip(axes, names, tables):
            _comparison(panel, [(name, table)], others, node, relative)
            panel.set_title(_measure_title(name, node, table), fontsize="medium", loc="left")
        axes[-1].set_xlabel(xlabel)
        fig.suptitle(title or f"Postures against {shown}")
        return axes if len(axes) > 1 else axes[0]
    _comparison(ax, list(zip(names, tables)), others, node, relative, name_in_label=True)
    ax.set_xlabel(xlabel)
    ax.set_title(title or f"Postures against {shown}")
    return ax


def _measure_title(name, node, table):
    where = f", day {table.attrs['day']}" if table.attrs["day"] is not None else ""
    return f"{_label(name, node)}{where}"


def _comparison(ax, named_tables, others, node, relative, name_in_label=False):
    ticks, labels = [], []
    y = 0.0
    for name, table in named_tables:
        for p_i, posture in enumerate(others):
            row = table.loc[posture]
            scale = 1.0
            if relative:
                base = table.loc[row["reference"], "mean"]
                scale = 100.0 / abs(base) if base else float("nan")
            label = f"{_measure_title(name, node, table)}: {posture}" if name_in_label else posture
            if math.isfinite(scale):
                diff = row["difference"] * scale
                low = (row["difference"] - row["ci_low"]) * scale
                high = (row["ci_high"] - row["difference"]) * scale
                ax.errorbar(diff, y, xerr=[[low], [high]], fmt="o", color=_colour(p_i + 1),
                            capsize=4)
            else:
                label += " (reference mean 0)"
            ticks.append(y)
            labels.append(label)
            y -= 1.0
        y -= 0.5
    ax.axvline(0.0, color="black", linewidth=1)
    ax.set_yticks(ticks)
    ax.set_yticklabels(labels, fontsize="small")
    ax.set_ylim(y + 0.5 - 0.5, 0.5)
    ax.grid(True, axis="x", alpha=0.3)


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
    """The scenario as run (nodes present under the posture), from the text in the results."""
    text = results.scenario_text
    try:
        return _core.load_scenario_text(text, "<results>", posture or "")
    except ScenarioError:
        # A posture from a posture file is not in the text; the places are the same.
        return _core.load_scenario_text(text, "<results>", "")


def _missile_ranges(scenario_text):
    """{missile id: (range_km, [launch site ids])} from the scenario text (the compiled
    scenario keeps neither)."""
    import yaml

    try:
        doc = yaml.safe_load(scenario_text) or {}
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
    """{node: value} for a per-node outcome family or a per-node daily metric."""
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

    values = {}
    for node in node_ids:
        d = results.node_outcome(measure, node, posture=posture)
        if d is not None:
            values[node] = reduce(d)
            continue
        if measure in results.node_metrics(node):
            d = results.metric(measure, node=node, posture=posture)
            values[node] = reduce(d, results.days if day is None else day)
    if not values:
        families = sorted({o[: -len(n) - 1] for o in results.outcomes for n in results.nodes
                           if o.endswith("_" + n)})
        node_metrics = sorted({m for n in results.nodes for m in results.node_metrics(n)})
        raise KeyError(
            f"{measure!r} is neither a per-node outcome family ({', '.join(families)}) nor a "
            f"per-node metric ({', '.join(node_metrics)})"
        )
    return values


def theatre_map(results, measure="aircraft_lost_ground", posture=None, stat="mean",
                day=None, missiles=None, rings=True, labels=True, cmap="OrRd", coastlines=None,
                ax=None, title=None, label=None, extent="measured"):
    """Bases, ports, depots, yards and factories where the scenario puts them, coloured by a
    risk measure, with missile range rings drawn from the launch areas.

    ``measure`` is a per-node outcome family (``days_strip_denied_fighter``,
    ``aircraft_lost_ground``, ``day_interceptors_exhausted``: outcomes named
    ``<family>_<node>``) or a per-node daily metric (``craters_open``, ``docks_standing``,
    ``repair_queue``, ``munitions_<item>``, ... on ``day``, default the last day).
    ``stat`` reduces each node's distribution: ``"mean"``, ``"std"``, a probability for a
    quantile, or a function of the :class:`contested.Distribution`. Nodes without the
    measure are drawn hollow.

    ``missiles`` picks the missile classes whose rings are drawn (default: all); each
    class's ring is its ``range_km`` around each of its launch areas. The map is a plain
    longitude/latitude plot (equirectangular, aspect corrected at the map's mid-latitude):
    nothing is downloaded, so there are no coastlines unless ``coastlines`` gives them, as
    an iterable of (lons, lats) line arrays (from a shapefile you have, for instance).
    ``extent`` frames the map: ``"measured"`` (default) the nodes that have the measure and
    the launch areas, ``"all"`` every node, or ``(lon_min, lon_max, lat_min, lat_max)``.
    ``label`` names the colour bar (default: the stat and the measure); ``labels`` is
    True (name every node), ``"measured"`` (only nodes with a value) or False.
    """
    scenario = _scenario_for_map(results, posture)
    node_ids = list(scenario.node_ids)
    kinds = list(scenario.node_kinds)
    node_ll = np.array(scenario.node_locations, dtype=float).reshape(-1, 2)
    site_ids = list(scenario.launch_site_ids)
    site_ll = np.array(scenario.launch_site_locations, dtype=float).reshape(-1, 2)
    values = _node_values(results, measure, posture, stat, day, node_ids)

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

    if coastlines is not None:
        for lons, lats in coastlines:
            ax.plot(_unwrap(lons, centre), lats, color="#8a8a8a", linewidth=0.6, zorder=1)

    # Missile range rings from each launch area of each class.
    ranges = _missile_ranges(results.scenario_text)
    chosen = list(ranges) if missiles is None else [m for m in missiles if m in ranges]
    if rings:
        site_index = {s: i for i, s in enumerate(site_ids)}
        for k, missile in enumerate(chosen):
            radius, sites = ranges[missile]
            colour = plt.get_cmap("tab10")((k + 3) % 10)
            for j, site in enumerate(sites):
                if site not in site_index:
                    continue
                lat, lon = site_ll[site_index[site]]
                lats, lons = _ring(lat, lon, radius)
                ax.plot(_unwrap(lons, centre), lats, color=colour, linewidth=1, alpha=0.7,
                        linestyle="--", zorder=2,
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
    if labels:  # True: every node; "measured": only the nodes with a value
        placed = []  # nodes already labelled: a neighbour's label goes below theirs
        for i, node in enumerate(node_ids):
            measured = node in values and np.isfinite(values[node])
            if labels == "measured" and not measured:
                continue
            text = node + (f"\n{values[node]:.3g}" if measured else "")
            near = sum(1 for lon, lat in placed
                       if abs(lon - node_lon[i]) < 1.0 and abs(lat - node_ll[i, 0]) < 1.0)
            placed.append((node_lon[i], node_ll[i, 0]))
            ax.annotate(text, (node_lon[i], node_ll[i, 0]), xytext=(6, 4 - 20 * near),
                        textcoords="offset points", fontsize=7, zorder=6)

    stat_name = stat if isinstance(stat, str) else (
        f"{float(stat) * 100:g}th percentile" if isinstance(stat, (int, float)) else "value")
    when = ""
    if not any(results.node_outcome(measure, n, posture=posture) is not None for n in node_ids):
        when = f", day {results.days if day is None else day}"
    bar = plt.colorbar(cm.ScalarMappable(norm=norm, cmap=colormap), ax=ax, shrink=0.7, pad=0.02)
    bar.set_label(label or f"{stat_name} of {_label(measure)}{when}")

    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect(1.0 / max(0.05, math.cos(math.radians(0.5 * (ylim[0] + ylim[1])))))
    ticks = ax.get_xticks()
    ax.set_xticks(ticks)
    ax.set_xticklabels([_lon_label(t) for t in ticks])
    ax.set_xlim(*xlim)
    ax.set_xlabel("longitude")
    ax.set_ylabel("latitude")
    ax.grid(True, color="white", linewidth=1)
    name = results.scenario_name
    shown = posture or results.postures[0]
    ax.set_title(title or f"{name} ({shown}): {stat_name} of {_label(measure)}{when}")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=3, fontsize="x-small",
              framealpha=0.85)
    return ax


def _lon_label(lon):
    lon = (lon + 180.0) % 360.0 - 180.0
    if abs(lon) < 1e-9 or abs(abs(lon) - 180.0) < 1e-9:
        return f"{abs(lon):.0f}°"
    return f"{abs(lon):.0f}°{'E' if lon > 0 else 'W'}"
