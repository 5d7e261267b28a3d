#!/usr/bin/python3
"""Trains DeepLOB on a tickring journal and exports it to ONNX with tickring's metadata.

    model/retrain.sh JOURNAL_DIR [OUT_DIR]          # dumps the journal, then runs this script
    /usr/bin/python3 model/train.py --dump in.jsonl --out model/   # from a `journal dump --in` file

Writes OUT/deeplob.onnx, OUT/model-card.md, OUT/golden.json (input windows -> probabilities) and
OUT/metrics.json. The split is in time order (train, validation, test), with the windows whose label
horizon or input reaches across a boundary dropped.
"""
import argparse
import hashlib
import json
import os
import sys
import time

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tickring_model import data  # noqa: E402
from tickring_model.deeplob import DeepLOB, WithSoftmax  # noqa: E402


def f1s(y, p):
    out = []
    for c in range(3):
        tp = np.sum((p == c) & (y == c))
        fp = np.sum((p == c) & (y != c))
        fn = np.sum((p != c) & (y == c))
        out.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return out


def scores(y, p):
    f = f1s(y, p)
    return {"accuracy": float(np.mean(y == p)), "f1_up": f[0], "f1_flat": f[1], "f1_down": f[2],
            "macro_f1": float(np.mean(f))}


def tabular(feat):
    """Item-1 features made scale-free for the logistic regression."""
    mid = feat[:, 0]
    return np.stack([(feat[:, 1] - mid) / mid * 1e4, feat[:, 2], feat[:, 3], feat[:, 4], feat[:, 5], feat[:, 6],
                     (feat[:, 7] - mid) / mid * 1e4, feat[:, 8] * 1e4, feat[:, 9], feat[:, 10] / 1e9], axis=1)


def logistic(xtr, ytr, xte):
    mu, sd = xtr.mean(0), xtr.std(0) + 1e-12
    a = torch.tensor((xtr - mu) / sd, dtype=torch.float64)
    b = torch.tensor(ytr, dtype=torch.int64)
    lin = nn.Linear(a.shape[1], 3).double()
    opt = torch.optim.LBFGS(lin.parameters(), max_iter=200)

    def closure():
        opt.zero_grad()
        loss = nn.functional.cross_entropy(lin(a), b) + 1e-4 * (lin.weight ** 2).sum()
        loss.backward()
        return loss

    opt.step(closure)
    with torch.no_grad():
        return lin(torch.tensor((xte - mu) / sd, dtype=torch.float64)).argmax(1).numpy()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dump", required=True, help="JSON lines from `tickring journal dump DIR --in`")
    ap.add_argument("--out", required=True)
    ap.add_argument("--instruments", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "config",
                                                          "instruments.yaml"),
                    help="registry for journals whose SESSION has no configuration (imports)")
    ap.add_argument("--levels", type=int, default=5)
    ap.add_argument("--window", type=int, default=100)
    ap.add_argument("--horizon", type=int, default=20, help="k: label from the mean of the next k mids")
    ap.add_argument("--normalisation", default="mid-zscore", choices=["mid-zscore", "zscore", "none"])
    ap.add_argument("--stride", type=int, default=4, help="take every n-th window")
    ap.add_argument("--max-train", type=int, default=24000)
    ap.add_argument("--max-eval", type=int, default=4000, help="most validation and test windows")
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--patience", type=int, default=2)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--time-budget", type=float, default=0,
                    help="minutes of training; stops after the epoch (or batch) that passes it (0: no limit)")
    ap.add_argument("--resume", action="store_true",
                    help="continue from OUT/checkpoint.pt (written after every epoch) instead of starting over")
    a = ap.parse_args()
    torch.manual_seed(a.seed)
    torch.set_num_threads(a.threads)
    os.makedirs(a.out, exist_ok=True)
    T, L, k = a.window, a.levels, a.horizon

    t0 = time.time()
    instruments, events = data.read_dump(a.dump)
    if not instruments:  # an imported journal (LOBSTER, Binance, CSV): the registry has its instruments
        reg = data.registry(a.instruments)
        instruments = {i: reg[i][:2] for i in {int(r["instrument"]) for r in events} if i in reg}
    walked = data.walk(instruments, events, L)
    print(f"read {len(events)} events in {time.time() - t0:.0f}s", flush=True)

    # Windows end at valid BOOK j (rows j-T+1..j); label from mids j+1..j+k. Split on the end time.
    ends = [(o["t"][j], i, j) for i, o in walked.items() for j in range(T - 1, len(o["t"]) - k, a.stride)]
    ends.sort()
    t_all = np.array([e[0] for e in ends])
    c1, c2 = np.quantile(t_all, 0.70), np.quantile(t_all, 0.85)
    parts = {"train": [], "val": [], "test": []}
    for t, i, j in ends:
        o = walked[i]
        t_first, t_label = o["t"][j - T + 1], o["t"][j + k]
        if t_label < c1:
            parts["train"].append((i, j))
        elif t_first >= c1 and t_label < c2:
            parts["val"].append((i, j))
        elif t_first >= c2:
            parts["test"].append((i, j))
    # Keep the most recent training windows when there are too many: CPU training time is the limit.
    parts["train"] = parts["train"][-a.max_train:]
    # Validation and test: the first windows of their periods, so they stay contiguous in time.
    parts["val"] = parts["val"][:a.max_eval]
    parts["test"] = parts["test"][:a.max_eval]
    lvals = {i: data.labels(o["mid"], k) for i, o in walked.items()}
    tr_l = np.array([lvals[i][j] for i, j in parts["train"]])
    # A third of the windows flat; when more than a third see no mid change at all, flat means exactly that.
    alpha = max(float(np.quantile(np.abs(tr_l), 1 / 3)), 1e-7)

    def last_mid(i, j):
        return walked[i]["mid"][j]

    if a.normalisation == "none":
        mean, std = [0.0] * (4 * L), [1.0] * (4 * L)
    else:
        sample = parts["train"][:: max(1, len(parts["train"]) // 2000)]
        rows = []
        for i, j in sample:
            w = walked[i]["rows"][j - T + 1: j + 1].copy()
            if a.normalisation == "mid-zscore":
                m = last_mid(i, j)
                w[:, 0::2] = (w[:, 0::2] - m) / m * 10000.0
            rows.append(w)
        rows = np.concatenate(rows)
        mean, std = rows.mean(0).tolist(), (rows.std(0) + 1e-9).tolist()

    def tensors(part):
        x = np.empty((len(part), 1, T, 4 * L), dtype=np.float32)
        y = np.empty(len(part), dtype=np.int64)
        f = np.empty((len(part), len(data.FEATURE_NAMES)))
        for n, (i, j) in enumerate(part):
            o = walked[i]
            x[n, 0] = data.normalise(o["rows"][j - T + 1: j + 1], a.normalisation, mean, std, o["mid"][j])
            y[n] = data.classes(np.array([lvals[i][j]]), alpha)[0]
            f[n] = o["feat"][j]
        return x, y, f

    xtr, ytr, ftr = tensors(parts["train"])
    xva, yva, fva = tensors(parts["val"])
    xte, yte, fte = tensors(parts["test"])
    counts = {p: np.bincount(y, minlength=3).tolist() for p, y in (("train", ytr), ("val", yva), ("test", yte))}
    print(f"windows train {len(ytr)} val {len(yva)} test {len(yte)}, alpha {alpha:.3e}, classes {counts}", flush=True)

    net = DeepLOB(L)
    params = sum(p.numel() for p in net.parameters())
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    best, best_state, bad, history = -1.0, None, 0, []
    xtr_t, ytr_t = torch.from_numpy(xtr), torch.from_numpy(ytr)

    def predict(x):
        net.eval()
        out = []
        with torch.no_grad():
            for s in range(0, len(x), 256):
                out.append(net(torch.from_numpy(x[s: s + 256])).argmax(1).numpy())
        return np.concatenate(out)

    checkpoint = os.path.join(a.out, "checkpoint.pt")
    first_epoch, spent = 0, 0.0
    if a.resume and os.path.exists(checkpoint):
        ck = torch.load(checkpoint)
        net.load_state_dict(ck["net"])
        opt.load_state_dict(ck["opt"])
        torch.set_rng_state(ck["rng"])
        best, best_state, bad, history = ck["best"], ck["best_state"], ck["bad"], ck["history"]
        first_epoch, spent = len(history), ck["seconds"]
        print(f"resumed after epoch {first_epoch} ({spent / 60:.1f} min spent)", flush=True)
    budget = a.time_budget * 60
    for epoch in range(first_epoch, a.epochs):
        if bad >= a.patience:
            break
        net.train()
        perm = torch.randperm(len(ytr))  # shuffling inside the training period only
        t1, total, seen = time.time(), 0.0, 0
        for s in range(0, len(perm), a.batch):
            if budget and spent + time.time() - t1 > budget:
                print("time budget reached inside an epoch: it is cut short", flush=True)
                break
            b = perm[s: s + a.batch]
            opt.zero_grad()
            loss = nn.functional.cross_entropy(net(xtr_t[b]), ytr_t[b])
            loss.backward()
            opt.step()
            total += loss.item() * len(b)
            seen += len(b)
        va = scores(yva, predict(xva))
        spent += time.time() - t1
        history.append({"epoch": epoch + 1, "train_loss": total / max(1, seen), **va, "seconds": time.time() - t1})
        print(json.dumps(history[-1]), flush=True)
        if va["macro_f1"] > best:
            best, bad = va["macro_f1"], 0
            best_state = {n: v.clone() for n, v in net.state_dict().items()}
        else:
            bad += 1
        torch.save({"net": net.state_dict(), "opt": opt.state_dict(), "rng": torch.get_rng_state(), "best": best,
                    "best_state": best_state, "bad": bad, "history": history, "seconds": spent}, checkpoint)
        if bad >= a.patience:
            print("early stop", flush=True)
            break
        if budget and spent > budget:
            print(f"time budget of {a.time_budget} min spent", flush=True)
            break
    net.load_state_dict(best_state)
    test = scores(yte, predict(xte))
    majority_class = int(np.argmax(np.bincount(ytr, minlength=3)))
    majority = scores(yte, np.full_like(yte, majority_class))
    lr = scores(yte, logistic(tabular(ftr), ytr, tabular(fte)))

    path = os.path.join(a.out, "deeplob.onnx")
    export = WithSoftmax(net).eval()
    torch.onnx.export(export, torch.from_numpy(xte[:1]), path, opset_version=17, input_names=["input"],
                      output_names=["probs"], dynamic_axes={"input": {0: "batch"}, "probs": {0: "batch"}})
    import onnx
    m = onnx.load(path)
    meta = {"tickring.format": "1", "input_shape": f"N,1,{T},{4 * L}", "levels": str(L), "window": str(T),
            "normalisation": a.normalisation, "norm_mean": ",".join(repr(v) for v in mean),
            "norm_std": ",".join(repr(v) for v in std), "class_order": ",".join(data.CLASS_ORDER),
            "label_horizon": str(k), "label_alpha": repr(alpha)}
    for key, v in meta.items():
        p = m.metadata_props.add()
        p.key, p.value = key, v
    onnx.save(m, path)
    digest = hashlib.sha256(open(path, "rb").read()).hexdigest()

    with torch.no_grad():
        g = xte[:8]
        probs = export(torch.from_numpy(g)).numpy()
    with open(os.path.join(a.out, "golden.json"), "w") as f:
        json.dump({"model_sha256": digest, "shape": [1, 1, T, 4 * L],
                   "windows": [w.reshape(-1).tolist() for w in g], "probs": probs.astype(float).tolist()}, f)

    metrics = {"dump": os.path.abspath(a.dump), "events": len(events), "instruments": sorted(instruments),
               "window": T, "levels": L, "horizon": k, "alpha": alpha, "normalisation": a.normalisation,
               "stride": a.stride, "split_counts": counts, "params": params, "history": history,
               "test": {"deeplob": test, "majority": majority, "logistic": lr}, "sha256": digest,
               "cutoffs_ns": [int(c1), int(c2)]}
    with open(os.path.join(a.out, "metrics.json"), "w") as f:
        json.dump(metrics, f, indent=1)
    card(a, metrics, os.path.join(a.out, "model-card.md"))
    print(json.dumps(metrics["test"]), flush=True)


def card(a, m, path):
    def row(name, s):
        return (f"| {name} | {s['accuracy']:.3f} | {s['f1_up']:.3f} | {s['f1_flat']:.3f} | {s['f1_down']:.3f} "
                f"| {s['macro_f1']:.3f} |")

    t = m["test"]
    c = m["split_counts"]
    lines = [
        "# Model card: tickring DeepLOB", "",
        f"- File: `deeplob.onnx`, SHA-256 `{m['sha256']}`, {m['params']:,} parameters, ONNX opset 17, dynamic batch.",
        f"- Input: `[N,1,{m['window']},{4 * m['levels']}]`, the last {m['window']} valid BOOK events of one instrument, "
        "per level ask price, ask size, bid price, bid size; normalisation "
        f"`{m['normalisation']}` (prices in bps from the window's last mid, then a z-score per column with "
        "training-set statistics; both in the ONNX metadata). Output `probs`: up, flat, down.",
        f"- Labels (DeepLOB): l = (mean of the next k={m['horizon']} mids − mid) / mid; up if l > α, down if "
        f"l < −α, else flat; α = {m['alpha']:.3e} (the 1/3 quantile of |l| on the training windows, at least 1e-7).",
        f"- Data: `{m['dump']}` ({m['events']:,} BOOK and TRADE events, instruments {m['instruments']}), "
        "from `tickring journal dump --in` of the training journal (a simulated or an imported market; "
        "model/README.md gives the shipped model's command).",
        f"- Split in time order at the 70% and 85% quantiles of window end time; windows whose input or "
        f"label horizon crosses a boundary are dropped; every {m['stride']}th window. Class counts "
        f"(up, flat, down): train {c['train']}, validation {c['val']}, test {c['test']}.",
        f"- Training: Adam 1e-3, batch {a.batch}, up to {a.epochs} epochs, early stopping on validation "
        f"macro-F1 (patience {a.patience}); epochs run: {len(m['history'])}.", "",
        "## Test set", "",
        "| model | accuracy | F1 up | F1 flat | F1 down | macro F1 |", "|---|---|---|---|---|---|",
        row("DeepLOB", t["deeplob"]), row("majority class (train)", t["majority"]),
        row("logistic regression on the feature stage's features", t["logistic"]), "",
        "## Training history", "", "```", *[json.dumps(h) for h in m["history"]], "```", "",
    ]
    with open(path, "w") as f:
        f.write("\n".join(lines))


if __name__ == "__main__":
    main()
