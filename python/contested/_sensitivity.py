"""Variance-based sensitivity (docs/sensitivity.md): thin calls into contested._core, as
``contested sensitivity`` runs it."""

import os

from . import _core
from ._progress import ProgressLine
from ._run import _check_backend, _load_uncertain, _notify

_COLUMNS = ("input", "first", "first_low", "first_high", "total", "total_low", "total_high")


class Sensitivity:
    """A sensitivity study's design and indices (:func:`contested.sensitivity`,
    :func:`contested.load_sensitivity`).

    Attributes (the engine's ``SensitivityResults``)
    ------------------------------------------------
    inputs, distributions : list of str
        The uncertain inputs studied (paths as in ``set:``) and their distributions (YAML).
    outputs : list of str
        The outputs, as given: an outcome, or ``metric[@node][:day]``.
    rows, resamples : int
        Rows of the design's matrices A and B, and bootstrap resamples of the intervals.
    provenance : dict
        Seed, trials per design point, days, backend, engine version, scenario, posture, ...
    design : numpy.ndarray ``[point, input]``
        The inputs' values at every design point (``rows * (inputs + 2)`` points).
    values : numpy.ndarray ``[point, output]``
        Each output's mean over the point's trials.
    mean, variance : list of float
        Each output's mean and variance across the design's input samples.
    first, first_low, first_high, total, total_low, total_high : numpy.ndarray ``[output, input]``
        First-order indices (the share of the output's variance an input explains alone),
        total-effect indices (with its interactions) and their bootstrap intervals. NaN for
        an output that does not vary across the design.
    """

    def __init__(self, core):
        self._core = core

    def __getattr__(self, name):
        if name.startswith("__") or name == "_core":
            raise AttributeError(name)
        return getattr(self._core, name)

    def __dir__(self):
        return sorted(set(super().__dir__()) | {n for n in dir(self._core)
                                                 if not n.startswith("_")})

    def _output_index(self, output):
        outputs = list(self._core.outputs)
        if isinstance(output, str):
            if output not in outputs:
                raise KeyError(f"no output {output!r} in this study (outputs: "
                               f"{', '.join(outputs)})")
            return outputs.index(output)
        index = int(output)
        if not -len(outputs) <= index < len(outputs):
            raise IndexError(f"output {index} out of range ({len(outputs)} outputs)")
        return index % len(outputs)

    def table(self):
        """The CLI's ranked tables, as text."""
        return self._core.table()

    def frame(self, output=0):
        """One output's indices (``output``: its name or its index in :attr:`outputs`), a row
        per input, sorted by total effect, largest first: columns input, first, first_low,
        first_high, total, total_low, total_high. A pandas DataFrame when pandas is
        installed, else a dict of column name -> list."""
        k = self._output_index(output)
        columns = {"input": list(self._core.inputs)}
        for name in _COLUMNS[1:]:
            columns[name] = [float(v) for v in getattr(self._core, name)[k]]
        # NaN (an output that does not vary) sorts last.
        order = sorted(range(len(columns["input"])),
                       key=lambda i: (columns["total"][i] != columns["total"][i],
                                      -columns["total"][i] if columns["total"][i]
                                      == columns["total"][i] else 0.0))
        columns = {name: [values[i] for i in order] for name, values in columns.items()}
        try:
            import pandas as pd
        except ImportError:
            return columns
        frame = pd.DataFrame(columns)
        frame.attrs.update(output=self._core.outputs[k], mean=self._core.mean[k],
                           variance=self._core.variance[k])
        return frame

    def save(self, path, overwrite=False):
        """Writes the study to ``path`` (HDF5, the file ``contested sensitivity --out``
        writes), atomically; an existing file raises FileExistsError unless ``overwrite``."""
        path = os.fspath(path)
        _core.write_sensitivity(path, self._core, overwrite=overwrite)
        return path

    def __repr__(self):
        p = self._core.provenance
        return (f"<contested.Sensitivity '{p['scenario_name']}' posture={p['posture']} "
                f"inputs={len(self._core.inputs)} outputs={list(self._core.outputs)} "
                f"rows={self._core.rows} trials={p['trials']} seed={p['seed']}>")


def sensitivity(scenario, *, posture, outputs, inputs=None, rows=64, trials=200, seed=1,
                resamples=1000, days=None, backend="auto", progress=True, threads=0, chunk=0,
                out=None, overwrite=False):
    """Ranks a posture's uncertain inputs by how much of each output's variance they explain
    (Sobol' first-order and total-effect indices from a Saltelli design: Saltelli et al.
    (2010) and Jansen (1999) estimators), as ``contested sensitivity`` does, and returns a
    :class:`Sensitivity`.

    Parameters
    ----------
    scenario : path, YAML string or dict
        As :func:`contested.run` takes it.
    posture : str or path
        A posture id of the scenario or a posture file, with ``uncertain:`` inputs
        (docs/sensitivity.md); one without any raises ValueError.
    outputs : str or list of str
        What to explain: an outcome (``"aircraft_lost_ground"``, its mean over the trials)
        or a daily metric ``metric[@node][:day]`` (``"sorties:7"``, ``"sorties@kadena:30"``;
        without a day, the last day). A first day that never came counts as ``days + 1``.
        An unknown one raises ValueError listing what the scenario reports.
    inputs : list of str, optional
        Study these inputs only (paths as in ``uncertain:``); the others stay at their
        point values. Default: all.
    rows : int
        Rows of the design's matrices A and B: the study runs ``rows * (inputs + 2)`` design
        points, each loading the scenario once.
    trials, seed : int
        Trials per design point (every point runs the same trial numbers: common random
        numbers) and the seed of the trials and of the design.
    resamples : int
        Bootstrap resamples of the design's rows for the indices' 95 % intervals (0: no
        intervals, their bounds NaN).
    days, backend, progress, threads, chunk
        As for :func:`contested.run`.
    out : path, optional
        Also write the study there (HDF5, the CLI's file), atomically.
    overwrite : bool
        Replace an existing file at ``out``; without it, one raises FileExistsError before
        anything runs.
    """
    for name, value, low in (("rows", rows, 2), ("trials", trials, 1),
                             ("resamples", resamples, 0)):
        if isinstance(value, bool) or int(value) != value:
            raise TypeError(f"{name} must be an integer")
        if value < low:
            raise ValueError(f"{name} must be at least {low}")
    if int(seed) != seed or seed < 0:
        raise ValueError("seed must be a non-negative integer")
    if days is not None and (int(days) != days or not 1 <= days <= _core.max_days):
        raise ValueError(f"days must be between 1 and {_core.max_days}")
    _check_backend(backend)
    if posture is None:
        raise ValueError("sensitivity needs a posture with uncertain: inputs")
    outputs = [outputs] if isinstance(outputs, str) else [str(o) for o in outputs]
    inputs = [] if inputs is None else ([inputs] if isinstance(inputs, str)
                                        else [str(i) for i in inputs])
    if out is not None:
        _core.check_output_path(os.fspath(out), overwrite=overwrite)
    uncertain = _load_uncertain(scenario, posture)
    bar = progress if callable(progress) else (ProgressLine("sensitivity") if progress else None)
    try:
        core = _core.sensitivity(uncertain, outputs, inputs=inputs, rows=int(rows),
                                 trials=int(trials), seed=int(seed), resamples=int(resamples),
                                 days=None if days is None else int(days), backend=backend,
                                 threads=int(threads), chunk=int(chunk), progress=bar,
                                 notify=_notify(progress))
    finally:
        if isinstance(bar, ProgressLine):
            bar.finish()
    result = Sensitivity(core)
    if out is not None:
        result.save(out, overwrite=overwrite)
    return result


def load_sensitivity(path):
    """Reads a sensitivity study's file (``contested sensitivity --out``, or
    :meth:`Sensitivity.save`) with the engine's reader."""
    return Sensitivity(_core.read_sensitivity(os.fspath(path)))
