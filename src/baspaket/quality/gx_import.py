"""Great Expectations, imported without the two libraries it loads for what this project never
runs: scipy.stats (its distribution tests: KL divergence, KS tests) and Altair (the charts of
those tests' Data Docs). GE imports both at its own import, in every run's ingest step; they
took 2.6 of its 5.7 s there, CPU the month's two cores are otherwise busy with
(docs/performance.md). Each is a placeholder module until something first uses it, which then
imports the real one: deferred, never left out.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
import types

DEFERRED = ("scipy.stats", "altair")

_lock = threading.Lock()


class DeferredModule(types.ModuleType):
    """A module imported on first use of any attribute it does not have yet. It carries the
    real module's spec, so the import system finds it as imported; on first use it imports the
    real module in its place and takes over its attributes, so whoever holds it holds the real
    module's contents."""

    def __init__(self, name: str, spec: importlib.machinery.ModuleSpec):
        super().__init__(name)
        self.__spec__ = spec

    def __getattr__(self, attribute: str):
        name = self.__name__
        with _lock:
            if sys.modules.get(name) is self:
                del sys.modules[name]
            real = importlib.import_module(name)
            self.__dict__.update(real.__dict__)
        return getattr(real, attribute)


def defer(name: str) -> None:
    """Make `name` a DeferredModule unless it is imported already (or not installed)."""
    if name in sys.modules:
        return
    try:
        spec = importlib.util.find_spec(name)
    except ModuleNotFoundError:  # its package is not installed: nothing to defer
        return
    if spec is not None:
        sys.modules[name] = DeferredModule(name, spec)


def great_expectations() -> types.ModuleType:
    """The `great_expectations` module, imported with DEFERRED deferred."""
    for name in DEFERRED:
        defer(name)
    import great_expectations

    return great_expectations
