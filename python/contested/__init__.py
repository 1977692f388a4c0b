"""contested: Monte Carlo risk model for contested logistics, from Python.

The engine is the same C++ host runner as the ``contested`` command line (docs/design.md,
section 6), built into :mod:`contested._core`; this package only calls it and shapes its
results for analysts (numpy, xarray, matplotlib).

>>> import contested
>>> r = contested.run("configs/examples/sustainment.yaml", trials=2000, seed=1,
...                   posture=["baseline", "federated"])
>>> r.metric("sorties").mean[-1]           # mean theatre sorties on the last day
>>> contested.plot.fan_chart(r, "sorties")
>>> s = contested.sensitivity("configs/indo_pacific.yaml",
...                           posture="configs/postures/uncertain.yaml",
...                           outputs=["aircraft_lost_ground", "sorties:7"])
>>> print(s.table())      # uncertain inputs ranked by their share of each output's variance

See docs/python.md.
"""

from . import _core
from ._errors import ScenarioError
from ._run import load_scenario, postures, run, sweep, validate
from ._sensitivity import Sensitivity, load_sensitivity, sensitivity
from .results import ByDay, Distribution, Exceedance, Results, load

__version__ = _core.__version__
have_cuda = _core.have_cuda


def cuda_device_count():
    """CUDA devices usable now (0 without the CUDA backend, a driver or a GPU)."""
    return _core.cuda_device_count()


def __getattr__(name):
    # contested.plot imports matplotlib; load it on first use.
    if name == "plot":
        import importlib

        module = importlib.import_module(".plot", __name__)
        globals()["plot"] = module
        return module
    raise AttributeError(f"module 'contested' has no attribute {name!r}")


__all__ = [
    "ByDay",
    "Distribution",
    "Exceedance",
    "Results",
    "ScenarioError",
    "Sensitivity",
    "cuda_device_count",
    "have_cuda",
    "load",
    "load_scenario",
    "load_sensitivity",
    "plot",
    "postures",
    "run",
    "sensitivity",
    "sweep",
    "validate",
]
