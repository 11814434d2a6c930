"""Route minimisation for plain time-windowed rounds (compiled with numba).

The ejection-pool heuristic of Nagata and Bräysy ("A powerful route minimization
heuristic for the vehicle routing problem with time windows", Operations Research
Letters 37, 2009), used by the hierarchical objective (fewest carers first) before the
distance is polished. One elimination:

1. a round is removed and its calls go into the ejection pool (a stack);
2. a call taken from the pool is inserted where it is feasible and adds the least
   distance; when there is no such place, its failure counter ``p`` grows and it is
   inserted *with ejection*: over every round and position, the set of at most
   ``K_MAX`` other calls whose removal makes the round feasible with the smallest sum of
   counters is taken out and put into the pool (a depth-first search pruned by time
   windows, by the best sum so far and, past the inserted call, by the latest feasible
   start of the unchanged rest of the round);
3. the plan is perturbed by random feasible moves (relocate, exchange of round ends) so
   that the next ejections see other neighbourhoods.

It succeeds when the pool is empty (every call placed, one round fewer). The plan stays
feasible throughout: only windows, capacity and the depot's hours are checked, so this
applies to problems whose carers are all alike (one depot, one shift, one capacity)
with no breaks, working limits, skills or synchronised visits. Distance is left to
PyVRP afterwards.
"""

from __future__ import annotations

import time

import numpy as np
from numba import njit

from .jobs import Jobs
from .model import Problem
from .sync import Assignment

K_MAX = 5  # most calls ejected to insert one
PERTURB = 200  # random feasible moves tried after each insertion with ejection
NODES = 500  # search nodes per round and position of an insertion with ejection
SQUEEZE_STEPS = 30  # local search moves of one squeeze
NEAR = 10  # nearest calls whose rounds the squeeze tries moves with
TEMP = 1.0  # temperature of the perturbation, in mean distances to the nearest calls
CHUNK = 32  # calls taken from the pool per compiled call between clock checks
EPS = 1e-6


def applies(problem: Problem, jobs: Jobs) -> bool:
    """True when every carer is alike and calls have nothing but windows and demand."""
    cs = problem.carers
    if not cs or any(v.carers_needed > 1 or v.skills for v, _ in jobs.jobs) or problem.sequences:
        return False
    first = cs[0]
    return (
        all(
            (c.start_location, c.end, c.shift_start, c.shift_end, c.capacity, c.travel_mode)
            == (
                first.start_location,
                first.end,
                first.shift_start,
                first.shift_end,
                first.capacity,
                first.travel_mode,
            )
            and not c.breaks
            and c.max_working_time is None
            and c.max_travel_between_calls is None
            and c.max_distance_between_calls is None
            for c in cs
        )
        and not problem.allow_tardiness
    )


@njit(cache=True)
def _seq_ok(buf, m, tt, early, late, s, q, cap, tend):  # pragma: no cover - compiled
    t = early[0]
    prev = 0
    load = 0.0
    for i in range(m):
        c = buf[i]
        load += q[c]
        t = max(early[c], t + tt[prev, c])
        if t > late[c] + EPS:
            return False
        t += s[c]
        prev = c
    if load > cap + EPS:
        return False
    return t + tt[prev, 0] <= tend + EPS


@njit(cache=True)
def _times(R, L, r, tt, early, late, s, tend, a, z):  # pragma: no cover - compiled
    """Earliest start a[i] and latest feasible start z[i] of position i of round r."""
    n = L[r]
    t = early[0]
    prev = 0
    for i in range(n):
        c = R[r, i]
        t = max(early[c], t + tt[prev, c])
        a[i] = t
        t += s[c]
        prev = c
    nxt = 0
    lz = tend
    for i in range(n - 1, -1, -1):
        c = R[r, i]
        lz = min(late[c], lz - tt[c, nxt] - s[c])
        z[i] = lz
        nxt = c


@njit(cache=True)
def _insert_feasible(v, R, L, load, active, tt, dist, early, late, s, q, cap, tend, a, z):  # pragma: no cover
    """Cheapest feasible position for call v: (round, position) or (-1, -1)."""
    best_r, best_p, best_add = -1, -1, 1e300
    for r in range(R.shape[0]):
        if not active[r] or load[r] + q[v] > cap + EPS:
            continue
        _times(R, L, r, tt, early, late, s, tend, a, z)
        n = L[r]
        for p in range(n + 1):
            prev = 0 if p == 0 else R[r, p - 1]
            nxt = 0 if p == n else R[r, p]
            dep = early[0] if p == 0 else a[p - 1] + s[prev]
            st = max(early[v], dep + tt[prev, v])
            if st > late[v] + EPS:
                break  # later positions start v even later
            arr = st + s[v] + tt[v, nxt]
            limit = tend if p == n else z[p]
            if arr > limit + EPS:
                continue
            add = dist[prev, v] + dist[v, nxt] - dist[prev, nxt]
            if add < best_add:
                best_r, best_p, best_add = r, p, add
    return best_r, best_p


@njit(cache=True)
def _eject_search(
    v, r, kmax, best_ps, R, L, load, pen, tt, early, late, s, q, cap, tend, a, z, out, nodes
):  # pragma: no cover
    """Best ejection for inserting v into round r with at most kmax ejections.

    Returns (sum of counters, position of v) and writes the ejected positions (in the
    round with v inserted) to ``out`` (-1 terminated); sum >= best_ps: nothing better.
    At most ``nodes`` search nodes per position of v: beyond, the best found is kept.
    """
    n = L[r]
    m = n + 1
    _times(R, L, r, tt, early, late, s, tend, a, z)
    seq = np.empty(m, dtype=np.int64)
    prev = np.empty(m + 1, dtype=np.int64)
    dep = np.empty(m + 1, dtype=np.float64)
    kk = np.empty(m + 1, dtype=np.int64)
    ps = np.empty(m + 1, dtype=np.int64)
    el = np.empty(m + 1, dtype=np.float64)
    choice = np.empty(m + 1, dtype=np.int64)
    stack = np.empty(kmax + 1, dtype=np.int64)
    found_pv = -1
    need = load[r] + q[v] - cap  # demand that must leave the round
    for pv in range(m):
        # v's start if nothing before it leaves: no ejection before it can make it later
        for i in range(pv):
            seq[i] = R[r, i]
        seq[pv] = v
        for i in range(pv, n):
            seq[i + 1] = R[r, i]
        idx = 0
        prev[0] = 0
        dep[0] = early[0]
        kk[0] = 0
        ps[0] = 0
        el[0] = 0.0
        choice[0] = -1
        steps = 0
        while idx >= 0 and steps < nodes:
            steps += 1
            if ps[idx] >= best_ps:
                idx -= 1
                continue
            if idx == m:
                if dep[m] + tt[prev[m], 0] <= tend + EPS and el[m] >= need - EPS:
                    best_ps = ps[m]
                    found_pv = pv
                    for j in range(kk[m]):
                        out[j] = stack[j]
                    out[kk[m]] = -1
                idx -= 1
                continue
            choice[idx] += 1
            c = choice[idx]
            node = seq[idx]
            if c == 0:  # keep the call at idx
                st = max(early[node], dep[idx] + tt[prev[idx], node])
                if st > late[node] + EPS:
                    continue
                if idx > pv and st <= z[idx - 1] + EPS and el[idx] >= need - EPS:
                    # the rest of the round is unchanged and feasible from here
                    best_ps = ps[idx]
                    found_pv = pv
                    for j in range(kk[idx]):
                        out[j] = stack[j]
                    out[kk[idx]] = -1
                    continue
                prev[idx + 1] = node
                dep[idx + 1] = st + s[node]
                kk[idx + 1] = kk[idx]
                ps[idx + 1] = ps[idx]
                el[idx + 1] = el[idx]
                choice[idx + 1] = -1
                idx += 1
            elif c == 1:  # eject it
                if node == v or kk[idx] >= kmax or ps[idx] + pen[node] >= best_ps:
                    continue
                stack[kk[idx]] = idx
                prev[idx + 1] = prev[idx]
                dep[idx + 1] = dep[idx]
                kk[idx + 1] = kk[idx] + 1
                ps[idx + 1] = ps[idx] + pen[node]
                el[idx + 1] = el[idx] + q[node]
                choice[idx + 1] = -1
                idx += 1
            else:
                idx -= 1
    return best_ps, found_pv


@njit(cache=True)
def _remove_at(R, L, load, q, r, p):  # pragma: no cover - compiled
    c = R[r, p]
    for i in range(p, L[r] - 1):
        R[r, i] = R[r, i + 1]
    L[r] -= 1
    load[r] -= q[c]
    return c


@njit(cache=True)
def _insert_at(R, L, load, q, r, p, c):  # pragma: no cover - compiled
    for i in range(L[r], p, -1):
        R[r, i] = R[r, i - 1]
    R[r, p] = c
    L[r] += 1
    load[r] += q[c]


@njit(cache=True)
def _perturb(R, L, load, active, tries, temp, tt, dist, early, late, s, q, cap, tend):  # pragma: no cover
    """Random feasible relocations, swaps and exchanges of round ends.

    A move that lengthens the rounds by d is made with probability exp(-d / temp), so
    the plan is shaken without losing the distance the previous search found.
    """
    k = R.shape[0]
    buf1 = np.empty(R.shape[1], dtype=np.int64)
    buf2 = np.empty(R.shape[1], dtype=np.int64)
    for _ in range(tries):
        r1 = np.random.randint(k)
        r2 = np.random.randint(k)
        if not active[r1] or not active[r2] or L[r1] == 0 or r1 == r2:
            continue
        pick = np.random.random()
        if pick < 0.4:  # relocate a call of r1 into r2, before position p2
            kind, p1, p2 = 0, np.random.randint(L[r1]), np.random.randint(L[r2] + 1)
            c = R[r1, p1]
            if load[r2] + q[c] > cap + EPS:
                continue
            a1 = 0 if p1 == 0 else R[r1, p1 - 1]
            b1 = 0 if p1 == L[r1] - 1 else R[r1, p1 + 1]
            a2 = 0 if p2 == 0 else R[r2, p2 - 1]
            b2 = 0 if p2 == L[r2] else R[r2, p2]
            d = dist[a1, b1] - dist[a1, c] - dist[c, b1] + dist[a2, c] + dist[c, b2] - dist[a2, b2]
        elif pick < 0.7:  # swap a call of r1 with one of r2
            if L[r2] == 0:
                continue
            kind, p1, p2 = 2, np.random.randint(L[r1]), np.random.randint(L[r2])
            c1 = R[r1, p1]
            c2 = R[r2, p2]
            if load[r1] - q[c1] + q[c2] > cap + EPS or load[r2] - q[c2] + q[c1] > cap + EPS:
                continue
            a1 = 0 if p1 == 0 else R[r1, p1 - 1]
            b1 = 0 if p1 == L[r1] - 1 else R[r1, p1 + 1]
            a2 = 0 if p2 == 0 else R[r2, p2 - 1]
            b2 = 0 if p2 == L[r2] - 1 else R[r2, p2 + 1]
            d = (
                dist[a1, c2] + dist[c2, b1] - dist[a1, c1] - dist[c1, b1]
                + dist[a2, c1] + dist[c1, b2] - dist[a2, c2] - dist[c2, b2]
            )  # fmt: skip
        else:  # 2-opt*: exchange the ends of r1 and r2 from positions p1 and p2
            kind, p1, p2 = 3, np.random.randint(L[r1] + 1), np.random.randint(L[r2] + 1)
            a1 = 0 if p1 == 0 else R[r1, p1 - 1]
            b1 = 0 if p1 == L[r1] else R[r1, p1]
            a2 = 0 if p2 == 0 else R[r2, p2 - 1]
            b2 = 0 if p2 == L[r2] else R[r2, p2]
            d = dist[a1, b2] + dist[a2, b1] - dist[a1, b1] - dist[a2, b2]
        if d > 0 and np.random.random() >= np.exp(-d / temp):
            continue
        m1, m2 = _move(kind, R, L, r1, p1, r2, p2, buf1, buf2)
        if m1 == 0 or m2 == 0:
            continue
        if not _seq_ok(buf1, m1, tt, early, late, s, q, cap, tend):
            continue
        if not _seq_ok(buf2, m2, tt, early, late, s, q, cap, tend):
            continue
        _write(R, L, load, q, r1, buf1, m1)
        _write(R, L, load, q, r2, buf2, m2)


@njit(cache=True)
def _write(R, L, load, q, r, buf, m):  # pragma: no cover - compiled
    """Round r becomes the first m calls of buf."""
    total = 0.0
    for x in range(m):
        R[r, x] = buf[x]
        total += q[buf[x]]
    L[r] = m
    load[r] = total


@njit(cache=True)
def _penalty(buf, m, tt, early, late, s, q, cap, tend):  # pragma: no cover - compiled
    """Capacity excess + time warp (Nagata's "travel back in time" to each window's end)."""
    t = early[0]
    prev = 0
    load = 0.0
    warp = 0.0
    for i in range(m):
        c = buf[i]
        load += q[c]
        t = max(early[c], t + tt[prev, c])
        if t > late[c]:
            warp += t - late[c]
            t = late[c]
        t += s[c]
        prev = c
    t += tt[prev, 0]
    if t > tend:
        warp += t - tend
    return max(0.0, load - cap) + warp


@njit(cache=True)
def _move(kind, R, L, r, i, r2, j, buf1, buf2):  # pragma: no cover - compiled
    """Rounds r and r2 after a move of the call at (r, i) with the call at (r2, j)."""
    m1 = 0
    m2 = 0
    if kind <= 1:  # relocate (r, i) into r2 before (kind 0) or after (kind 1) position j
        for x in range(L[r]):
            if x != i:
                buf1[m1] = R[r, x]
                m1 += 1
        at = j + kind
        for x in range(L[r2] + 1):
            if x == at:
                buf2[m2] = R[r, i]
                m2 += 1
            if x < L[r2]:
                buf2[m2] = R[r2, x]
                m2 += 1
    elif kind == 2:  # swap
        for x in range(L[r]):
            buf1[x] = R[r, x]
        for x in range(L[r2]):
            buf2[x] = R[r2, x]
        m1, m2 = L[r], L[r2]
        buf1[i] = R[r2, j]
        buf2[j] = R[r, i]
    else:  # 2-opt*: exchange the ends starting at (kind 3) or after (kind 4) the two calls
        a = i + kind - 3
        b = j + kind - 3
        for x in range(a):
            buf1[m1] = R[r, x]
            m1 += 1
        for x in range(b, L[r2]):
            buf1[m1] = R[r2, x]
            m1 += 1
        for x in range(b):
            buf2[m2] = R[r2, x]
            m2 += 1
        for x in range(a, L[r]):
            buf2[m2] = R[r, x]
            m2 += 1
    return m1, m2


@njit(cache=True)
def _squeeze(v, R, L, load, active, near, tt, dist, early, late, s, q, cap, tend):  # pragma: no cover
    """Insert v where the penalty grows least, then repair by local search; False: undone."""
    k = R.shape[0]
    width = R.shape[1]
    buf1 = np.empty(width, dtype=np.int64)
    buf2 = np.empty(width, dtype=np.int64)
    best_r, best_p, best_pen = -1, -1, 1e300
    for r in range(k):
        if not active[r] or L[r] + 1 >= width:
            continue
        for p in range(L[r] + 1):
            m = 0
            for x in range(L[r] + 1):
                if x == p:
                    buf1[m] = v
                    m += 1
                if x < L[r]:
                    buf1[m] = R[r, x]
                    m += 1
            pen = _penalty(buf1, m, tt, early, late, s, q, cap, tend)
            if pen < best_pen:
                best_r, best_p, best_pen = r, p, pen
    if best_r < 0:
        return False
    R0, L0, load0 = R.copy(), L.copy(), load.copy()
    _insert_at(R, L, load, q, best_r, best_p, v)
    pen_of = np.zeros(k, dtype=np.float64)
    pen_of[best_r] = best_pen
    route_of = np.full(early.shape[0], -1, dtype=np.int64)
    pos_of = np.full(early.shape[0], -1, dtype=np.int64)
    for _ in range(SQUEEZE_STEPS):
        total = 0.0
        bad = -1
        for r in range(k):
            if pen_of[r] > EPS:
                total += pen_of[r]
                if bad < 0 or np.random.random() < 0.5:
                    bad = r
        if bad < 0:
            return True
        for r in range(k):
            for x in range(L[r]):
                route_of[R[r, x]] = r
                pos_of[R[r, x]] = x
        best_d, bk, bi, br2, bj = -EPS, -1, -1, -1, -1
        b1 = 0.0
        b2 = 0.0
        for i in range(L[bad]):
            u = R[bad, i]
            for t in range(near.shape[1]):
                w = near[u, t]
                r2 = route_of[w]
                if r2 < 0 or r2 == bad or not active[r2]:
                    continue
                j = pos_of[w]
                for kind in range(5):
                    m1, m2 = _move(kind, R, L, bad, i, r2, j, buf1, buf2)
                    if m1 + 1 >= width or m2 + 1 >= width:
                        continue
                    p1 = _penalty(buf1, m1, tt, early, late, s, q, cap, tend)
                    p2 = _penalty(buf2, m2, tt, early, late, s, q, cap, tend)
                    d = p1 + p2 - pen_of[bad] - pen_of[r2]
                    if d < best_d:
                        best_d, bk, bi, br2, bj, b1, b2 = d, kind, i, r2, j, p1, p2
        if bk < 0:
            break
        m1, m2 = _move(bk, R, L, bad, bi, br2, bj, buf1, buf2)
        _write(R, L, load, q, bad, buf1, m1)
        _write(R, L, load, q, br2, buf2, m2)
        pen_of[bad], pen_of[br2] = b1, b2
    ok = True
    for r in range(k):
        if pen_of[r] > EPS:
            ok = False
    if not ok:
        R[:, :] = R0
        L[:] = L0
        load[:] = load0
    return ok


@njit(cache=True)
def eliminate_chunk(
    R, L, load, active, pool, pool_n, pen, near, steps, seed, temp, tt, dist, early, late, s, q, cap, tend
):  # pragma: no cover
    """Take up to ``steps`` calls from the pool; returns the calls left in it."""
    np.random.seed(seed)
    width = R.shape[1]
    a = np.empty(width, dtype=np.float64)
    z = np.empty(width, dtype=np.float64)
    out = np.empty(K_MAX + 1, dtype=np.int64)
    best_out = np.empty(K_MAX + 1, dtype=np.int64)
    n = pool_n
    for _ in range(steps):
        if n == 0:
            break
        n -= 1
        v = pool[n]
        r, p = _insert_feasible(v, R, L, load, active, tt, dist, early, late, s, q, cap, tend, a, z)
        if r >= 0:
            _insert_at(R, L, load, q, r, p, v)
            continue
        if _squeeze(v, R, L, load, active, near, tt, dist, early, late, s, q, cap, tend):
            continue
        pen[v] += 1
        best_ps = 1 << 60
        best_r, best_p = -1, -1
        for kmax in range(1, K_MAX + 1):
            if best_ps <= kmax:
                break
            start = np.random.randint(R.shape[0])
            for i in range(R.shape[0]):
                rr = (start + i) % R.shape[0]
                if not active[rr] or L[rr] + 1 >= width:
                    continue
                ps, pv = _eject_search(
                    v, rr, kmax, best_ps, R, L, load, pen, tt, early, late, s, q, cap, tend, a, z, out, NODES
                )
                if pv >= 0 and ps < best_ps:
                    best_ps, best_r, best_p = ps, rr, pv
                    best_out[:] = out
        if best_r < 0:
            # not insertable even with ejections: put it back under the top and shake
            for j in range(n, 0, -1):
                pool[j] = pool[j - 1]
            pool[0] = v
            n += 1
            _perturb(R, L, load, active, PERTURB, temp, tt, dist, early, late, s, q, cap, tend)
            continue
        _insert_at(R, L, load, q, best_r, best_p, v)
        # ejected positions refer to the round with v inserted, in increasing order
        j = 0
        while best_out[j] >= 0:
            j += 1
        for t in range(j - 1, -1, -1):
            pool[n] = _remove_at(R, L, load, q, best_r, best_out[t])
            n += 1
        _perturb(R, L, load, active, PERTURB, temp, tt, dist, early, late, s, q, cap, tend)
    return n


class _State:
    def __init__(self, problem: Problem, asg: Assignment) -> None:
        carer = problem.carers[0]
        visits = problem.visits
        self.ids = [v.id for v in visits]
        index = {v.id: i + 1 for i, v in enumerate(visits)}
        locs = np.array([carer.start_location] + [v.location for v in visits], dtype=np.int64)
        tt = np.asarray(problem.travel.duration(carer.travel_mode), dtype=np.float64)
        dist = np.asarray(problem.travel.distance, dtype=np.float64)
        self.tt = np.ascontiguousarray(tt[np.ix_(locs, locs)])
        self.dist = np.ascontiguousarray(dist[np.ix_(locs, locs)])
        self.early = np.array([carer.shift_start] + [v.earliest for v in visits], dtype=np.float64)
        self.late = np.array([carer.shift_end] + [v.latest for v in visits], dtype=np.float64)
        self.s = np.array([0.0] + [v.duration for v in visits], dtype=np.float64)
        self.q = np.array([0.0] + [float(v.demand) for v in visits], dtype=np.float64)
        self.cap = float(carer.capacity) if carer.capacity is not None else 1e300
        self.tend = float(carer.shift_end) if np.isfinite(carer.shift_end) else 1e300
        used = [calls for calls in asg.values() if calls]
        width = len(visits) + 2
        self.R = np.zeros((len(used), width), dtype=np.int64)
        self.L = np.zeros(len(used), dtype=np.int64)
        for r, calls in enumerate(used):
            self.L[r] = len(calls)
            self.R[r, : len(calls)] = [index[vid] for vid, _ in calls]
        self.load = np.array([self.q[self.R[r, : self.L[r]]].sum() for r in range(len(used))])
        self.active = np.ones(len(used), dtype=np.bool_)
        order = np.argsort(self.dist[1:, 1:], axis=1)[:, : NEAR + 1] + 1
        self.near = np.zeros((len(self.early), NEAR), dtype=np.int64)
        for c in range(1, len(self.early)):
            row = [x for x in order[c - 1] if x != c][:NEAR]
            self.near[c, : len(row)] = row
        # temperature of the perturbation: a share of the typical arc to a near call
        self.temp = TEMP * float(np.mean(self.dist[np.arange(1, len(self.early))[:, None], self.near[1:]]))

    def args(self) -> tuple:
        return (self.tt, self.dist, self.early, self.late, self.s, self.q, self.cap, self.tend)

    def assignment(self, carer_ids: list[str]) -> Assignment:
        rounds = [r for r in range(len(self.L)) if self.active[r] and self.L[r]]
        return {
            carer_ids[i]: [(self.ids[c - 1], 0) for c in self.R[r, : self.L[r]]] for i, r in enumerate(rounds)
        }


def eliminate(problem: Problem, asg: Assignment, deadline: float, seed: int = 0) -> Assignment | None:
    """The plan ``asg`` with one round fewer, or None when the pool is not emptied by ``deadline``.

    The round removed is drawn at random (weighted towards short rounds); the returned
    assignment keeps the carers' ids of ``asg`` for the rounds left.
    """
    st = _State(problem, asg)
    live = np.flatnonzero(st.active)
    if len(live) <= 1:
        return None
    rng = np.random.default_rng(seed)
    weight = 1.0 / st.L[live]
    r = int(rng.choice(live, p=weight / weight.sum()))
    pen = np.ones(len(st.early), dtype=np.int64)
    pool = np.zeros(len(st.early), dtype=np.int64)
    n = int(st.L[r])
    pool[:n] = st.R[r, :n]
    rng.shuffle(pool[:n])
    st.L[r] = 0
    st.load[r] = 0.0
    st.active[r] = False
    chunk_seed = seed * 1_000_003
    while n and time.perf_counter() < deadline:
        chunk_seed += 1
        n = eliminate_chunk(
            st.R, st.L, st.load, st.active, pool, n, pen, st.near, CHUNK, chunk_seed, st.temp, *st.args()
        )
    if n:
        return None
    return st.assignment([cid for cid, calls in asg.items() if calls])


def warm_up() -> float:
    """Compile (or load from the cache) the kernels on a tiny problem; returns the seconds taken."""
    from .model import Carer, Travel, Visit

    began = time.perf_counter()
    pts = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    tiny = Problem(
        carers=[Carer("a", 0, shift_end=100, capacity=10), Carer("b", 0, shift_end=100, capacity=10)],
        visits=[Visit("v1", 1, 0, 50, 1, demand=1), Visit("v2", 2, 0, 50, 1, demand=1)],
        travel=Travel.same(np.sqrt(((pts[:, None] - pts[None]) ** 2).sum(-1))),
    )
    eliminate(tiny, {"a": [("v1", 0)], "b": [("v2", 0)]}, time.perf_counter() + 600)
    return time.perf_counter() - began
