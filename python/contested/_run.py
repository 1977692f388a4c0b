"""Loading scenarios and running the engine: thin calls into contested._core."""

import logging
import os
import sys
import warnings

from . import _core
from ._progress import ProgressLine

log = logging.getLogger("contested")

# Notices already shown in this session (e.g. "no CUDA device found: running on the CPU").
_notified = set()


def _plain(value):
    """A dict/list tree with numpy scalars and arrays turned into Python ones (for YAML)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        return _plain(value.tolist())  # numpy scalar or array
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    return value


def _scenario_source(scenario):
    """(kind, value, label): kind is "file" or "text"."""
    if isinstance(scenario, os.PathLike):
        return "file", os.fspath(scenario), os.fspath(scenario)
    if isinstance(scenario, dict):
        import yaml

        text = yaml.safe_dump(_plain(scenario), sort_keys=False, allow_unicode=True)
        return "text", text, "<dict>"
    if isinstance(scenario, bytes):
        scenario = scenario.decode("utf-8")
    if isinstance(scenario, str):
        stripped = scenario.lstrip()
        if "\n" in scenario or stripped.startswith("{"):
            return "text", scenario, "<string>"
        return "file", scenario, scenario
    raise TypeError(
        "scenario must be a path, a YAML string or a dict, not " + type(scenario).__name__
    )


def load_scenario(scenario, posture=None):
    """The validated, compiled scenario (``contested._core.Scenario``) under one posture.

    ``scenario`` is a path (str or os.PathLike), a YAML string (any string with a newline, or
    starting with ``{``) or a dict (dumped to YAML; errors then name ``<dict>``).
    ``posture`` is a posture id of the scenario, a posture file (``*.yaml``), or None for
    ``baseline``. Raises :class:`contested.ScenarioError`.
    """
    kind, value, label = _scenario_source(scenario)
    posture = "" if posture is None else str(posture)
    if kind == "file":
        return _core.load_scenario_file(value, posture)
    return _core.load_scenario_text(value, label, posture)


def _load_uncertain(scenario, posture=None):
    """The scenario under one posture with its ``uncertain:`` inputs
    (``contested._core.UncertainScenario``: ``.point`` is the scenario with the values it
    writes, ``.inputs`` the inputs, empty for a posture without any). Raises
    :class:`contested.ScenarioError`."""
    kind, value, label = _scenario_source(scenario)
    posture = "" if posture is None else os.fspath(posture)
    if kind == "file":
        return _core.load_uncertain_file(value, posture)
    return _core.load_uncertain_text(value, label, posture)


def postures(scenario):
    """The postures a scenario can be run under: ``baseline`` first, then the file's own."""
    kind, value, label = _scenario_source(scenario)
    if kind == "file":
        return list(_core.posture_ids(value))
    return list(_core.posture_ids_text(value, label))


def validate(scenario):
    """Loads the scenario under every posture it defines, as ``contested validate`` does
    (the same engine call).

    Returns the list of postures; raises :class:`contested.ScenarioError` listing every
    problem found in one pass (up to 20, then a count; its attributes are the first's).
    Aircraft based where no undamaged runway holds their strip class (they fly
    nothing there; the base's metrics for that class are n/a) are reported as warnings.
    """
    kind, value, label = _scenario_source(scenario)
    if kind == "file":
        check = _core.check_scenario_file(value)
    else:
        check = _core.check_scenario_text(value, label)
    for note in check.notes:
        warnings.warn(note, stacklevel=2)
    return list(check.postures)


def _check_backend(backend):
    if backend not in _core.backend_names:
        allowed = ", ".join(_core.backend_names)
        raise ValueError(f"unknown backend {backend!r} (allowed: {allowed})")


def _posture_list(posture):
    if posture is None:
        return [None]
    if isinstance(posture, (str, os.PathLike)):
        return [os.fspath(posture)]
    items = [os.fspath(p) if isinstance(p, os.PathLike) else str(p) for p in posture]
    if not items:
        raise ValueError("posture: give at least one posture")
    if len(set(items)) != len(items):
        raise ValueError("posture: each posture may be listed once, got " + ", ".join(items))
    return items


def _notify(show):
    def notify(message):
        log.info(message)
        if show and message not in _notified:
            _notified.add(message)
            sys.stderr.write("contested: " + message + "\n")
            sys.stderr.flush()

    return notify


def run(
    scenario,
    *,
    trials=10000,
    seed=1,
    days=None,
    backend="auto",
    posture=None,
    progress=True,
    threads=0,
    chunk=0,
    out=None,
    overwrite=False,
    trials_per_sample=1,
    point=False,
):
    """Simulates a scenario and returns its :class:`contested.Results`.

    Parameters
    ----------
    scenario : path, YAML string or dict
        What ``contested run`` takes as a file; a string with a newline (or starting with
        ``{``) is YAML text, any other string a path.
    trials, seed : int
        Independent campaigns to sample, and the random seed. The same seed gives
        bit-identical results on any backend, thread count or chunking, and (across
        postures) common random numbers: trial ``t`` draws the same numbers in every posture.
    days : int, optional
        Campaign length, overriding the scenario's.
    backend : {"auto", "cpu", "cuda"}
        ``auto`` uses a GPU when one is present; ``cuda`` without one is an error.
    posture : str, path or list of them, optional
        A posture id of the scenario, a posture file, or a list of them. A list runs the
        postures side by side over the same trials, exactly as ``contested sweep`` runs a
        sweep of them: the first is the reference, and the Results hold each other posture's
        exact paired comparison with it (:meth:`Results.compare`). None runs ``baseline``.
        A posture with ``uncertain:`` inputs (docs/sensitivity.md) runs alone: each sample
        of its inputs draws every value from its distribution and loads the scenario with
        them, and :attr:`Results.uncertain` records the values drawn. Listed with other
        postures it raises ValueError unless ``point=True``.
    trials_per_sample : int
        Trials that share one sample of the uncertain inputs (default 1: a fresh draw every
        trial). Larger values load the scenario fewer times (``trials / trials_per_sample``
        loads, rounded up) and let the spread within a sample show the model's own
        randomness apart from the inputs'. Ignored without uncertain inputs.
    point : bool
        Run a posture's uncertain inputs at the values the scenario writes (their point
        values) instead of drawing them: exactly the run of the same posture without its
        ``uncertain:``. Postures with uncertain inputs may then be listed together.
    progress : bool or callable
        Show a progress line on stderr for runs longer than half a second; or a function
        ``progress(done, total)`` called after each chunk instead (an exception it raises
        stops the run and is raised here).
    threads, chunk : int
        CPU threads (0: all cores) and trials per chunk (0: sized from memory). Results do not
        depend on either; Ctrl-C is noticed between chunks.
    out : path, optional
        Also write the results there (HDF5, the CLI's layout: ``contested run``'s for one
        posture, ``contested sweep``'s for several), atomically. An interrupted run writes
        nothing.
    overwrite : bool
        Replace an existing file at ``out``. Without it, an existing ``out`` (or a missing or
        unwritable directory) raises before anything runs (FileExistsError, RuntimeError).

    The engine runs with the GIL released. Ctrl-C (KeyboardInterrupt) stops it after the
    current chunk and leaves no results and no file.
    """
    from .results import Results

    if isinstance(trials, bool) or int(trials) != trials:
        raise TypeError("trials must be an integer")
    if not 1 <= int(trials) <= _core.max_trials:
        raise ValueError(f"trials must be between 1 and {_core.max_trials}")
    if int(seed) != seed or seed < 0:
        raise ValueError("seed must be a non-negative integer")
    if days is not None and (int(days) != days or not 1 <= days <= _core.max_days):
        raise ValueError(f"days must be between 1 and {_core.max_days}")
    _check_backend(backend)

    if isinstance(trials_per_sample, bool) or int(trials_per_sample) != trials_per_sample:
        raise TypeError("trials_per_sample must be an integer")
    if trials_per_sample < 1:
        raise ValueError("trials_per_sample must be at least 1")
    if not isinstance(point, (bool, int)):
        raise TypeError("point must be True or False")

    if out is not None:
        _core.check_output_path(os.fspath(out), overwrite=overwrite)
    requested = _posture_list(posture)
    # Every posture is loaded before anything runs, so a bad one fails at once.
    loaded = [_load_uncertain(scenario, p) for p in requested]
    scenarios = [u.point for u in loaded]
    ids = [s.posture for s in scenarios]
    if len(set(ids)) != len(ids):
        raise ValueError("posture: two of the postures given have the same id: " + ", ".join(ids))
    uncertain = None if point else next((u for u in loaded if u.inputs), None)
    if uncertain is not None and len(loaded) > 1:
        raise ValueError("postures with uncertain: inputs run one at a time (or point=True)")

    if callable(progress):
        bar = progress
    else:
        bar = ProgressLine("postures" if len(scenarios) > 1 else "") if progress else None
    arguments = dict(trials=int(trials), seed=int(seed), days=None if days is None else int(days),
                     backend=backend, threads=int(threads), chunk=int(chunk), progress=bar,
                     notify=_notify(progress))
    try:
        if uncertain is not None:
            results = Results([_core.run_uncertain(uncertain, **arguments,
                                                   trials_per_sample=int(trials_per_sample))])
        elif len(scenarios) == 1:
            results = Results([_core.run(scenarios[0], **arguments)])
        else:
            results = Results.from_sweep(_core.run_postures(scenarios, **arguments))
    finally:
        if isinstance(bar, ProgressLine):
            bar.finish()
    if out is not None:
        results.save(out, overwrite=overwrite)
    return results


def sweep(sweep, *, out=None, trials=None, seed=None, backend="auto", progress=True, threads=0,
          chunk=0, overwrite=False):
    """Runs a sweep (docs/sweeps.md) exactly as ``contested sweep`` does and returns its
    :class:`contested.Results`: one posture per run of the sweep (named as the CLI names
    them), holding each run's exact paired comparison with its reference run, which
    :meth:`Results.compare` and :func:`contested.plot.posture_comparison` then use.

    Parameters
    ----------
    sweep : path or YAML string
        A sweep file, or its text (a string with a newline, or starting with ``{``; its
        relative paths are resolved against the current directory).
    out : path, optional
        Also write the sweep's results file there (the CLI's layout), atomically.
    overwrite : bool
        Replace an existing file at ``out``; without it, one raises FileExistsError before
        anything runs.
    trials, seed : int, optional
        Override the sweep file's.
    backend, progress, threads, chunk
        As for :func:`contested.run`. Ctrl-C stops the sweep after the current chunk and
        leaves no results and no file.
    """
    from .results import Results

    _check_backend(backend)
    if trials is not None:
        if isinstance(trials, bool) or int(trials) != trials:
            raise TypeError("trials must be an integer")
        if not 1 <= int(trials) <= _core.max_trials:
            raise ValueError(f"trials must be between 1 and {_core.max_trials}")
        trials = int(trials)
    if seed is not None:
        if int(seed) != seed or seed < 0:
            raise ValueError("seed must be a non-negative integer")
        seed = int(seed)
    if out is not None:
        _core.check_output_path(os.fspath(out), overwrite=overwrite)
    kind, value, label = _scenario_source(sweep)
    if kind == "text" and label == "<dict>":
        raise TypeError("sweep must be a path or a YAML string")
    bar = progress if callable(progress) else (ProgressLine("sweep") if progress else None)
    try:
        core = _core.sweep(value, is_text=kind == "text", label=label, base_directory=".",
                           trials=trials, seed=seed, backend=backend, threads=int(threads),
                           chunk=int(chunk), progress=bar, notify=_notify(progress))
    finally:
        if isinstance(bar, ProgressLine):
            bar.finish()
    if out is not None:
        _core.write_sweep_results(os.fspath(out), core, overwrite=overwrite)
    return Results.from_sweep(core)
