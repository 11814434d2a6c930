"""Travel matrices: great-circle estimate by default, an OSRM ``/table/v1/`` server when configured.

The estimate is haversine distance x a road circuity factor, travelled at a mode
speed. OSRM-compatible servers (OSRM, Valhalla's OSRM API, hosted equivalents) answer
``GET {base}/table/v1/{profile}/{lon,lat;...}?annotations=duration,distance`` with
``durations`` in seconds and ``distances`` in metres.
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from .exceptions import ProblemError, TravelError
from .model import Travel

EARTH_RADIUS_KM = 6371.0088
CIRCUITY = 1.3
SPEED_KMH = {"car": 28.0, "bicycle": 14.0, "walking": 4.8}  # urban door-to-door averages
OSRM_PROFILE = {"car": "driving", "bicycle": "cycling", "walking": "foot"}

LatLon = tuple[float, float]


def haversine_km(points: Sequence[LatLon]) -> np.ndarray:
    """Great-circle distance matrix in km between (lat, lon) points."""
    p = np.radians(np.asarray(points, dtype=float).reshape(-1, 2))
    lat, lon = p[:, 0][:, None], p[:, 1][:, None]
    dlat = lat - lat.T
    dlon = lon - lon.T
    a = np.sin(dlat / 2) ** 2 + np.cos(lat) * np.cos(lat.T) * np.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


@dataclass
class HaversineProvider:
    circuity: float = CIRCUITY
    speeds_kmh: dict[str, float] = field(default_factory=lambda: dict(SPEED_KMH))

    def matrix(self, points: Sequence[LatLon]) -> Travel:
        road_km = haversine_km(points) * self.circuity
        durations = {mode: road_km / speed * 60.0 for mode, speed in self.speeds_kmh.items()}
        return Travel(distance=road_km, durations=durations)


@dataclass
class OsrmProvider:
    """Client of an OSRM-compatible table service; one request per travel mode."""

    base_url: str
    modes: tuple[str, ...] = ("car",)
    timeout: float = 30.0
    fallback: HaversineProvider = field(default_factory=HaversineProvider)

    def __post_init__(self) -> None:
        scheme = urllib.parse.urlparse(self.base_url).scheme
        if scheme not in ("http", "https"):
            raise ProblemError("OSRM base URL must be http(s)")

    def table(self, points: Sequence[LatLon], mode: str) -> tuple[np.ndarray, np.ndarray]:
        """(distance km, duration minutes) from the server for one mode; TravelError when the
        server cannot be reached or answers with an error."""
        coords = ";".join(f"{lon:.6f},{lat:.6f}" for lat, lon in points)
        profile = OSRM_PROFILE.get(mode, mode)
        url = f"{self.base_url.rstrip('/')}/table/v1/{profile}/{coords}?annotations=duration,distance"
        try:
            with urllib.request.urlopen(url, timeout=self.timeout) as resp:  # noqa: S310
                body = json.loads(resp.read().decode("utf-8"))
        except (OSError, ValueError) as err:  # URLError and timeouts are OSErrors; bad JSON a ValueError
            raise TravelError(f"OSRM table failed: {err}") from err
        if not isinstance(body, dict) or body.get("code") != "Ok":
            body = body if isinstance(body, dict) else {}
            raise TravelError(f"OSRM table failed: {body.get('code')} {body.get('message', '')}")
        est = self.fallback.matrix(points)
        dur = _fill(body.get("durations"), est.duration(mode) * 60.0) / 60.0
        dist = _fill(body.get("distances"), est.distance * 1000.0) / 1000.0
        return dist, dur

    def matrix(self, points: Sequence[LatLon]) -> Travel:
        est = self.fallback.matrix(points)
        durations = dict(est.durations)
        distance = est.distance
        for k, mode in enumerate(self.modes):
            dist, dur = self.table(points, mode)
            durations[mode] = dur
            if k == 0:
                distance = dist
        return Travel(distance=distance, durations=durations)


def _fill(rows: list[list[float | None]] | None, estimate: np.ndarray) -> np.ndarray:
    """Server values, with the estimate where the server found no route (null)."""
    if rows is None:
        return estimate
    out = np.array([[np.nan if x is None else float(x) for x in row] for row in rows])
    return np.where(np.isnan(out), estimate, out)


def provider(
    osrm_base_url: str | None = None, modes: tuple[str, ...] = ("car",)
) -> HaversineProvider | OsrmProvider:
    """OSRM when a base URL is configured, otherwise the great-circle estimate."""
    return OsrmProvider(osrm_base_url, modes=modes) if osrm_base_url else HaversineProvider()
