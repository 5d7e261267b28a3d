#!/usr/bin/python3
"""Does the model beat simple baselines on real books, and is any of it tradable after spread and fees?

    /usr/bin/python3 model/evaluate.py --data MSFT=msft.jsonl[,msft-pred.csv] [--data ...] --out DIR

Each --data is a `tickring journal dump DIR --in` file, optionally with the DeepLOB scores the engine
wrote for the same journal (`tickring model eval MODEL --journal DIR --stride 1 --predictions FILE`), so
the DeepLOB row comes from the engine's own windows and ONNX Runtime, not from a Python copy.

For every dataset and horizon k (default 10, 20, 50, 100 book events) it builds the same windows for
every model (every --stride-th valid book of an instrument, from the 100th on, while k books follow),
labels them as DeepLOB does (l = (mean of the next k mids - mid) / mid; up if l > alpha, down if
l < -alpha; alpha the 1/3 quantile of |l| on each fold's training windows, at least 1e-7), and splits
them walk-forward in time order: --folds test blocks cover the last half of the windows' end times;
each fold trains on every window whose label horizon ends before its block starts, and tests on the
block's windows from the k-th book after the block start on (a gap of k books of that instrument, so
no training label overlaps a test window's future). The out-of-sample predictions of all folds form one
series in time order; metrics are over that series, with 95% intervals from a moving-block bootstrap.

Models, all on the same windows: majority class of the training windows; the microprice rule (the
engine's MicropriceRule, argmax as `model eval` takes it); logistic regression and gradient-boosted trees
on the feature stage's features made scale-free; DeepLOB when its engine scores are given (trained once,
elsewhere: every window here is out of its sample; its own horizon is in its metadata); and the oracle
that knows the label, which bounds what any classifier could trade.

Net edge: a signal "up" buys at the ask when the window ends and sells at the bid k books later; "down"
sells at the bid and buys back at the ask; "flat" does not trade. Per trade, in bps of the entry mid:
gross = the mid's move in the signal's direction; net = the prices actually crossed, less the taker fee
of the instrument (registry `fees.taker_bps`) on both legs. min_commission is left out (it depends on
the order size). Signals overlap when the stride is below k, so this is edge per signal, not a
portfolio backtest: `tickring backtest` is that.
"""
import argparse
import csv
import json
import os
import sys
import time

# One thread each for OpenMP and BLAS: on a shared 2-core machine, spinning thread pools (the boosted trees'
# OpenMP) made this 10x slower under load, not faster.
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tickring_model import data  # noqa: E402

WINDOW = 100  # the first window ends at the 100th valid book, as DeepLOB's does


def taker_fees(path):
    """instrument id -> taker fee in bps, from the dump's SESSION configuration."""
    with open(path) as f:
        for line in f:
            r = json.loads(line)
            if r.get("type") == "SESSION":
                cfg = data._find_config(r.get("session") or r.get("json") or r) or {"instruments": []}
                return {int(i["id"]): float((i.get("fees") or {}).get("taker_bps", 0.0)) for i in cfg["instruments"]}
    return {}


def tabular(feat):
    """The feature stage's features, made scale-free (bps of the mid, seconds) so one model fits any price."""
    mid = feat[:, 0]
    return np.stack([(feat[:, 1] - mid) / mid * 1e4, feat[:, 2], feat[:, 3], feat[:, 4], feat[:, 5], feat[:, 6],
                     (feat[:, 7] - mid) / mid * 1e4, feat[:, 8] * 1e4, feat[:, 9], feat[:, 10] / 1e9], axis=1)


def microprice_rule(feat):
    """MicropriceRule: s = L1 imbalance; p_up = max(s,0), p_down = max(-s,0), p_flat = 1-|s|; the argmax with
    ModelEvaluation's tie rule (up wins ties, then flat)."""
    s = np.clip(feat[:, 3], -1.0, 1.0)
    up, down, flat = np.maximum(s, 0.0), np.maximum(-s, 0.0), 1.0 - np.abs(s)
    return np.where((up >= flat) & (up >= down), 0, np.where(down > flat, 2, 1))


def read_predictions(path):
    """(instrument, valid-book index) -> class, from `model eval --predictions`."""
    out = {}
    with open(path) as f:
        for r in csv.DictReader(f):
            p = (float(r["p_up"]), float(r["p_flat"]), float(r["p_down"]))
            cls = 0 if p[0] >= p[1] and p[0] >= p[2] else 2 if p[2] > p[1] else 1
            out[(int(r["instrument"]), int(r["book"]))] = cls
    return out


def f1s(y, p):
    out = []
    for c in range(3):
        tp = np.sum((p == c) & (y == c))
        fp = np.sum((p == c) & (y != c))
        fn = np.sum((p != c) & (y == c))
        out.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return out


def edge(p, gross, net):
    """Per-window bps for the signal p: 0 where flat; trades counted where not flat."""
    sign = np.where(p == 0, 1.0, np.where(p == 2, -1.0, 0.0))
    return sign != 0, np.where(sign > 0, gross[:, 0], np.where(sign < 0, gross[:, 1], 0.0)), \
        np.where(sign > 0, net[:, 0], np.where(sign < 0, net[:, 1], 0.0))


def metrics(y, p, gross, net):
    f = f1s(y, p)
    traded, g, n = edge(p, gross, net)
    trades = int(traded.sum())
    return {"n": int(len(y)), "accuracy": float(np.mean(y == p)), "f1_up": float(f[0]), "f1_flat": float(f[1]),
            "f1_down": float(f[2]), "macro_f1": float(np.mean(f)), "trades": trades,
            "gross_bps_per_trade": float(g[traded].mean()) if trades else 0.0,
            "net_bps_per_trade": float(n[traded].mean()) if trades else 0.0,
            "net_bps_total": float(n.sum())}


def block_bootstrap(y, p, gross, net, block, reps, rng):
    """95% intervals of macro F1 and net bps per trade: moving blocks of `block` consecutive windows."""
    n = len(y)
    if n < 2 * block:
        return None
    starts = rng.integers(0, n - block + 1, size=(reps, (n + block - 1) // block))
    traded, _, nb = edge(p, gross, net)
    mf, ne = [], []
    for s in starts:
        idx = (s[:, None] + np.arange(block)[None, :]).reshape(-1)[:n]
        mf.append(np.mean(f1s(y[idx], p[idx])))
        t = traded[idx]
        ne.append(nb[idx][t].mean() if t.any() else 0.0)
    return {"macro_f1": [float(np.quantile(mf, 0.025)), float(np.quantile(mf, 0.975))],
            "net_bps_per_trade": [float(np.quantile(ne, 0.025)), float(np.quantile(ne, 0.975))]}


def evaluate(name, dump, pred_path, a, rng):
    t0 = time.time()
    instruments, events = data.read_dump(dump)
    fees = taker_fees(dump)
    if not instruments:  # an import: its SESSION names the source files, the registry has the instruments
        reg = data.registry(a.instruments)
        seen = {int(r["instrument"]) for r in events}
        unknown = sorted(seen - set(reg))
        if unknown:
            raise SystemExit(f"evaluate: {dump}: instruments {unknown} are not in {a.instruments}")
        instruments = {i: reg[i][:2] for i in seen}
        fees = {i: reg[i][2] for i in seen}
    walked = data.walk(instruments, events, 1)
    preds = read_predictions(pred_path) if pred_path else None
    horizons = [int(h) for h in a.horizons.split(",")]
    kmax = max(horizons)
    # The same window ends for every horizon and model: from the 100th valid book on, while kmax books follow.
    ends = sorted((o["t"][j], i, j) for i, o in walked.items() if len(o["t"]) > WINDOW + kmax
                  for j in range(WINDOW - 1, len(o["t"]) - kmax, a.stride))
    if not ends:
        raise SystemExit(f"evaluate: {dump}: no instrument has {WINDOW + kmax} valid books")
    used = sorted({i for _, i, _ in ends})
    t_end = np.array([e[0] for e in ends], dtype=np.int64)
    inst = np.array([e[1] for e in ends])
    jj = np.array([e[2] for e in ends])
    feat = np.stack([walked[i]["feat"][j] for _, i, j in ends])
    x = tabular(feat)
    micro = microprice_rule(feat)
    deep = None
    if preds is not None:
        missing = sum((i, j) not in preds for _, i, j in ends)
        if missing:
            raise SystemExit(f"evaluate: {pred_path}: {missing} of {len(ends)} windows have no engine score"
                             " (run model eval with --stride 1 on the same journal)")
        deep = np.array([preds[(i, j)] for _, i, j in ends])
    # Walk-forward boundaries: the last half of end times in --folds equal blocks.
    qs = np.quantile(t_end, np.linspace(0.5, 1.0, a.folds + 1))
    summary = {"dataset": name, "dump": os.path.basename(dump), "instruments": used,
               "taker_bps": {str(i): fees.get(i, 0.0) for i in used},
               "valid_books": {str(i): int(len(walked[i]["t"])) for i in used}, "windows": len(ends),
               "stride": a.stride, "folds": a.folds, "horizons": {}}
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler
    for k in horizons:
        # label, and the prices a k-book round trip crosses, per window
        lab = np.empty(len(ends))
        gross = np.empty((len(ends), 2))
        net = np.empty((len(ends), 2))
        lv = {i: data.labels(walked[i]["mid"], k) for i in used}
        for n, (_, i, j) in enumerate(ends):
            o = walked[i]
            m0, m1 = o["mid"][j], o["mid"][j + k]
            ask0, bid0, ask1, bid1 = o["rows"][j][0], o["rows"][j][2], o["rows"][j + k][0], o["rows"][j + k][2]
            fee = 2 * fees.get(i, 0.0)
            lab[n] = lv[i][j]
            gross[n] = ((m1 - m0) / m0 * 1e4, (m0 - m1) / m0 * 1e4)
            net[n] = ((bid1 - ask0) / m0 * 1e4 - fee, (bid0 - ask1) / m0 * 1e4 - fee)
        ys, ps, gs, ns, alphas = [], {}, [], [], []
        names = ["majority class (train)", "microprice rule", "logistic regression (features)",
                 "gradient-boosted trees (features)"] + (["DeepLOB (shipped)"] if deep is not None else []) + \
            ["oracle (knows the label)"]
        for nm in names:
            ps[nm] = []
        for f in range(a.folds):
            lo, hi = qs[f], qs[f + 1]
            # train: label horizon (book j+k) ends before the block starts
            tr = np.array([walked[i]["t"][j + k] < lo for i, j in zip(inst, jj)])
            # test: in the block, and at least k books of its instrument after the block's first book
            first = {i: int(np.searchsorted(walked[i]["t"], lo)) for i in used}
            te = (t_end >= lo) & ((t_end < hi) | (f == a.folds - 1)) & \
                np.array([j >= first[i] + k for i, j in zip(inst, jj)])
            if tr.sum() < 50 or te.sum() == 0:
                continue
            alpha = max(float(np.quantile(np.abs(lab[tr]), 1 / 3)), 1e-7)
            alphas.append(alpha)
            y_all = data.classes(lab, alpha)
            ytr, yte = y_all[tr], y_all[te]
            ys.append(yte)
            gs.append(gross[te])
            ns.append(net[te])
            ps["majority class (train)"].append(np.full(te.sum(), np.bincount(ytr, minlength=3).argmax()))
            ps["microprice rule"].append(micro[te])
            sc = StandardScaler().fit(x[tr])
            if len(np.unique(ytr)) > 1:
                lr = LogisticRegression(C=1.0, max_iter=1000).fit(sc.transform(x[tr]), ytr)
                ps["logistic regression (features)"].append(lr.predict(sc.transform(x[te])))
                gb = HistGradientBoostingClassifier(max_iter=200, learning_rate=0.05, max_leaf_nodes=15,
                                                    random_state=a.seed).fit(x[tr], ytr)
                ps["gradient-boosted trees (features)"].append(gb.predict(x[te]))
            else:
                ps["logistic regression (features)"].append(np.full(te.sum(), ytr[0]))
                ps["gradient-boosted trees (features)"].append(np.full(te.sum(), ytr[0]))
            if deep is not None:
                ps["DeepLOB (shipped)"].append(deep[te])
            ps["oracle (knows the label)"].append(yte)
        if not ys:
            continue
        y, g, nt = np.concatenate(ys), np.concatenate(gs), np.concatenate(ns)
        counts = np.bincount(y, minlength=3).tolist()
        rows = {}
        for nm in names:
            p = np.concatenate(ps[nm])
            r = metrics(y, p, g, nt)
            r["ci95"] = block_bootstrap(y, p, g, nt, max(a.block, 2 * k), a.reps, rng)
            rows[nm] = r
        summary["horizons"][str(k)] = {"alpha_per_fold": alphas, "test_labels_up_flat_down": counts,
                                       "models": rows}
        print(f"{name} k={k}: {len(y)} test windows, labels {counts}, "
              + ", ".join(f"{nm.split(' (')[0]} {r['macro_f1']:.3f}/{r['net_bps_per_trade']:+.2f}"
                          for nm, r in rows.items()), flush=True)
    summary["seconds"] = round(time.time() - t0, 1)
    return summary


def table(results):
    lines = []
    for s in results:
        lines += [f"### {s['dataset']} ({s['windows']:,} windows, every {s['stride']} valid book(s); "
                  f"instruments {s['instruments']}; taker fee {s['taker_bps']} bps a leg)", ""]
        lines += ["| k | model | accuracy | F1 up / flat / down | macro F1 [95% CI] | trades | gross bps/trade "
                  "| net bps/trade [95% CI] |", "|---|---|---|---|---|---|---|---|"]
        for k, h in s["horizons"].items():
            for nm, r in h["models"].items():
                ci = r["ci95"]
                mf = f"{r['macro_f1']:.3f}" + (f" [{ci['macro_f1'][0]:.3f}, {ci['macro_f1'][1]:.3f}]" if ci else "")
                ne = f"{r['net_bps_per_trade']:+.2f}" + (
                    f" [{ci['net_bps_per_trade'][0]:+.2f}, {ci['net_bps_per_trade'][1]:+.2f}]" if ci else "")
                lines.append(f"| {k} | {nm} | {r['accuracy']:.3f} | {r['f1_up']:.3f} / {r['f1_flat']:.3f} / "
                             f"{r['f1_down']:.3f} | {mf} | {r['trades']:,} | {r['gross_bps_per_trade']:+.2f} | {ne} |")
        lines.append("")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", action="append", required=True, metavar="NAME=DUMP[,PREDICTIONS]")
    ap.add_argument("--out", required=True)
    ap.add_argument("--instruments", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "config",
                                                          "instruments.yaml"),
                    help="registry for journals whose SESSION has no configuration (imports)")
    ap.add_argument("--horizons", default="10,20,50,100")
    ap.add_argument("--stride", type=int, default=1, help="take every n-th valid book as a window end")
    ap.add_argument("--folds", type=int, default=3)
    ap.add_argument("--block", type=int, default=100, help="bootstrap block, in consecutive test windows (at least 2k)")
    ap.add_argument("--reps", type=int, default=300)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    results = []
    for d in a.data:
        if "=" not in d:
            raise SystemExit(f"evaluate: --data {d}: expected NAME=DUMP[,PREDICTIONS]")
        name, files = d.split("=", 1)
        dump, _, pred = files.partition(",")
        for p in (dump, pred):
            if p and not os.path.isfile(p):
                raise SystemExit(f"evaluate: --data {name}: no file {p}")
        results.append(evaluate(name, dump, pred or None, a, np.random.default_rng(a.seed)))
    with open(os.path.join(a.out, "evaluation.json"), "w") as f:
        json.dump({"args": vars(a), "results": results}, f, indent=1)
    with open(os.path.join(a.out, "evaluation.md"), "w") as f:
        f.write(table(results))
    print(f"wrote {a.out}/evaluation.json and evaluation.md")


if __name__ == "__main__":
    main()
