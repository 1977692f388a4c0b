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
        per day for a daily metric. Exact: counts of trials at or above each bin's start."""
        hist = self.histogram.astype(np.float64)
        tail = np.flip(np.cumsum(np.flip(hist, axis=-1), axis=-1), axis=-1)
        total = hist.sum(axis=-1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            probability = tail / total
        return Exceedance(self.values, probability)

    def __repr__(self):
        where = f" @{self.node}" if self.node else ""
        kind = "outcome" if self.is_outcome else f"daily, {self._core.rows} rows"
        return (
            f"<contested.Distribution {self.name}{where} [{self.posture}] {kind}, "
            f"{self.bins} bins, {self.trials} trials>"
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

    @property
    def metrics(self):
        """Names of the daily metrics (theatre-wide or per node), in file order."""
        names = []
        for core in self._runs.values():
            for d in core.metrics:
                if d.name not in names:
                    names.append(d.name)
        return names

    @property
    def outcomes(self):
        """Names of the per-trial outcomes, in file order."""
        names = []
        for core in self._runs.values():
            for d in core.outcomes:
                if d.name not in names:
                    names.append(d.name)
        return names

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
        names = []
        for core in self._runs.values():
            for d in core.metrics:
                if d.node == node and d.name not in names:
                    names.append(d.name)
        return names

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

    def compare(self, name, reference=None, node=None, day=None, confidence=0.95, outcome=None):
        """Each posture's mean against a reference posture's, with a confidence interval.

        ``name`` is a daily metric (at ``day``, default the last day; theatre-wide or at
        ``node``) or an outcome (``outcome=True``, or by default when no daily metric has that
        name). Returns a pandas DataFrame with one row per posture: ``mean``, ``std``,
        ``trials``, ``reference`` (the posture it is compared with), ``difference`` (posture
        minus reference), ``se`` (the standard error the interval uses), ``ci_low``,
        ``ci_high`` and ``paired``.

        Results of a sweep (:func:`contested.sweep`, or :func:`contested.load` of a sweep's
        file) hold the engine's exact paired comparison of every run with its reference run
        (docs/sweeps.md): there ``difference``, ``se`` (``se_paired``) and, at 95 %, the
        interval are the engine's own, ``paired`` is True, and with ``reference=None`` every
        run is compared with its own reference run (the reference posture at the same grid
        point; reference runs come first in each pair and show 0).

        Otherwise (``paired`` False) the interval is ``difference +- z * sqrt(std_a**2/n_a +
        std_b**2/n_b)``, built from each run's own standard deviation. The postures ran with
        the same seed, so trial t shares its random numbers across them; leaving out the
        (usually positive) covariance makes this interval conservative: wider than the exact
        paired one. ``attrs["interval"]`` says which the table shows: ``"paired"``,
        ``"unpaired"`` or ``"mixed"``.
        """
        import pandas as pd

        if reference is not None or not self._paired:
            reference = self.postures[0] if reference is None else reference
            self._core(reference)
        if not 0 < confidence < 1:
            raise ValueError("confidence must lie strictly between 0 and 1")
        z = statistics.NormalDist().inv_cdf(0.5 + confidence / 2)
        if outcome is None:
            outcome = node is None and day is None and not any(
                core.find_metric(name, "") is not None for core in self._runs.values()
            )
        row = None
        if not outcome:
            row = self.days if day is None else int(day)
            if not 0 <= row <= self.days:
                raise ValueError(f"day must be between 0 and {self.days}")

        def stats(posture):
            if outcome:
                d = self.outcome(name, posture)
                return float(d.mean), float(d.std), d.trials
            d = self.metric(name, node, posture)
            return float(d.mean[row]), float(d.std[row]), d.trials

        def core_of(posture):
            runs = self._runs[posture]
            return runs.find_outcome(name) if outcome else runs.find_metric(name, node or "")

        def paired_difference(posture, ref):
            run = self._paired.get(posture)
            if run is None or not run.reference or run.reference != ref:
                return None
            if outcome:  # a per-node outcome (aircraft_lost_ground_<node>) names its node
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
            mean, std, n = stats(posture)
            ref_mean, ref_std, ref_n = stats(ref)
            pd_core = None if posture == ref else paired_difference(posture, ref)
            if pd_core is not None:
                r = 0 if outcome else row
                diff = float(pd_core.mean_diff()[r])
                se = float(pd_core.se_paired()[r])
                if confidence == 0.95:  # the engine's (and the file's) own interval
                    low, high = float(pd_core.ci_low()[r]), float(pd_core.ci_high()[r])
                else:
                    low, high = diff - z * se, diff + z * se
            else:
                diff = mean - ref_mean
                se = 0.0 if posture == ref else float(
                    _core.se_unpaired(core_of(posture), core_of(ref))[0 if outcome else row]
                )
                low, high = diff - z * se, diff + z * se
            rows.append(
                {
                    "posture": posture,
                    "mean": mean,
                    "std": std,
                    "trials": n,
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
        frame.attrs.update(
            {
                "name": name,
                "node": node,
                "day": row,
                "outcome": bool(outcome),
                "reference": reference if reference is not None else self._sweep.reference,
                "confidence": confidence,
                "interval": interval,
            }
        )
        return frame

    # ---- xarray ----

    def to_xarray(self, histograms="theatre"):
        """An ``xarray.Dataset`` of every metric and outcome, for every posture and node.

        Dimensions: ``posture``, ``day`` (0..days), ``node`` (nodes with per-node metrics),
        ``quantile`` (the probabilities the files store: 5, 25, 50, 75, 95 %) and ``bin``
        (bin index, shared by every histogram in the Dataset; trailing bins that none of
        them uses are dropped). Variables (see docs/python.md):

        - ``<metric>`` [posture, day, bin]: uint64 histogram of a theatre-wide daily metric;
          ``<metric>_mean``, ``<metric>_std`` [posture, day] and ``<metric>_quantiles``
          [posture, day, quantile];
        - ``<metric>_by_node_mean``, ``_std`` [posture, node, day] and ``_quantiles``
          [posture, node, day, quantile] for per-node metrics (NaN where a node does not
          record the metric), and with ``histograms="all"`` also ``<metric>_by_node``
          [posture, node, day, bin];
        - ``outcome_<name>`` [posture, bin] with ``_mean``, ``_std`` [posture] and
          ``_quantiles`` [posture, quantile]; per-node outcome families
          (``aircraft_lost_ground_<node>``, ``days_strip_denied_fighter_<node>``, ...) as
          ``outcome_<family>_by_node`` [posture, node, bin] and its statistics over
          [posture, node].

        Histogram variables carry ``bin_lo`` and ``bin_width`` attrs: bin ``i`` counts the
        trials whose value v has ``bin_lo + i*bin_width <= v < bin_lo + (i+1)*bin_width``.
        ``histograms``: ``"theatre"`` (default) includes the histograms of theatre-wide
        metrics and of outcomes; ``"all"`` adds per-node metric histograms (large: every one
        is padded to the widest bin axis); ``"none"`` keeps statistics only. Exact per-node
        histograms are always at hand as ``results.metric(name, node).histogram``.

        The Dataset's attrs hold the provenance (seed, trials, days, engine_version,
        scenario_name, scenario_sha256, scenario_text, format, format_version; backend,
        device and created_utc of the first posture) and ``postures``.
        """
        import xarray as xr

        if histograms not in ("theatre", "all", "none"):
            raise ValueError('histograms must be "theatre", "all" or "none"')
        postures = self.postures
        nodes = self.nodes
        days = np.arange(self.days + 1)
        probabilities = np.asarray(_core.quantile_probabilities)
        P, N, D, Q = len(postures), len(nodes), len(days), len(probabilities)

        # Which distributions exist, grouped into variables: name -> {index: Distribution}.
        theatre, by_node, outcomes, node_outcomes = {}, {}, {}, {}
        for pi, posture in enumerate(postures):
            core = self._runs[posture]
            for d in core.metrics:
                if d.node:
                    by_node.setdefault(d.name, {})[(pi, nodes.index(d.node))] = d
                else:
                    theatre.setdefault(d.name, {})[pi] = d
            for d in core.outcomes:
                if d.node and d.node in nodes and d.name.endswith("_" + d.node):
                    family = d.name[: -len(d.node) - 1]
                    node_outcomes.setdefault(family, {})[(pi, nodes.index(d.node))] = d
                else:
                    outcomes.setdefault(d.name, {})[pi] = d

        groups = [  # (variables, variable name, leading shape, daily, with histograms)
            (theatre, "{}", (P,), True, histograms != "none"),
            (by_node, "{}_by_node", (P, N), True, histograms == "all"),
            (outcomes, "outcome_{}", (P,), False, histograms != "none"),
            (node_outcomes, "outcome_{}_by_node", (P, N), False, histograms != "none"),
        ]
        width = 0
        for variables, _, _, _, with_hist in groups:
            if not with_hist:
                continue
            for dists in variables.values():
                for d in dists.values():
                    used = np.nonzero(d.histogram.reshape(d.rows, d.bins).any(axis=0))[0]
                    width = max(width, int(used[-1]) + 1 if used.size else 1)

        lead_dims = {1: ("posture",), 2: ("posture", "node")}
        data = {}
        for variables, pattern, lead, daily, with_hist in groups:
            dims = lead_dims[len(lead)] + (("day",) if daily else ())
            shape = lead + ((D,) if daily else ())
            kind = ("metric" if daily else "outcome") + (" by node" if len(lead) == 2 else "")
            for name, dists in variables.items():
                var = pattern.format(name)
                mean = np.full(shape, np.nan)
                std = np.full(shape, np.nan)
                quant = np.full(shape + (Q,), np.nan)
                hist = np.zeros(shape + (width,), dtype=np.uint64) if with_hist else None
                bin_lo = {int(d.bin_lo) for d in dists.values()}
                bin_width = {int(d.bin_width) for d in dists.values()}
                for index, d in dists.items():
                    row = slice(None) if daily else 0
                    mean[index] = d.mean()[row]
                    std[index] = d.std()[row]
                    quant[index] = d.quantiles(probabilities.tolist()).T[row]
                    if with_hist:
                        h = d.histogram if daily else d.histogram[0]
                        n = min(width, h.shape[-1])
                        hist[index][..., :n] = h[..., :n]
                attrs = {"kind": kind}
                if with_hist:
                    if len(bin_lo) > 1 or len(bin_width) > 1:
                        raise ValueError(f"postures bin {var} differently; compare them one by one")
                    attrs.update(bin_lo=bin_lo.pop(), bin_width=bin_width.pop())
                    data[var] = (dims + ("bin",), hist, attrs)
                data[var + "_mean"] = (dims, mean, {"kind": kind + " mean"})
                data[var + "_std"] = (dims, std, {"kind": kind + " standard deviation"})
                data[var + "_quantiles"] = (dims + ("quantile",), quant, {"kind": kind + " quantiles"})

        coords = {"posture": postures, "node": nodes, "day": days, "quantile": probabilities}
        if width:
            coords["bin"] = np.arange(width)
        attrs = {k: v for k, v in self.provenance.items() if k != "posture"}
        attrs["postures"] = list(postures)
        return xr.Dataset(data, coords=coords, attrs=attrs)

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
