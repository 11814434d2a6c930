"""Compiled simulated annealing over synchronised rounds (numba).

The search state is the order of calls of every carer. Each candidate move (relocate a
job, swap two jobs, best re-insertion of a job, move both carers of a double-up) is
timed *exactly*: the least schedule of the difference constraints of ADR 0101 (rounds,
double-ups starting together, min and max gaps of sequences) is recomputed in full by
a topological pass over the rounds with double-up nodes merged, then label correcting
for the max gaps; a cycle means the sequences deadlock and the move is refused.

The cost is the planner's objective for problems without breaks, working-time or
travel limits: distance + tardiness weight x (total + maximum lateness) for soft
windows, a prohibitive price per minute of a hard window or shift end broken, minus
the continuity bonus. :mod:`careplanner.repair` re-times and the evaluator re-checks
the returned sequences, so this module only has to be fast, not trusted.

numba compiles the kernels on first use and caches the machine code next to this file
(or in ``NUMBA_CACHE_DIR``), so only the very first run pays the compile time.
"""

from __future__ import annotations

import math
import time

import numpy as np
from numba import njit

from .jobs import Jobs, expand
from .model import Problem
from .sync import Assignment

LATE_HARD = 1e5  # cost per minute of a hard window or shift end broken
DEADLOCK = 1e30
CHUNK = 512  # moves per compiled call between clock checks
T_START, T_END = 5.0, 0.01  # temperatures, in units of the mean arc length of the plan
MIX = (0.4, 0.7, 0.85)  # cumulative shares: relocate, swap, exchange ends; the rest re-inserts


class Model:
    """Arrays describing the jobs and carers of a problem, in the kernels' terms."""

    def __init__(self, problem: Problem, jobs: Jobs) -> None:
        self.problem = problem
        self.jobs = [(v.id, slot) for v, slot in jobs.jobs]
        self.index = {j: i for i, j in enumerate(self.jobs)}
        n, carers = len(self.jobs), problem.carers
        modes = sorted({c.travel_mode for c in carers})
        self.tt = np.stack([np.asarray(problem.travel.duration(m), dtype=np.float64) for m in modes])
        self.dist = np.asarray(problem.travel.distance, dtype=np.float64)
        self.loc = np.array([v.location for v, _ in jobs.jobs], dtype=np.int64)
        self.dur = np.array([v.duration_for(s) for v, s in jobs.jobs], dtype=np.float64)
        self.early = np.array([v.earliest for v, _ in jobs.jobs], dtype=np.float64)
        self.late = np.array([v.latest for v, _ in jobs.jobs], dtype=np.float64)
        self.hard = np.array(
            [v.time_critical or not problem.allow_tardiness for v, _ in jobs.jobs], dtype=np.bool_
        )
        first_of: dict[str, int] = {}
        self.rep = np.arange(n, dtype=np.int64)  # double-up copies share their first copy's node
        self.mate = np.full(n, -1, dtype=np.int64)  # next copy of the same visit (a ring)
        by_visit: dict[str, list[int]] = {}
        for i, (vid, _) in enumerate(self.jobs):
            by_visit.setdefault(vid, []).append(i)
            first_of.setdefault(vid, i)
            self.rep[i] = first_of[vid]
        for copies in by_visit.values():
            if len(copies) > 1:
                for k, i in enumerate(copies):
                    self.mate[i] = copies[(k + 1) % len(copies)]
        seqs = [
            (self.index[(q.first, 0)], self.index[(q.second, 0)], q.min_gap, q.max_gap)
            for q in problem.sequences
            if (q.first, 0) in self.index and (q.second, 0) in self.index
        ]
        seqs.sort(key=lambda q: self.rep[q[0]])
        # sequences leaving each merged node: seq_ptr[u] .. seq_ptr[u + 1]
        self.seq_ptr = np.searchsorted(
            np.array([self.rep[q[0]] for q in seqs], dtype=np.int64), np.arange(n + 1)
        ).astype(np.int64)
        by_second = sorted(range(len(seqs)), key=lambda k: self.rep[seqs[k][1]])
        self.back_seq = np.array(by_second, dtype=np.int64)  # sequences arriving at each node
        self.back_ptr = np.searchsorted(
            np.array([self.rep[seqs[k][1]] for k in by_second], dtype=np.int64), np.arange(n + 1)
        ).astype(np.int64)
        self.seq_a = np.array([s[0] for s in seqs], dtype=np.int64)
        self.seq_b = np.array([s[1] for s in seqs], dtype=np.int64)
        self.seq_min = np.array([s[2] for s in seqs], dtype=np.float64)
        self.seq_max = np.array([s[3] for s in seqs], dtype=np.float64)
        self.capable = np.zeros((n, len(carers)), dtype=np.bool_)
        cap_lists = []
        for i, job in enumerate(self.jobs):
            able = jobs.capable.get(job, [])
            self.capable[i, able] = True
            cap_lists.append(able)
        self.cap_ptr = np.zeros(n + 1, dtype=np.int64)
        self.cap_ptr[1:] = np.cumsum([len(a) for a in cap_lists])
        self.cap_list = np.array([c for a in cap_lists for c in a], dtype=np.int64)
        self.bonus = np.zeros((n, len(carers)), dtype=np.float64)
        if problem.continuity_weight:
            col = {c.id: k for k, c in enumerate(carers)}
            for i, (v, _) in enumerate(jobs.jobs):
                for cid in v.preferred_carers:
                    if cid in col:
                        self.bonus[i, col[cid]] = problem.continuity_weight
        apart = [
            [k for other in jobs.apart.get(vid, ()) for k in by_visit.get(other, [])] for vid, _ in self.jobs
        ]
        self.apart_ptr = np.zeros(n + 1, dtype=np.int64)
        self.apart_ptr[1:] = np.cumsum([len(a) for a in apart])
        self.apart_list = np.array([k for a in apart for k in a], dtype=np.int64)
        self.home = np.array([c.start_location for c in carers], dtype=np.int64)
        self.end = np.array([c.end for c in carers], dtype=np.int64)
        self.shift_start = np.array([c.shift_start for c in carers], dtype=np.float64)
        self.shift_end = np.array([c.shift_end for c in carers], dtype=np.float64)
        self.mode = np.array([modes.index(c.travel_mode) for c in carers], dtype=np.int64)
        self.soft_weight = float(problem.tardiness_weight) if problem.allow_tardiness else 0.0
        self.width = max(1, n) + 1

    def state(self, asg: Assignment) -> tuple[np.ndarray, np.ndarray]:
        carers = self.problem.carers
        routes = np.full((len(carers), self.width), -1, dtype=np.int64)
        size = np.zeros(len(carers), dtype=np.int64)
        for k, c in enumerate(carers):
            calls = [self.index[j] for j in asg.get(c.id, []) if j in self.index]
            routes[k, : len(calls)] = calls
            size[k] = len(calls)
        return routes, size

    def assignment(self, routes: np.ndarray, size: np.ndarray) -> Assignment:
        return {
            c.id: [self.jobs[int(j)] for j in routes[k, : size[k]]] for k, c in enumerate(self.problem.carers)
        }

    def args(self) -> tuple[object, ...]:
        return (
            self.tt,
            self.dist,
            self.loc,
            self.dur,
            self.early,
            self.late,
            self.hard,
            self.rep,
            self.mate,
            self.seq_a,
            self.seq_b,
            self.seq_min,
            self.seq_max,
            self.seq_ptr,
            self.back_ptr,
            self.back_seq,
            self.bonus,
            self.home,
            self.end,
            self.shift_start,
            self.shift_end,
            self.mode,
            self.soft_weight,
            self.apart_ptr,
            self.apart_list,
        )


@njit(cache=True)
def _cost(routes, size, carer_of, pos_of, s, data):  # pragma: no cover - compiled
    """Exact cost of the rounds; fills ``s`` with the least start times (DEADLOCK if none)."""
    (tt, dist, loc, dur, early, late, hard, rep, mate, seq_a, seq_b, seq_min, seq_max, seq_ptr, back_ptr, back_seq,
     bonus, home, end, shift_start, shift_end, mode, soft_weight, _, _) = data  # fmt: skip
    n = loc.shape[0]
    n_c = size.shape[0]
    indeg = np.zeros(n, dtype=np.int64)
    for j in range(n):
        s[j] = -1e300
    cost = 0.0
    for c in range(n_c):
        m = size[c]
        if m == 0:
            continue
        first = routes[c, 0]
        prev_loc = home[c]
        for k in range(m):
            j = routes[c, k]
            cost += dist[prev_loc, loc[j]] - bonus[j, c]
            prev_loc = loc[j]
            lo = early[j]
            if k == 0:
                lo = max(lo, shift_start[c] + tt[mode[c], home[c], loc[first]])
            else:
                indeg[rep[j]] += 1
            if lo > s[rep[j]]:
                s[rep[j]] = lo
        cost += dist[prev_loc, end[c]]
    for q in range(seq_a.shape[0]):
        indeg[rep[seq_b[q]]] += 1
    # Kahn's pass over merged nodes: round edges and min gaps
    stack = np.empty(n, dtype=np.int64)
    top = 0
    reps = 0
    for j in range(n):
        if rep[j] == j:
            reps += 1
            if indeg[j] == 0:
                stack[top] = j
                top += 1
    done = 0
    while top > 0:
        top -= 1
        u = stack[top]
        done += 1
        su = s[u]
        m = u
        while True:  # every copy of the merged node continues its own round
            c = carer_of[m]
            p = pos_of[m]
            if c >= 0 and p + 1 < size[c]:
                nx = routes[c, p + 1]
                w = su + dur[m] + tt[mode[c], loc[m], loc[nx]]
                r = rep[nx]
                if w > s[r]:
                    s[r] = w
                indeg[r] -= 1
                if indeg[r] == 0:
                    stack[top] = r
                    top += 1
            m = mate[m]
            if m < 0 or m == u:
                break
        for q in range(seq_ptr[u], seq_ptr[u + 1]):
            r = rep[seq_b[q]]
            if su + seq_min[q] > s[r]:
                s[r] = su + seq_min[q]
            indeg[r] -= 1
            if indeg[r] == 0:
                stack[top] = r
                top += 1
    if done < reps:
        return DEADLOCK
    # max gaps pull first parts later: label correcting from the nodes they move
    inq = np.zeros(n, dtype=np.bool_)
    queue = stack  # reused as a ring buffer of size n
    head = 0
    count = 0
    for q in range(seq_a.shape[0]):
        a = rep[seq_a[q]]
        if s[rep[seq_b[q]]] - seq_max[q] > s[a] + 1e-9:
            s[a] = s[rep[seq_b[q]]] - seq_max[q]
            if not inq[a]:
                inq[a] = True
                queue[(head + count) % n] = a
                count += 1
    pushes = 0
    while count > 0:
        u = queue[head]
        head = (head + 1) % n
        count -= 1
        inq[u] = False
        su = s[u]
        m = u
        while True:
            c = carer_of[m]
            p = pos_of[m]
            if c >= 0 and p + 1 < size[c]:
                nx = routes[c, p + 1]
                r = rep[nx]
                w = su + dur[m] + tt[mode[c], loc[m], loc[nx]]
                if w > s[r] + 1e-9:
                    s[r] = w
                    if not inq[r]:
                        inq[r] = True
                        queue[(head + count) % n] = r
                        count += 1
                        pushes += 1
            m = mate[m]
            if m < 0 or m == u:
                break
        for q in range(seq_ptr[u], seq_ptr[u + 1]):
            r = rep[seq_b[q]]
            if su + seq_min[q] > s[r] + 1e-9:
                s[r] = su + seq_min[q]
                if not inq[r]:
                    inq[r] = True
                    queue[(head + count) % n] = r
                    count += 1
                    pushes += 1
        for k in range(back_ptr[u], back_ptr[u + 1]):
            q = back_seq[k]
            r = rep[seq_a[q]]
            if su - seq_max[q] > s[r] + 1e-9:
                s[r] = su - seq_max[q]
                if not inq[r]:
                    inq[r] = True
                    queue[(head + count) % n] = r
                    count += 1
                    pushes += 1
        if pushes > 40 * n + 200:
            return DEADLOCK
    for j in range(n):
        s[j] = s[rep[j]]
    total = 0.0
    worst = 0.0
    for j in range(n):
        if carer_of[j] < 0:
            continue
        over = s[j] - late[j]
        if over > 0:
            if hard[j]:
                cost += LATE_HARD * over
            else:
                total += over
                if over > worst:
                    worst = over
    for c in range(n_c):
        m = size[c]
        if m > 0:
            last = routes[c, m - 1]
            over = s[last] + dur[last] + tt[mode[c], loc[last], end[c]] - shift_end[c]
            if over > 0:
                cost += LATE_HARD * over
    return cost + soft_weight * (total + worst)


@njit(cache=True)
def _remove(routes, size, carer_of, pos_of, j):  # pragma: no cover - compiled
    c = carer_of[j]
    p = pos_of[j]
    for k in range(p, size[c] - 1):
        routes[c, k] = routes[c, k + 1]
        pos_of[routes[c, k]] = k
    size[c] -= 1
    routes[c, size[c]] = -1
    carer_of[j] = -1
    return c, p


@njit(cache=True)
def _insert(routes, size, carer_of, pos_of, j, c, p):  # pragma: no cover - compiled
    for k in range(size[c], p, -1):
        routes[c, k] = routes[c, k - 1]
        pos_of[routes[c, k]] = k
    routes[c, p] = j
    pos_of[j] = p
    carer_of[j] = c
    size[c] += 1


@njit(cache=True)
def _clash(carer_of, data, j, c):  # pragma: no cover - compiled
    """Whether carer ``c`` does another slot of ``j``'s visit, or a part it must be apart from."""
    mate, apart_ptr, apart_list = data[8], data[23], data[24]  # positions as in Model.args
    m = mate[j]
    while m >= 0 and m != j:
        if carer_of[m] == c:
            return True
        m = mate[m]
    for k in range(apart_ptr[j], apart_ptr[j + 1]):  # noqa: SIM110 (plain loops compile best)
        if carer_of[apart_list[k]] == c:
            return True
    return False


@njit(cache=True)
def _accept(value, current, temp):  # pragma: no cover - compiled
    """Metropolis rule: always downhill, uphill with probability exp(-delta / temp)."""
    return value < current - 1e-9 or np.random.random() < math.exp(-(value - current) / temp)


@njit(cache=True)
def _doubled(routes, size, carer_of, data, c):  # pragma: no cover - compiled
    """Whether carer ``c`` does two slots of one visit, or two parts that must be apart."""
    for k in range(size[c]):  # noqa: SIM110 (plain loops compile best)
        if _clash(carer_of, data, routes[c, k], c):
            return True
    return False


@njit(cache=True)
def _position_by_time(routes, size, s, c, t):  # pragma: no cover - compiled
    p = 0
    while p < size[c] and s[routes[c, p]] <= t:
        p += 1
    return p


@njit(cache=True)
def anneal_chunk(
    routes, size, carer_of, pos_of, s_cur, best_routes, best_size, cap_ptr, cap_list, capable, mix, current, best,
    temp_from, temp_to, moves, seed, data,
):  # fmt: skip  # pragma: no cover - compiled
    """Run ``moves`` annealing moves; returns (current cost, best cost, accepted moves)."""
    dist, loc, early, late = data[1], data[2], data[4], data[5]  # positions as in Model.args
    rep, home, end = data[7], data[17], data[18]
    np.random.seed(seed)
    n = loc.shape[0]
    s = np.empty(n, dtype=np.float64)
    cand_d = np.empty(n + size.shape[0] * 2, dtype=np.float64)
    cand_c = np.empty(n + size.shape[0] * 2, dtype=np.int64)
    cand_p = np.empty(n + size.shape[0] * 2, dtype=np.int64)
    width = 8
    row1 = np.empty(routes.shape[1], dtype=np.int64)
    row2 = np.empty(routes.shape[1], dtype=np.int64)
    accepted = 0
    for it in range(moves):
        temp = temp_from * (temp_to / temp_from) ** (it / moves)
        r = np.random.random()
        j = np.random.randint(n)
        if carer_of[j] < 0:
            continue
        home_c = carer_of[j]
        home_p = pos_of[j]
        if r < mix[0]:  # relocate, guided by time
            c = cap_list[cap_ptr[j] + np.random.randint(cap_ptr[j + 1] - cap_ptr[j])]
            if c != home_c and _clash(carer_of, data, j, c):
                continue
            _remove(routes, size, carer_of, pos_of, j)
            t = early[j] + np.random.random() * (late[j] - early[j])
            p = _position_by_time(routes, size, s_cur, c, t) + np.random.randint(3) - 1
            p = min(max(p, 0), size[c])
            if c == home_c and p == home_p:
                _insert(routes, size, carer_of, pos_of, j, home_c, home_p)
                continue
            _insert(routes, size, carer_of, pos_of, j, c, p)
            value = _cost(routes, size, carer_of, pos_of, s, data)
            if _accept(value, current, temp):
                current = value
                accepted += 1
                s_cur[:] = s
            else:
                _remove(routes, size, carer_of, pos_of, j)
                _insert(routes, size, carer_of, pos_of, j, home_c, home_p)
        elif r < mix[1]:  # swap with a job of another carer
            i = np.random.randint(n)
            other_c = carer_of[i]
            if other_c < 0 or other_c == home_c or rep[i] == rep[j]:
                continue
            if not (capable[j, other_c] and capable[i, home_c]):
                continue
            if _clash(carer_of, data, j, other_c) or _clash(carer_of, data, i, home_c):
                continue
            pi = pos_of[i]
            routes[home_c, home_p] = i
            routes[other_c, pi] = j
            carer_of[i], pos_of[i] = home_c, home_p
            carer_of[j], pos_of[j] = other_c, pi
            value = _cost(routes, size, carer_of, pos_of, s, data)
            if _accept(value, current, temp):
                current = value
                accepted += 1
                s_cur[:] = s
            else:
                routes[home_c, home_p] = j
                routes[other_c, pi] = i
                carer_of[j], pos_of[j] = home_c, home_p
                carer_of[i], pos_of[i] = other_c, pi
        elif r < mix[2]:  # exchange the ends of two rounds at about the same time (2-opt*)
            c2 = np.random.randint(size.shape[0])
            if c2 == home_c:
                continue
            p2 = _position_by_time(routes, size, s_cur, c2, s_cur[j]) - 1  # last call before j starts
            m1 = size[home_c]
            m2 = size[c2]
            if m1 - home_p - 1 == 0 and m2 - p2 - 1 == 0:
                continue
            ok = True
            for k in range(home_p + 1, m1):
                if not capable[routes[home_c, k], c2]:
                    ok = False
            for k in range(p2 + 1, m2):
                if not capable[routes[c2, k], home_c]:
                    ok = False
            if not ok:
                continue
            row1[:m1] = routes[home_c, :m1]
            row2[:m2] = routes[c2, :m2]
            n1 = home_p + 1
            n2 = p2 + 1
            for k in range(p2 + 1, m2):
                routes[home_c, n1] = row2[k]
                n1 += 1
            for k in range(home_p + 1, m1):
                routes[c2, n2] = row1[k]
                n2 += 1
            for k in range(n1, m1):
                routes[home_c, k] = -1
            for k in range(n2, m2):
                routes[c2, k] = -1
            size[home_c] = n1
            size[c2] = n2
            for k in range(n1):
                carer_of[routes[home_c, k]] = home_c
                pos_of[routes[home_c, k]] = k
            for k in range(n2):
                carer_of[routes[c2, k]] = c2
                pos_of[routes[c2, k]] = k
            value = 1e300
            if not (
                _doubled(routes, size, carer_of, data, home_c) or _doubled(routes, size, carer_of, data, c2)
            ):
                value = _cost(routes, size, carer_of, pos_of, s, data)
            if _accept(value, current, temp):
                current = value
                accepted += 1
                s_cur[:] = s
            else:
                for k in range(max(n1, m1)):
                    routes[home_c, k] = row1[k] if k < m1 else -1
                for k in range(max(n2, m2)):
                    routes[c2, k] = row2[k] if k < m2 else -1
                size[home_c] = m1
                size[c2] = m2
                for k in range(m1):
                    carer_of[row1[k]] = home_c
                    pos_of[row1[k]] = k
                for k in range(m2):
                    carer_of[row2[k]] = c2
                    pos_of[row2[k]] = k
        else:  # best re-insertion among the cheapest detours of every able carer
            _remove(routes, size, carer_of, pos_of, j)
            best_value = 1e300
            best_c = -1
            best_p = -1
            n_cand = 0
            for k in range(cap_ptr[j], cap_ptr[j + 1]):
                c = cap_list[k]
                if _clash(carer_of, data, j, c):
                    continue
                for p in range(size[c] + 1):
                    if c == home_c and p == home_p:
                        continue
                    a = home[c] if p == 0 else loc[routes[c, p - 1]]
                    b = end[c] if p == size[c] else loc[routes[c, p]]
                    cand_d[n_cand] = dist[a, loc[j]] + dist[loc[j], b] - dist[a, b]
                    cand_c[n_cand] = c
                    cand_p[n_cand] = p
                    n_cand += 1
            order = np.argsort(cand_d[:n_cand])
            for k in range(min(width, n_cand)):
                c = cand_c[order[k]]
                p = cand_p[order[k]]
                _insert(routes, size, carer_of, pos_of, j, c, p)
                value = _cost(routes, size, carer_of, pos_of, s, data)
                _remove(routes, size, carer_of, pos_of, j)
                if value < best_value:
                    best_value, best_c, best_p = value, c, p
            if best_c >= 0 and _accept(best_value, current, temp):
                _insert(routes, size, carer_of, pos_of, j, best_c, best_p)
                current = best_value
                accepted += 1
                _cost(routes, size, carer_of, pos_of, s_cur, data)
            else:
                _insert(routes, size, carer_of, pos_of, j, home_c, home_p)
        if current < best - 1e-9:
            best = current
            best_routes[:, :] = routes
            best_size[:] = size
    return current, best, accepted


@njit(cache=True)
def _insert_best(
    routes, size, carer_of, pos_of, missing, cap_ptr, cap_list, data
):  # pragma: no cover - compiled
    """Insert each missing job at the position of least exact cost; returns how many went in."""
    s = np.empty(data[2].shape[0], dtype=np.float64)
    placed = 0
    for j in missing:
        best_value = 1e300
        best_c = -1
        best_p = -1
        for k in range(cap_ptr[j], cap_ptr[j + 1]):
            c = cap_list[k]
            if _clash(carer_of, data, j, c):
                continue
            for p in range(size[c] + 1):
                _insert(routes, size, carer_of, pos_of, j, c, p)
                value = _cost(routes, size, carer_of, pos_of, s, data)
                _remove(routes, size, carer_of, pos_of, j)
                if value < best_value:
                    best_value, best_c, best_p = value, c, p
        if best_c >= 0 and best_value < DEADLOCK:
            _insert(routes, size, carer_of, pos_of, j, best_c, best_p)
            placed += 1
    return placed


def _positions(routes: np.ndarray, size: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    carer_of = np.full(n, -1, dtype=np.int64)
    pos_of = np.full(n, -1, dtype=np.int64)
    for c in range(size.shape[0]):
        for k in range(size[c]):
            carer_of[routes[c, k]] = c
            pos_of[routes[c, k]] = k
    return carer_of, pos_of


def warm_up() -> float:
    """Compile (or load from the cache) the kernels on a tiny problem; returns the seconds taken."""
    from .model import Carer, Travel, Visit

    began = time.perf_counter()
    tiny = Problem(
        carers=[Carer("a", 0), Carer("b", 0)],
        visits=[Visit("v1", 1, 0, 10, 5, carers_needed=2), Visit("v2", 2, 0, 10, 5)],
        travel=Travel.same(np.array([[0.0, 1.0, 2.0], [1.0, 0.0, 1.0], [2.0, 1.0, 0.0]])),
        allow_tardiness=True,
    )
    jobs = expand(tiny)
    anneal(tiny, jobs, {"a": [("v1", 0), ("v2", 0)], "b": [("v1", 1)]}, time.perf_counter(), 0)
    return time.perf_counter() - began


def cost(model: Model, asg: Assignment) -> float:
    """The kernel's cost of an assignment (inf when the sequences deadlock)."""
    routes, size = model.state(asg)
    carer_of, pos_of = _positions(routes, size, len(model.jobs))
    s = np.empty(len(model.jobs), dtype=np.float64)
    value = float(_cost(routes, size, carer_of, pos_of, s, model.args()))
    return math.inf if value >= DEADLOCK else value


def anneal(
    problem: Problem, jobs: Jobs, asg: Assignment, deadline: float, seed: int = 0
) -> tuple[Assignment, dict[str, float]]:
    """Simulated annealing until ``deadline``; returns the best assignment seen and stats."""
    model = Model(problem, jobs)
    n = len(model.jobs)
    routes, size = model.state(asg)
    carer_of, pos_of = _positions(routes, size, n)
    stats: dict[str, float] = {"moves": 0, "accepted": 0}
    if n == 0:
        return asg, stats
    args = model.args()
    s_cur = np.empty(n, dtype=np.float64)
    missing = np.flatnonzero(carer_of < 0).astype(np.int64)
    # jobs the previous phases could not place go in first, each at its best position
    stats["inserted"] = int(
        _insert_best(routes, size, carer_of, pos_of, missing, model.cap_ptr, model.cap_list, args)
    )
    current = float(_cost(routes, size, carer_of, pos_of, s_cur, args))
    if current >= DEADLOCK:
        return asg, stats
    best_routes, best_size = routes.copy(), size.copy()
    best = current
    stats["start"] = current
    compiled = time.perf_counter()
    chunk_args = (
        routes,
        size,
        carer_of,
        pos_of,
        s_cur,
        best_routes,
        best_size,
        model.cap_ptr,
        model.cap_list,
    )
    mix = np.array(MIX)
    anneal_chunk(*chunk_args, model.capable, mix, current, best, 1.0, 1.0, 0, seed, args)  # compile or load
    stats["compile_seconds"] = time.perf_counter() - compiled
    distance = float(_cost_distance(model, routes, size))
    arc = max(1e-9, distance / (n + len(problem.carers)))
    t_hi, t_lo = T_START * arc, T_END * arc
    began = time.perf_counter()
    span = max(1e-3, deadline - began)
    chunk = 0
    frac = 0.0
    while True:
        now = time.perf_counter()
        if now >= deadline:
            break
        frac_next = min(1.0, (now - began) / span + 0.01)
        t_from = t_hi * (t_lo / t_hi) ** frac
        t_to = t_hi * (t_lo / t_hi) ** frac_next
        frac = frac_next
        current, best, acc = anneal_chunk(
            *chunk_args,
            model.capable,
            mix,
            current,
            best,
            t_from,
            t_to,
            CHUNK,
            seed * 1_000_003 + chunk,
            args,
        )
        chunk += 1
        stats["moves"] += CHUNK
        stats["accepted"] += acc
    stats["best"] = best
    return model.assignment(best_routes, best_size), stats


def _cost_distance(model: Model, routes: np.ndarray, size: np.ndarray) -> float:
    total = 0.0
    for c in range(size.shape[0]):
        if size[c]:
            locs = (
                [int(model.home[c])] + [int(model.loc[j]) for j in routes[c, : size[c]]] + [int(model.end[c])]
            )
            total += float(model.dist[locs[:-1], locs[1:]].sum())
    return total
