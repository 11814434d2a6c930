from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import numpy as np
import pytest

from careplanner.travel import HaversineProvider, OsrmProvider, haversine_km, provider

LONDON = (51.5074, -0.1278)
PARIS = (48.8566, 2.3522)
LEEDS = (53.8008, -1.5491)


def test_haversine_sanity() -> None:
    m = haversine_km([LONDON, PARIS, LEEDS])
    assert m.shape == (3, 3)
    assert np.allclose(np.diag(m), 0) and np.allclose(m, m.T)
    assert m[0, 1] == pytest.approx(343.5, abs=2)
    assert m[0, 2] == pytest.approx(272, abs=3)
    assert m[0, 1] <= m[0, 2] + m[2, 1]


def test_haversine_provider_modes() -> None:
    t = HaversineProvider(circuity=1.3).matrix([LONDON, LEEDS])
    assert t.distance[0, 1] == pytest.approx(1.3 * haversine_km([LONDON, LEEDS])[0, 1])
    assert t.duration("walking")[0, 1] > t.duration("bicycle")[0, 1] > t.duration("car")[0, 1]
    assert isinstance(provider(None), HaversineProvider)


class _Table(BaseHTTPRequestHandler):
    seen: list[str] = []

    def do_GET(self) -> None:
        _Table.seen.append(self.path)
        coords = self.path.split("/")[4].split("?")[0].split(";")
        n = len(coords)
        durations = [[0.0 if i == j else 60.0 * (i + j) for j in range(n)] for i in range(n)]
        distances = [[0.0 if i == j else 1000.0 * (i + j) for j in range(n)] for i in range(n)]
        durations[0][n - 1] = None
        body = json.dumps({"code": "Ok", "durations": durations, "distances": distances})
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args: object) -> None:
        pass


def test_osrm_client_against_local_stub() -> None:
    server = HTTPServer(("127.0.0.1", 0), _Table)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}"
        osrm = provider(url)
        assert isinstance(osrm, OsrmProvider)
        t = osrm.matrix([LONDON, PARIS, LEEDS])
    finally:
        server.shutdown()
        server.server_close()
    path = _Table.seen[-1]
    assert path.startswith("/table/v1/driving/-0.127800,51.507400;2.352200,48.856600;")
    assert "annotations=duration,distance" in path
    assert t.duration("car")[1, 2] == pytest.approx(3.0)  # 180 s
    assert t.distance[1, 2] == pytest.approx(3.0)  # 3000 m
    # null (no route) falls back to the great-circle estimate
    est = HaversineProvider().matrix([LONDON, PARIS, LEEDS])
    assert t.duration("car")[0, 2] == pytest.approx(est.duration("car")[0, 2])


def test_osrm_rejects_non_http_url() -> None:
    with pytest.raises(ValueError):
        OsrmProvider("file:///etc/passwd")
