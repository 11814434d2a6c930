"""The planner's compiled (numba) kernels: compile them, or load them from the disk cache.

Called by ``python3 run.py setup`` and before a benchmark run is timed, so that no plan
pays the compile time.
"""

from __future__ import annotations


def warm_up() -> float:
    """Compile or load every kernel; returns the seconds taken."""
    from . import anneal, routemin

    return anneal.warm_up() + routemin.warm_up()
