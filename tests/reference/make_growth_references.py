#!/usr/bin/python3
# References for tests/survey/growth_test.cc: growth between two independent
# estimates, delta method on the log ratio with a normal interval on the log
# scale, computed with the standard library only (statistics.NormalDist).
import math
from statistics import NormalDist


def growth(x1, s1, x2, s2, years, level):
    z = NormalDist().inv_cdf(0.5 + level / 2)
    v = (s1 / x1) ** 2 + (s2 / x2) ** 2
    r = math.log(x2 / x1)
    g = math.exp(r / years) - 1
    return (g, math.exp((r - z * math.sqrt(v)) / years) - 1,
            math.exp((r + z * math.sqrt(v)) / years) - 1,
            (1 + g) * math.sqrt(v) / years)


print("yoy  ", *map(repr, growth(2.0e7, 3.0e5, 2.5e7, 4.0e5, 1, 0.95)))
print("cagr3", *map(repr, growth(2.0e7, 3.0e5, 2.5e7, 4.0e5, 3, 0.90)))
