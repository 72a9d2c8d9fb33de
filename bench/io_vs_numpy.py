#!/usr/bin/python3
"""The full-inverse approach (numpy.linalg.inv, as pymrio computes L) on the
inputs io_bench wrote: Type I and II multipliers and the same shocks. Prints
its time, the ratio to jobimpact's time and the largest relative difference
between the two results.  Usage: io_vs_numpy.py DIR N SHOCKS"""
import resource
import sys
import time

import numpy as np


def blas_library():
    with open("/proc/self/maps") as fh:
        libs = {line.split()[-1] for line in fh if "blas" in line or "lapack" in line}
    return ", ".join(sorted(l.rsplit("/", 1)[-1] for l in libs)) or "unknown"


def main():
    d, n, k = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    a = np.fromfile(d + "/a.bin").reshape((n, n), order="F")
    vecs = np.fromfile(d + "/vecs.bin").reshape((n, 4), order="F")
    f = np.fromfile(d + "/f.bin").reshape((n, k), order="F")
    v, w, e, hr = vecs[:, 0], vecs[:, 1], vecs[:, 2], vecs[:, 3]

    t0 = time.perf_counter()
    l = np.linalg.inv(np.eye(n) - a)
    rows = np.vstack([np.ones(n), v, w, e])
    m1 = rows @ l
    abar = np.zeros((n + 1, n + 1))
    abar[:n, :n] = a
    abar[:n, n] = hr
    abar[n, :n] = w
    lbar = np.linalg.inv(np.eye(n + 1) - abar)
    del abar
    lnn = lbar[:n, :n]
    m2 = np.vstack([lnn.sum(0), v @ lnn, lbar[n, :n], e @ lnn])
    x1 = l @ f
    x2 = lnn @ f
    secs = time.perf_counter() - t0
    ours = float(open(d + "/secs.txt").read())
    mult = np.fromfile(d + "/mult.bin").reshape((n, 8), order="F")
    ref = np.vstack([m1, m2]).T
    x1o = np.fromfile(d + "/x1.bin").reshape((n, k), order="F")
    x2o = np.fromfile(d + "/x2.bin").reshape((n, k), order="F")
    diff = max(np.max(np.abs(mult - ref) / np.abs(ref)),
               np.max(np.abs(x1o - x1)) / np.max(np.abs(x1)),
               np.max(np.abs(x2o - x2)) / np.max(np.abs(x2)))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print("numpy    n=%d: same work by full inverses in %.3f s (BLAS: %s), peak RSS %.0f MB"
          % (n, secs, blas_library(), rss))
    print("ratio    n=%d: jobimpact is %.1fx faster; largest relative difference %.1e"
          % (n, secs / ours, diff))


if __name__ == "__main__":
    main()
