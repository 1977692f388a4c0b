"""Results of a run: exact integer histograms per metric, per node and per posture.

Every number here comes from the engine (contested._core): histograms, sums, means,
standard deviations and quantiles are the C++ ``Distribution``'s own. Files are written and
read by the C++ writer and reader (results/results_h5.cpp), the same as the CLI's.
"""

import difflib
import os
import statistics
from collections import namedtuple

import numpy as np

from . import _core

Exceedance = namedtuple("Exceedance", ["values", "probability"])
Exceedance.__doc__ = """An exceedance curve: ``probability[..., i] = P(X >= values[i])``."""

ByDay = namedtuple("ByDay", ["days", "probability", "p_never"])
ByDay.__doc__ = """How soon a first day comes: ``probability[i] = P(it came on or before
days[i])`` over all trials; it never came in the other ``p_never`` of them."""


def _did_you_mean(word, choices):
    close = difflib.get_close_matches(word, list(choices), n=3)
    return f" (did you mean {', '.join(close)}?)" if close else ""


class Distribution:
    """One metric's (or outcome's) distribution across trials, for one posture.

    A daily metric has one row per day, ``0 .. days`` (row ``d`` is the state at the end of
    day ``d``, row 0 before any strike); an outcome has one value per trial and no day axis.

    Attributes
    ----------
    name, node, posture : str
        The metric, its node (None for theatre-wide) and the posture it was run under.
    is_outcome : bool
    histogram : numpy.ndarray of uint64
        Exact counts of trials, ``[days + 1, bins]`` (``[bins]`` for an outcome).
    values : numpy.ndarray of int64
        The value each bin starts at, ``bin_lo + i * bin_width`` (bins are one value wide
        unless a metric can take more than 4096 values).
    mean, std : numpy.ndarray of float64 (float for an outcome)
        Mean and population standard deviation across trials, per day.
    sum, sum_sq : numpy.ndarray of uint64
        The exact sums of the per-trial values and of their squares.
    trials : int
    zero_is_never : bool
        A first day (``first_day_*``, ``day_*_exhausted*``, ``day_exhausted_*``): 0 means it
        never came. ``mean``, ``std`` and ``quantile`` are then over the trials where it came
        (NaN if in none), ``never`` and ``p_never`` count the others, and :meth:`by_day`
        replaces :meth:`exceedance`.
    units, long_name : str
        What it measures (``"sorties"``, ``"sorties flown that day"``), as the results file's
        attributes.
    """

    def __init__(self, core, posture, is_outcome):
        self._core = core
        self.name = core.name
        self.node = core.node or None
        self.posture = posture
        self.is_outcome = is_outcome
        self.bin_lo = int(core.bin_lo)
        self.bin_width = int(core.bin_width)
        self.bins = int(core.bins)
        self.zero_is_never = bool(core.zero_is_never)
        self.units, self.long_name = _core.describe_measure(
            self.name, is_outcome, self.node is not None)
        self._cache = {}

    def _row_or_scalar(self, array):
        if self.is_outcome:
            return array[0].item() if array.ndim == 1 else array[..., 0]
        return array

    def _cached(self, key, compute):
        if key not in self._cache:
            value = compute()
            if isinstance(value, np.ndarray):
                value.flags.writeable = False
            self._cache[key] = value
        return self._cache[key]

    @property
    def histogram(self):
        return self._cached(
            "histogram",
            lambda: self._core.histogram[0] if self.is_outcome else self._core.histogram,
        )

    @property
    def values(self):
        return self._cached(
            "values",
            lambda: self.bin_lo + np.arange(self.bins, dtype=np.int64) * self.bin_width,
        )

    @property
    def days(self):
        """The day of each row, ``0 .. days`` (None for an outcome)."""
        return None if self.is_outcome else np.arange(self._core.rows)

    @property
    def trials(self):
        return int(self._core.trials()[0])

    @property
    def never(self):
        """Trials where it never came (0 unless ``zero_is_never``)."""
        return self._row_or_scalar(self._cached("never", self._core.never))

    @property
    def p_never(self):
        """The share of trials where it never came (0 unless ``zero_is_never``)."""
        return self._row_or_scalar(self._cached("p_never", self._core.p_never))

    @property
    def mean(self):
        return self._row_or_scalar(self._cached("mean", self._core.mean))

    @property
    def std(self):
        return self._row_or_scalar(self._cached("std", self._core.std))

    @property
    def sum(self):
        return self._row_or_scalar(self._cached("sum", lambda: self._core.sum))

    @property
    def sum_sq(self):
        return self._row_or_scalar(self._cached("sum_sq", lambda: self._core.sum_sq))

    def quantile(self, p):
        """The smallest value v with P(X <= v) >= p (the engine's quantile, exact for
        one-value bins, interpolated inside wider ones).

        ``p`` a number gives one value per day (a float for an outcome); ``p`` a sequence
        adds a leading axis of ``len(p)``.
        """
        scalar = np.ndim(p) == 0
        probabilities = np.atleast_1d(np.asarray(p, dtype=np.float64))
        if np.any((probabilities < 0) | (probabilities > 1)) or np.any(np.isnan(probabilities)):
            raise ValueError("quantile probabilities must lie in [0, 1]")
        q = self._core.quantiles(probabilities.tolist())  # [len(p), rows]
        if self.is_outcome:
            q = q[:, 0]
            return float(q[0]) if scalar else q
        return q[0] if scalar else q

    def exceedance(self):
        """``Exceedance(values, probability)`` with ``probability[..., i] = P(X >= values[i])``,
        per day for a daily metric. Exact: counts of trials at or above each bin's start.
        A first day (``zero_is_never``) has :meth:`by_day` instead."""
        if self.zero_is_never:
            raise ValueError(
                f"{self.name} is a first day (0: never); its risk is P(X <= d): use by_day()")
        hist = self.histogram.astype(np.float64)
        tail = np.flip(np.cumsum(np.flip(hist, axis=-1), axis=-1), axis=-1)
        total = hist.sum(axis=-1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            probability = tail / total
        return Exceedance(self.values, probability)

    def by_day(self):
        """``ByDay(days, probability, p_never)`` of a first-day outcome: ``probability[i] =
        P(it came on or before days[i])`` over all trials, days 1 .. the campaign's last;
        ``p_never`` the share where it never came. Exact: counts from the histogram."""
        if not self.zero_is_never:
            raise ValueError(f"{self.name} is not a first day; use exceedance()")
        hist = self.histogram.astype(np.float64)  # one-value bins from day 0 (never)
        total = hist.sum()
        with np.errstate(invalid="ignore", divide="ignore"):
            probability = np.cumsum(hist[1:]) / total
        return ByDay(self.values[1:], probability, float(self.p_never))

    def __repr__(self):
        where = f" @{self.node}" if self.node else ""
        kind = "outcome" if self.is_outcome else f"daily, {self._core.rows} rows"
        never = f", never in {self.p_never:.1%}" if self.zero_is_never else ""
        return (
            f"<contested.Distribution {self.name}{where} [{self.posture}] {kind}, "
            f"{self.bins} bins, {self.trials} trials{never}>"
        )


# What must agree for postures to be held and compared together (the rest of the provenance,
# such as the backend or a posture file's text after the scenario's, may differ).
_SHARED = ("seed", "trials", "days", "scenario_name")


class Results:
    """Results of a run under one or more postures (same scenario, seed and trials).

    Build one with :func:`contested.run` or :func:`contested.load`; combine runs of the
    same scenario with :meth:`Results.combine`.
    """

    def __init__(self, runs, _sweep=None):
        runs = list(runs)
        if not runs:
            raise ValueError("Results needs at least one run")
        first = runs[0].provenance
        self._runs = {}
        for core in runs:
            p = core.provenance
            for key in _SHARED:
                if p[key] != first[key]:
                    raise ValueError(
                        f"cannot hold postures with different {key} "
                        f"({first[key]!r} and {p[key]!r}) in one Results"
                    )
            if p["posture"] in self._runs:
                raise ValueError(f"posture {p['posture']!r} appears twice")
            self._runs[p["posture"]] = core
        self._summary_cache = {}
        # A sweep's runs (contested.sweep, or load of a sweep's file): each run's exact paired
        # comparison with its reference run, by run name.
        self._sweep = _sweep
        self._paired = {r.name: r for r in _sweep.runs} if _sweep is not None else {}

    def __reduce__(self):
        # Pickled as the bytes of the results file save() writes: exact histograms,
        # provenance and paired comparisons, whatever process or machine unpickles them.
        import tempfile

        with tempfile.TemporaryDirectory(prefix="contested-pickle-") as directory:
            path = os.path.join(directory, "results.h5")
            self.save(path)
            with open(path, "rb") as f:
                return _from_file_bytes, (f.read(),)

    @classmethod
    def from_sweep(cls, core):
        """The Results of a sweep (``contested._core.SweepResults``): one posture per run,
        with the runs' paired comparisons."""
        return cls([r.results for r in core.runs], _sweep=core)

    @property
    def paired(self):
        """Whether these results hold a sweep's exact paired comparisons."""
        return self._sweep is not None

    # ---- what is inside ----

    @classmethod
    def combine(cls, *results):
        """One Results holding the postures of several (same scenario, seed, trials, days)."""
        runs = []
        for r in results:
            runs.extend(r._runs.values())
        return cls(runs)

    @property
    def postures(self):
        """Posture ids, in run order; the first is the reference of :meth:`compare`."""
        return list(self._runs)

    def provenance_of(self, posture=None):
        """The provenance of one posture's run (as the HDF5 root attributes hold it)."""
        return dict(self._core(posture).provenance)

    @property
    def provenance(self):
        """Provenance of the first posture's run: seed, trials, days, backend, device,
        engine_version, created_utc, scenario_name, scenario_sha256, scenario_text, ..."""
        return self.provenance_of(None)

    def uncertain_of(self, posture=None):
        """The uncertain inputs a posture's run drew (:func:`contested.run` of a posture with
        ``uncertain:``), or None for a run without any: a dict of ``paths``,
        ``distributions`` (YAML text), ``point`` (the values the scenario writes),
        ``trials_per_sample`` and ``values``, a numpy array ``[sample, input]`` of every
        sample's values (sample ``s`` ran trials ``s * trials_per_sample`` onwards)."""
        return self._core(posture).uncertain

    @property
    def uncertain(self):
        """:meth:`uncertain_of` the first posture."""
        return self.uncertain_of(None)

    @property
    def scenario_name(self):
        return self.provenance["scenario_name"]

    @property
    def scenario_text(self):
        return self.provenance["scenario_text"]

    @property
    def trials(self):
        return int(self.provenance["trials"])

    @property
    def seed(self):
        return int(self.provenance["seed"])

    @property
    def days(self):
        return int(self.provenance["days"])

    def _names(self, kind):
        """[(name, node)] of every run's metrics or outcomes, in file order, without
        duplicates; read once (the engine's lists copy every histogram)."""
        key = "_names_" + kind
        if key not in self.__dict__:
            seen = {}
            for core in self._runs.values():
                for d in getattr(core, kind):
                    seen.setdefault((d.name, d.node), None)
            self.__dict__[key] = list(seen)
        return self.__dict__[key]

    @property
    def metrics(self):
        """Names of the daily metrics (theatre-wide or per node), in file order."""
        return list(dict.fromkeys(name for name, _ in self._names("metrics")))

    @property
    def outcomes(self):
        """Names of the per-trial outcomes, in file order."""
        return list(dict.fromkeys(name for name, _ in self._names("outcomes")))

    @property
    def nodes(self):
        """Node ids that have per-node metrics, in file order."""
        ids = []
        for core in self._runs.values():
            for n in core.nodes:
                if n not in ids:
                    ids.append(n)
        return ids

    def node_metrics(self, node):
        """Names of the daily metrics recorded at ``node``."""
        return [name for name, at in self._names("metrics") if at == node]

    def _core(self, posture):
        if posture is None:
            return next(iter(self._runs.values()))
        try:
            return self._runs[posture]
        except KeyError:
            raise KeyError(
                f"no posture {posture!r} in these results (postures: "
                f"{', '.join(self._runs)}){_did_you_mean(str(posture), self._runs)}"
            ) from None

    def _posture_id(self, posture):
        return self.postures[0] if posture is None else posture

    def metric(self, name, node=None, posture=None):
        """The :class:`Distribution` of daily metric ``name``: theatre-wide, or at ``node``;
        under ``posture`` (default: the first posture)."""
        core = self._core(posture)
        d = core.find_metric(name, node or "")
        if d is None:
            if node is None:
                names = [x.name for x in core.metrics if not x.node]
                where = "theatre-wide"
            else:
                names = [x.name for x in core.metrics if x.node == node]
                where = f"at node {node!r}" if names else f"at node {node!r} (no such node)"
                if not names:
                    names = core.nodes
            raise KeyError(f"no metric {name!r} {where}{_did_you_mean(name, names)}")
        return Distribution(d, self._posture_id(posture), False)

    def outcome(self, name, posture=None):
        """The :class:`Distribution` of per-trial outcome ``name`` (one value per trial)."""
        core = self._core(posture)
        d = core.find_outcome(name)
        if d is None:
            raise KeyError(
                f"no outcome {name!r}{_did_you_mean(name, [x.name for x in core.outcomes])}"
            )
        return Distribution(d, self._posture_id(posture), True)

    def node_outcome(self, prefix, node, posture=None):
        """A per-node outcome by its family name: ``node_outcome("aircraft_lost_ground",
        "kadena")`` is outcome ``aircraft_lost_ground_kadena``. None when the node has none."""
        core = self._core(posture)
        d = core.find_outcome(f"{prefix}_{node}")
        if d is None or d.node != node:
            return None
        return Distribution(d, self._posture_id(posture), True)

    def select(self, posture):
        """The Results of one posture."""
        return Results([self._core(posture)])

    def __getitem__(self, posture):
        return self.select(posture)

    def __iter__(self):
        return iter(self.postures)

    def __len__(self):
        return len(self._runs)

    # ---- reading it ----

    def summary(self, posture=None):
        """The CLI's plain-text summary (``contested info``) of one posture."""
        return self._core(posture).summary()

    def __repr__(self):
        p = self.provenance
        return (
            f"<contested.Results '{p['scenario_name']}' postures={self.postures} "
            f"trials={p['trials']} days={p['days']} seed={p['seed']} backend={p['backend']}>"
        )

    def compare(self, metric=None, reference=None, node=None, day=None, confidence=0.95, *,
                outcome=None):
        """Each posture's mean against a reference posture's, with a confidence interval.

        Name exactly one measure: ``metric`` a daily metric (at ``day``, default the last day;
        theatre-wide or at ``node``), or ``outcome=`` a per-trial outcome (per-node outcomes
        name their node: ``aircraft_lost_ground_kadena``). Returns a pandas DataFrame with one
        row per posture: ``mean``, ``std``, ``trials`` (the trials they are over),
        ``p_never``, ``reference`` (the posture it is compared with), ``difference`` (posture
        minus reference), ``se`` (the standard error the interval uses), ``ci_low``,
        ``ci_high`` and ``paired``; ``attrs`` hold the measure, its ``units`` and
        ``long_name``, the day and the kind of interval.

        A first-day outcome (``zero_is_never``: ``day_munition_exhausted_<item>``, ...) compares
        the mean day over the trials where it came; ``p_never`` is the share where it never
        came (NaN for other measures), and its interval is unpaired (the trials counted
        differ between postures).

        Results of a sweep (:func:`contested.sweep`, or :func:`contested.load` of a sweep's
        file) and postures run together (:func:`contested.run` with a list) hold the engine's
        exact paired comparison of every run with its reference run (docs/sweeps.md): there
        ``difference``, ``se`` (``se_paired``) and, at 95 %, the interval are the engine's
        own, ``paired`` is True, and with ``reference=None`` every run is compared with its
        own reference run (reference runs come first in each pair and show 0).

        Otherwise (``paired`` False) the interval is ``difference +- z * sqrt(std_a**2/n_a +
        std_b**2/n_b)``, built from each run's own standard deviation. The postures ran with
        the same seed, so trial t shares its random numbers across them; leaving out the
        (usually positive) covariance makes this interval conservative: wider than the exact
        paired one. ``attrs["interval"]`` says which the table shows: ``"paired"``,
        ``"unpaired"`` or ``"mixed"``.
        """
        import pandas as pd

        if (metric is None) == (outcome is None):
            raise TypeError("compare() takes one measure: a metric name, or outcome=<name>")
        is_outcome = outcome is not None
        name = outcome if is_outcome else metric
        if is_outcome and (node is not None or day is not None):
            raise ValueError(f"outcome {name!r} has one value per trial: no node or day "
                             "(per-node outcomes carry the node in their name)")
        if not is_outcome and name not in self.metrics and name in self.outcomes:
            raise KeyError(f"{name!r} is an outcome, not a daily metric: compare(outcome={name!r})")
        if reference is not None or not self._paired:
            reference = self.postures[0] if reference is None else reference
            self._core(reference)
        if not 0 < confidence < 1:
            raise ValueError("confidence must lie strictly between 0 and 1")
        z = statistics.NormalDist().inv_cdf(0.5 + confidence / 2)
        row = None
        if not is_outcome:
            row = self.days if day is None else int(day)
            if not 0 <= row <= self.days:
                raise ValueError(f"day must be between 0 and {self.days}")

        def dist(posture):
            if is_outcome:
                return self.outcome(name, posture)
            return self.metric(name, node, posture)

        def stats(posture):
            d = dist(posture)
            r = 0 if is_outcome else row
            mean, std = np.atleast_1d(d.mean)[r], np.atleast_1d(d.std)[r]
            counted = d.trials - int(np.atleast_1d(d.never)[r])
            p_never = float(d.p_never) if d.zero_is_never else float("nan")
            return float(mean), float(std), counted, p_never

        def paired_difference(posture, ref):
            run = self._paired.get(posture)
            if run is None or not run.reference or run.reference != ref:
                return None
            if is_outcome:  # a per-node outcome (aircraft_lost_ground_<node>) names its node
                d = self._runs[posture].find_outcome(name)
                return run.find_comparison(name, d.node if d is not None else "", True)
            return run.find_comparison(name, node or "", False)

        if reference is None:  # a sweep: every run against its own reference run
            order = []
            for p in self.postures:
                ref = self._paired[p].reference or p
                for q in (ref, p):
                    if q not in order:
                        order.append(q)
            pairs = [(p, self._paired[p].reference or p) for p in order]
        else:
            pairs = [(p, reference) for p in
                     [reference] + [p for p in self.postures if p != reference]]

        rows = []
        for posture, ref in pairs:
            mean, std, n, p_never = stats(posture)
            ref_mean = stats(ref)[0]
            pd_core = None if posture == ref else paired_difference(posture, ref)
            if pd_core is not None:
                r = 0 if is_outcome else row
                diff = float(pd_core.mean_diff()[r])
                se = float(pd_core.se_paired()[r])
                if confidence == 0.95:  # the engine's (and the file's) own interval
                    low, high = float(pd_core.ci_low()[r]), float(pd_core.ci_high()[r])
                else:
                    low, high = diff - z * se, diff + z * se
            else:
                diff = mean - ref_mean
                se = 0.0 if posture == ref else float(
                    _core.se_unpaired(dist(posture)._core, dist(ref)._core)[0 if is_outcome else row]
                )
                low, high = diff - z * se, diff + z * se
            rows.append(
                {
                    "posture": posture,
                    "mean": mean,
                    "std": std,
                    "trials": n,
                    "p_never": p_never,
                    "reference": ref,
                    "difference": diff,
                    "se": se,
                    "ci_low": low,
                    "ci_high": high,
                    "paired": pd_core is not None,
                }
            )
        frame = pd.DataFrame(rows).set_index("posture")
        compared = [r["paired"] for r in rows if r["posture"] != r["reference"]]
        interval = ("paired" if compared and all(compared)
                    else "mixed" if any(compared) else "unpaired")
        first = dist(self.postures[0])
        frame.attrs.update(
            {
                "name": name,
                "node": node,
                "day": row,
                "outcome": is_outcome,
                "units": first.units,
                "long_name": first.long_name,
                "zero_is_never": first.zero_is_never,
                "reference": reference if reference is not None else self._sweep.reference,
                "confidence": confidence,
                "interval": interval,
            }
        )
        return frame

    # ---- xarray and pandas ----

    def _grouped(self):
        """Every distribution, grouped into the variables of :meth:`to_xarray`:
        [(variable, kind, per_node, {(posture index[, node index]): Distribution})]."""
        nodes = self.nodes
        theatre, by_node, outcomes, node_outcomes = {}, {}, {}, {}
        for pi, posture in enumerate(self.postures):
            core = self._runs[posture]
            for d in core.metrics:
                if d.node:
                    by_node.setdefault(d.name, {})[(pi, nodes.index(d.node))] = (d, False)
                else:
                    theatre.setdefault(d.name, {})[(pi,)] = (d, False)
            for d in core.outcomes:
                if d.node and d.node in nodes and d.name.endswith("_" + d.node):
                    family = d.name[: -len(d.node) - 1]
                    node_outcomes.setdefault(family, {})[(pi, nodes.index(d.node))] = (d, True)
                else:
                    outcomes.setdefault(d.name, {})[(pi,)] = (d, True)
        out = []
        for group, kind, per_node in ((theatre, "metric", False), (by_node, "metric", True),
                                      (outcomes, "outcome", False),
                                      (node_outcomes, "outcome", True)):
            for name, dists in group.items():
                var = name + ("_by_node" if per_node else "")
                out.append((var, name, kind, per_node,
                            {k: Distribution(d, self.postures[k[0]], is_outcome)
                             for k, (d, is_outcome) in dists.items()}))
        return out

    def to_xarray(self, histograms="theatre"):
        """An ``xarray.Dataset`` of every metric and outcome, for every posture and node.

        Dimensions: ``posture``, ``day`` (0..days, the end of each day), ``node`` (nodes
        with per-node measures), ``statistic`` (``mean``, ``std``, ``p05``, ``p25``,
        ``p50``, ``p75``, ``p95``: the engine's mean, population standard deviation and
        quantiles) and ``bin`` (histogram bin index). Variables, named as the measures:

        - ``<metric>`` [posture, day, statistic], a theatre-wide daily metric;
        - ``<metric>_by_node`` [posture, node, day, statistic] (NaN where a node does not
          record it);
        - ``<outcome>`` [posture, statistic], and per-node outcome families
          (``aircraft_lost_ground_<node>``, ``days_strip_denied_fighter_<node>``, ...) as
          ``<family>_by_node`` [posture, node, statistic];
        - ``<name>_p_never`` beside a first-day outcome (0 means it never came; its
          statistics are over the trials where it did, NaN if none);
        - ``<name>_histogram`` with a trailing ``bin`` dimension: exact counts of trials.

        Every variable has attrs ``units``, ``long_name`` and ``kind`` (metric or outcome).
        Histograms carry ``bin_lo`` and ``bin_width``: bin ``i`` counts the trials whose
        value v has ``bin_lo + i*bin_width <= v < bin_lo + (i+1)*bin_width``. One variable
        has one binning: where postures (or nodes) bin a measure at different widths (a
        factory under one posture raises a stock's bound), its histograms are summed
        exactly into the least common multiple of the widths, and a warning says so; the
        exact histogram of each is ``results.metric(name, node, posture).histogram``.
        ``histograms``: ``"theatre"`` (default) includes the histograms of theatre-wide
        metrics and of outcomes; ``"all"`` adds per-node metric histograms (large: every one
        is padded to the widest bin axis); ``"none"`` keeps statistics only.

        The Dataset's attrs hold the provenance (seed, trials, days, engine_version,
        scenario_name, scenario_sha256, scenario_text, format, format_version; backend,
        device and created_utc of the first posture) and ``postures``.
        """
        import warnings

        import xarray as xr

        if histograms not in ("theatre", "all", "none"):
            raise ValueError('histograms must be "theatre", "all" or "none"')
        postures, nodes = self.postures, self.nodes
        probabilities = list(_core.quantile_probabilities)
        statistics_ = ["mean", "std"] + [f"p{round(p * 100):02d}" for p in probabilities]
        D = self.days + 1

        variables = self._grouped()
        with_hist = {var: histograms != "none" and (histograms == "all" or not per_node
                                                    or kind == "outcome")
                     for var, _, kind, per_node, _ in variables}
        # One width per variable: the least common multiple of its distributions' widths.
        widths, rebinned = {}, []
        for var, _, _, _, dists in variables:
            if not with_hist[var]:
                continue
            if len({d.bin_lo for d in dists.values()}) > 1:
                raise ValueError(f"{var}: histograms start at different values")
            widths[var] = int(np.lcm.reduce([d.bin_width for d in dists.values()]))
            if any(d.bin_width != widths[var] for d in dists.values()):
                rebinned.append(var)
        if rebinned:
            warnings.warn(
                f"{', '.join(rebinned)}: binned at different widths by posture or node; summed "
                "exactly into one width each (attrs bin_width). Exact histograms: "
                "results.metric(name, node, posture).histogram", stacklevel=2)

        def rebin(d, width):
            h = d.histogram.reshape(-1, d.bins)
            target = (np.arange(d.bins) * d.bin_width) // width
            out = np.zeros((h.shape[0], int(target[-1]) + 1), dtype=np.uint64)
            np.add.at(out, (slice(None), target), h)
            return out

        counts = {}
        bins = 0
        for var, _, _, _, dists in variables:
            if with_hist[var]:
                counts[var] = {k: rebin(d, widths[var]) for k, d in dists.items()}
                for h in counts[var].values():
                    used = np.nonzero(h.any(axis=0))[0]
                    bins = max(bins, int(used[-1]) + 1 if used.size else 1)

        data = {}
        for var, name, kind, per_node, dists in variables:
            lead = (len(postures),) + ((len(nodes),) if per_node else ())
            dims = ("posture",) + (("node",) if per_node else ())
            if kind == "metric":
                lead, dims = lead + (D,), dims + ("day",)
            values = np.full(lead + (len(statistics_),), np.nan)
            first = next(iter(dists.values()))
            attrs = {"units": first.units, "long_name": first.long_name, "kind": kind}
            for index, d in dists.items():
                row = np.s_[:] if kind == "metric" else 0
                values[index + (Ellipsis, 0)] = np.atleast_1d(d._core.mean())[row]
                values[index + (Ellipsis, 1)] = np.atleast_1d(d._core.std())[row]
                q = d._core.quantiles(probabilities)  # [len(p), rows]
                values[index + (Ellipsis, slice(2, None))] = q.T[row]
            data[var] = (dims + ("statistic",), values, attrs)
            if first.zero_is_never:
                p_never = np.full(lead, np.nan)
                for index, d in dists.items():
                    p_never[index] = d.p_never
                data[var + "_p_never"] = (dims, p_never, {
                    "units": "1", "kind": kind,
                    "long_name": f"share of trials where it never came: {first.long_name}"})
            if with_hist[var]:
                hist = np.zeros(lead + (bins,), dtype=np.uint64)
                for index, h in counts[var].items():
                    n = min(bins, h.shape[-1])
                    hist[index][..., :n] = (h if kind == "metric" else h[0])[..., :n]
                data[var + "_histogram"] = (dims + ("bin",), hist, {
                    "units": "trials", "kind": kind,
                    "long_name": f"trials by value: {first.long_name} [{first.units}]",
                    "bin_lo": first.bin_lo, "bin_width": widths[var]})

        coords = {"posture": postures, "node": nodes, "day": np.arange(D),
                  "statistic": statistics_}
        if bins:
            coords["bin"] = np.arange(bins)
        attrs = {k: v for k, v in self.provenance.items() if k != "posture"}
        attrs["postures"] = list(postures)
        return xr.Dataset(data, coords=coords, attrs=attrs)

    def to_dataframe(self):
        """A tidy pandas DataFrame of the statistics, one row per posture, measure, node and
        day: the engine's statistics table, the same records as ``contested info --format
        csv`` (docs/results.md, Statistics tables). Columns: ``posture``, ``measure``,
        ``kind`` (metric or outcome), ``node`` (None theatre-wide), ``day`` (missing for an
        outcome), ``units``, ``long_name``, ``trials`` (the trials the statistics are over),
        ``p_never`` (first-day outcomes; NaN for other measures), ``mean``, ``std`` and the
        quantiles ``p05`` .. ``p95``."""
        import pandas as pd

        frame = pd.concat([pd.DataFrame(_core.statistics_table(self._runs[p]))
                           for p in self.postures], ignore_index=True)
        frame["node"] = frame["node"].replace("", None)
        frame["day"] = frame["day"].astype("Int64")
        frame["p_never"] = frame["p_never"].astype(float)
        frame.attrs.update({k: v for k, v in self.provenance.items() if k != "posture"})
        return frame

    # ---- files ----

    def save(self, path, overwrite=False):
        """Writes the results to ``path`` (HDF5) with the engine's writer, atomically. An
        existing file raises FileExistsError unless ``overwrite`` (results are never replaced
        by mistake; the check and the write are one atomic step).

        One posture gives exactly the file ``contested run --out`` writes; several postures run
        together (:func:`contested.run` with a list, or :func:`contested.sweep`) the file
        ``contested sweep`` writes, paired comparisons included; postures run apart and
        combined (:meth:`combine`) that layout without comparisons. Each posture's group
        keeps its own backend, device, created_utc, engine_version and scenario text.
        """
        path = os.fspath(path)
        if self._sweep is not None:  # run side by side: with their paired comparisons
            _core.write_sweep_results(path, self._sweep, overwrite=overwrite)
        elif len(self._runs) == 1:
            _core.write_results(path, next(iter(self._runs.values())), overwrite=overwrite)
        else:
            _core.write_runs(path, list(self._runs.values()), overwrite=overwrite)
        return path


def _from_file_bytes(data):
    """Results from the bytes of a results file (how Results unpickle)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="contested-pickle-") as directory:
        path = os.path.join(directory, "results.h5")
        with open(path, "wb") as f:
            f.write(data)
        return load(path)


def load(path):
    """Reads a results file: any file ``contested run`` or ``contested sweep`` writes, or
    :meth:`Results.save`'s, with the engine's reader. Postures run side by side keep their
    exact paired comparisons."""
    path = os.fspath(path)
    core = _core.read_sweep_results(path)  # the engine's reader, and its errors
    if core.reference:
        return Results.from_sweep(core)
    if len(core.runs) == 1:
        return Results([_core.read_results(path)])
    return Results([run.results for run in core.runs])
