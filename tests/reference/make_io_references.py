#!/usr/bin/python3
"""Independent reference values for jobimpact's input-output engine.

Computes multipliers and shock effects with explicit inverses (numpy.linalg.inv
of I - A and of the (n+1)-sector matrix closed for households, the textbook
route of Miller & Blair 2009, ch. 2 and 6), parsing the shipped CSV files with
Python's csv module. jobimpact instead solves by LU / Sherman-Morrison and
parses with its own reader, so agreement tests both.

Writes tests/reference/io_references.csv: table, variant, quantity, code, value.
Run from the repository root:  /usr/bin/python3 tests/reference/make_io_references.py
"""
import csv
import numpy as np

EMPLOYMENT = "data/io/cn_employment_by_industry.csv"


def read_competitive(path):
    rows = list(csv.DictReader(open(path, encoding="utf-8")))
    sec = [r for r in rows if r["code"].isdigit()]
    codes = [r["code"] for r in sec]
    z = np.array([[float(r[c]) for c in codes] for r in sec])
    x = np.array([float(r["GO"]) for r in sec])
    by = {r["code"]: r for r in rows}
    va = sum(np.array([float(by[k][c]) for c in codes])
              for k in ("VA001", "VA002", "VA003", "VA004"))
    comp = np.array([float(by["VA001"][c]) for c in codes])
    hh = np.array([float(r["FU101"]) + float(r["FU102"]) for r in sec])
    im = np.array([float(r["IM"]) for r in sec])
    dom_use = np.array([float(r["TIU"]) + float(r["TFU"]) - float(r["EX"]) for r in sec])
    return dict(codes=codes, z=z, x=x, va=va, comp=comp, hh=hh,
                m=np.where(im > 0, im / dom_use, 0.0))


def read_noncompetitive(path):
    rows = list(csv.DictReader(open(path, encoding="utf-8")))
    dom = [r for r in rows if r["Origin"] == "Domestic"]
    imp = [r for r in rows if r["Origin"] == "Imports"]
    codes = [r["code"] for r in dom]
    zd = np.array([[float(r[c]) for c in codes] for r in dom])
    zm = np.array([[float(r[c]) for c in codes] for r in imp])
    x = np.array([float(r["GO"]) for r in dom])
    by = {r["code"]: r for r in rows if r["Origin"] == "TOT"}
    va = sum(np.array([float(by[k][c]) for c in codes])
              for k in ("VA001", "VA002", "VA003", "VA004"))
    comp = np.array([float(by["VA001"][c]) for c in codes])
    hd = np.array([float(r["TC"]) for r in dom])
    hm = np.array([float(r["TC"]) for r in imp])
    return dict(codes=codes, zd=zd, zm=zm, x=x, va=va, comp=comp, hd=hd, hm=hm)


def employment_coefficients(codes, x, concordance, year):
    emp = {r["code"]: float(r[year]) * 1e4
           for r in csv.DictReader(open(EMPLOYMENT, encoding="utf-8"))}
    group = {r["sector"]: r["industry"]
             for r in csv.DictReader(open(concordance, encoding="utf-8"))}
    out_by_group = {}
    for c, xi in zip(codes, x):
        out_by_group[group[c]] = out_by_group.get(group[c], 0.0) + xi
    return np.array([sum(emp[i] for i in group[c].split("+")) / out_by_group[group[c]]
                     for c in codes])


def multipliers(a, v, w, e, hh, comp_total):
    n = a.shape[0]
    l = np.linalg.inv(np.eye(n) - a)
    out = {"output_I": l.sum(0), "value_added_I": v @ l, "income_I": w @ l}
    if e is not None:
        out["employment_I"] = e @ l
    abar = np.zeros((n + 1, n + 1))
    abar[:n, :n] = a
    abar[:n, n] = hh / comp_total
    abar[n, :n] = w
    lbar = np.linalg.inv(np.eye(n + 1) - abar)
    lnn = lbar[:n, :n]
    out.update({"output_II": lnn.sum(0), "value_added_II": v @ lnn,
                "income_II": lbar[n, :n]})
    if e is not None:
        out["employment_II"] = e @ lnn
    return out, l, lbar


def shock(l, lbar, v, w, e, f):
    n = l.shape[0]
    x1 = l @ f
    x2 = (lbar @ np.concatenate([f, [0.0]]))[:n]
    res = {}
    for name, coef in (("output", np.ones(n)), ("value_added", v), ("income", w),
                       ("employment", e)):
        if coef is None:
            continue
        res[name + "_direct"] = coef @ f
        res[name + "_indirect"] = coef @ (x1 - f)
        res[name + "_induced"] = coef @ (x2 - x1)
    return res


def main():
    out = []

    def emit(table, variant, values, codes):
        for q, vec in values.items():
            for c, val in zip(codes, vec):
                out.append((table, variant, q, c, repr(float(val))))

    demand = {"123": 1.0e6, "106": 2.5e6, "120": 5.0e5}  # 10,000 yuan
    for table, conc, year in (
            ("cn2017_149", "data/io/concordance_cn2017_149_employment.csv", "2017"),
            ("cn2020_153", "data/io/concordance_cn2020_153_employment.csv", "2018")):
        t = read_competitive("data/io/%s.csv" % table)
        codes, x = t["codes"], t["x"]
        a = t["z"] / x
        v, w = t["va"] / x, t["comp"] / x
        e = employment_coefficients(codes, x, conc, year)
        vals, l, lbar = multipliers(a, v, w, e, t["hh"], t["comp"].sum())
        emit(table, "as_published", vals, codes)
        out.extend((table, "as_published", "employment_coefficient", c, repr(float(ei)))
                   for c, ei in zip(codes, e))
        f = np.array([demand.get(c, 0.0) for c in codes])
        for q, val in shock(l, lbar, v, w, e, f).items():
            out.append((table, "as_published", "shock_" + q, "TOTAL", repr(float(val))))
        keep = 1.0 - t["m"]
        ad = keep[:, None] * a
        vals, l, lbar = multipliers(ad, v, w, e, keep * t["hh"], t["comp"].sum())
        emit(table, "domestic", vals, codes)
        for q, val in shock(l, lbar, v, w, e, f).items():
            out.append((table, "domestic", "shock_" + q, "TOTAL", repr(float(val))))

    t = read_noncompetitive("data/io/cn2017_42.csv")
    codes, x = t["codes"], t["x"]
    v, w = t["va"] / x, t["comp"] / x
    vals, _, _ = multipliers(t["zd"] / x, v, w, None, t["hd"], t["comp"].sum())
    emit("cn2017_42", "domestic", vals, codes)
    vals, _, _ = multipliers((t["zd"] + t["zm"]) / x, v, w, None, t["hd"] + t["hm"],
                             t["comp"].sum())
    emit("cn2017_42", "as_published", vals, codes)

    with open("tests/reference/io_references.csv", "w", newline="") as fh:
        wr = csv.writer(fh, lineterminator="\n")
        wr.writerow(["table", "variant", "quantity", "code", "value"])
        wr.writerows(out)
    print("wrote %d reference values (numpy %s)" % (len(out), np.__version__))


if __name__ == "__main__":
    main()
