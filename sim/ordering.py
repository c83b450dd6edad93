"""Orders the results depend on: ranking inside groups, used for capacity limits (a worker's
hours, an institution's slots), and numpy's order of summation, which compiled sums follow."""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def rank_within(groups: np.ndarray, key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Order by group, then by ``key`` (non-negative), ties in their given order; return the
    order and each ordered element's rank inside its group.

    One stable sort of ``group + key / (max key + 1)`` instead of a lexsort: same order,
    faster.
    """
    key = key.astype(np.float64)
    span = key.max() + 1.0 if len(key) else 1.0
    order = stable_order(groups + key / span)
    rank = np.empty(len(order), np.int64)
    first = 0
    for i in range(len(order)):
        if i > 0 and groups[order[i]] != groups[order[i - 1]]:
            first = i
        rank[i] = i - first
    return order, rank


SHORT_RUN = 32  # runs up to this length are sorted by insertion


@njit(cache=True)
def stable_order(values):
    """``np.argsort(values, kind="mergesort")`` of finite values, by runs: the values are put
    in order of their whole part (a counting sort, stable), then each run of one whole part is
    sorted alone (stable too), so that many short runs, as of groups, sort in linear time.
    Values spread over more whole parts than twice their number are sorted at once."""
    n = len(values)
    if n == 0:
        return np.empty(0, np.int64)
    lowest = np.floor(values.min())
    whole = (np.floor(values) - lowest).astype(np.int64)
    if whole.max() + 1 > 2 * n:
        return np.argsort(values, kind="mergesort")
    return _by_runs(whole, values)


@njit(cache=True)
def order_by(groups, key):
    """The order by ``groups`` (integers), then by ``key``, ties in their given order: what a
    stable argsort by ``key`` and then one by ``groups`` give, in linear time for many short
    groups (by runs, as :func:`stable_order`; numba's own stable argsort is slow). Groups
    spread over more values than twice their number are sorted by those two argsorts."""
    n = len(groups)
    if n == 0:
        return np.empty(0, np.int64)
    group = groups.astype(np.int64) - groups.min()
    if group.max() + 1 > 2 * n:
        by_key = np.argsort(key, kind="mergesort")
        return by_key[np.argsort(groups[by_key], kind="mergesort")]
    return _by_runs(group, key)


@njit(cache=True)
def _by_runs(run_of, key):
    """The order by ``run_of`` (0 to its maximum; a counting sort), then by ``key`` inside each
    run, ties in their given order."""
    n = len(run_of)
    runs = run_of.max() + 1
    start = np.zeros(runs + 1, np.int64)  # where each run starts in the order
    for i in range(n):
        start[run_of[i] + 1] += 1
    for k in range(runs):
        start[k + 1] += start[k]
    filled = start[:-1].copy()
    order = np.empty(n, np.int64)
    for i in range(n):
        order[filled[run_of[i]]] = i
        filled[run_of[i]] += 1
    for k in range(runs):
        first, end = start[k], start[k + 1]
        if end - first > SHORT_RUN:
            run = order[first:end].copy()
            order[first:end] = run[np.argsort(key[run], kind="mergesort")]
            continue
        for i in range(first + 1, end):  # insertion: a value moves past larger ones only
            moving = order[i]
            j = i
            while j > first and key[order[j - 1]] > key[moving]:
                order[j] = order[j - 1]
                j -= 1
            order[j] = moving
    return order


PAIRWISE_BLOCK = 128  # numpy's PW_BLOCKSIZE: runs up to this length are summed directly
PAIRWISE_LANES = 8  # ... in eight interleaved running sums


@njit(cache=True)
def column_sums(matrix):
    """Per column, the sum down the rows in the order of numpy's pairwise summation, so that a
    sum or mean here has the bits of numpy's ``matrix[:, j].sum()`` (a sequential sum may differ
    in the last bit). A one-dimensional array is one column (numpy's ``values.sum()``, of a
    whole table too when the table is its flat view).

    numpy halves a run of values longer than a block (cut at a multiple of the lanes), sums the
    halves apart and adds them. This walks the same tree with a stack (numba cannot cache a
    recursive function): a run is split, or summed as a block, and a split run's two sums are
    added once both are known."""
    n = matrix.shape[0]
    d = 1 if matrix.ndim == 1 else matrix.shape[1]
    depth = 3 * 64  # a run of 2**64 rows is split 64 times at most
    runs = np.empty((depth, 2), np.int64)  # (first row, length) of the runs still to sum
    halves_known = np.empty(depth, np.bool_)  # the run's two halves are summed
    sums = np.empty((depth, d))
    lanes = np.empty((PAIRWISE_LANES, d))  # a block's running sums, per column
    n_runs, n_sums = 1, 0
    runs[0] = 0, n
    halves_known[0] = False
    while n_runs:
        n_runs -= 1
        start, length = runs[n_runs]
        if length <= PAIRWISE_BLOCK:
            if matrix.ndim == 1:
                sums[n_sums, 0] = _block_sum(matrix, start, length)
            else:
                _block_sums(matrix, start, length, sums[n_sums], lanes)
            n_sums += 1
        elif halves_known[n_runs]:
            n_sums -= 1
            for j in range(d):
                sums[n_sums - 1, j] += sums[n_sums, j]
        else:
            half = length // 2
            half -= half % PAIRWISE_LANES
            halves_known[n_runs] = True  # the run itself, then its right and left halves
            runs[n_runs + 1] = start + half, length - half
            runs[n_runs + 2] = start, half
            halves_known[n_runs + 1] = halves_known[n_runs + 2] = False
            n_runs += 3
    return sums[0].copy()


@njit(cache=True, inline="always")
def _block_sum(column, start, n):
    """numpy's sum of a block of ``n`` values from ``start``: below the lanes one running sum,
    else eight interleaved ones added in pairs, then the rest one by one."""
    if n < PAIRWISE_LANES:
        total = 0.0
        for i in range(start, start + n):
            total += column[i]
        return total
    whole = start + n - n % PAIRWISE_LANES
    r0, r1, r2, r3 = column[start], column[start + 1], column[start + 2], column[start + 3]
    r4, r5, r6, r7 = column[start + 4], column[start + 5], column[start + 6], column[start + 7]
    for i in range(start + PAIRWISE_LANES, whole, PAIRWISE_LANES):
        r0 += column[i]
        r1 += column[i + 1]
        r2 += column[i + 2]
        r3 += column[i + 3]
        r4 += column[i + 4]
        r5 += column[i + 5]
        r6 += column[i + 6]
        r7 += column[i + 7]
    total = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    for i in range(whole, start + n):
        total += column[i]
    return total


@njit(cache=True, inline="always")
def _block_sums(matrix, start, n, out, lanes):
    """:func:`_block_sum` of each column of a block of ``n`` rows from ``start`` into ``out``,
    the columns side by side (row by row through the block, the same additions per column;
    ``lanes``: room for the running sums)."""
    d = matrix.shape[1]
    if n < PAIRWISE_LANES:
        out[:] = 0.0
        for i in range(start, start + n):
            for j in range(d):
                out[j] += matrix[i, j]
        return
    whole = start + n - n % PAIRWISE_LANES
    for k in range(PAIRWISE_LANES):
        for j in range(d):
            lanes[k, j] = matrix[start + k, j]
    for i in range(start + PAIRWISE_LANES, whole, PAIRWISE_LANES):
        for k in range(PAIRWISE_LANES):
            for j in range(d):
                lanes[k, j] += matrix[i + k, j]
    for j in range(d):
        out[j] = (((lanes[0, j] + lanes[1, j]) + (lanes[2, j] + lanes[3, j]))
                  + ((lanes[4, j] + lanes[5, j]) + (lanes[6, j] + lanes[7, j])))
    for i in range(whole, start + n):
        for j in range(d):
            out[j] += matrix[i, j]
