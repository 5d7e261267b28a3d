#!/usr/bin/python3
"""Writes the Java parity fixtures in engine/src/test/resources/model/ (run from anywhere):

    /usr/bin/python3 model/parity.py --dump SIM.jsonl [--golden model/golden.json]

- parity/events.jsonl: the first events of a `journal dump --in` (SESSION + BOOK/TRADE lines);
- parity/features.csv: this package's features at every valid BOOK event of those events;
- tiny-l5.onnx: a small [N,1,10,20] model with tickring metadata (mid-zscore), and
  parity/windows.json: its normalised input windows and probabilities at some of those events;
- tiny-l10-nometa.onnx: a [N,1,10,40] model without metadata, as a third-party model would be;
- golden.json: copied from the shipped model's golden vectors when --golden is given.
The Java tests (OnnxParityTest, FeaturesParityTest) hold the engine to these within 1e-6 / 1e-5.
"""
import argparse
import json
import os
import shutil
import sys

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tickring_model import data  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "engine", "src", "test", "resources", "model")
T = 10


class Tiny(nn.Module):
    def __init__(self, columns):
        super().__init__()
        self.net = nn.Sequential(nn.Flatten(), nn.Linear(T * columns, 8), nn.Tanh(), nn.Linear(8, 3))

    def forward(self, x):
        return torch.softmax(self.net(x), dim=1)


def export(model, columns, path, meta):
    import onnx
    torch.onnx.export(model, torch.zeros(1, 1, T, columns), path, opset_version=17, input_names=["input"],
                      output_names=["probs"], dynamic_axes={"input": {0: "batch"}, "probs": {0: "batch"}})
    m = onnx.load(path)
    for k, v in (meta or {}).items():
        p = m.metadata_props.add()
        p.key, p.value = k, v
    onnx.save(m, path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dump", required=True)
    ap.add_argument("--events", type=int, default=3000)
    ap.add_argument("--golden")
    a = ap.parse_args()
    os.makedirs(os.path.join(OUT, "parity"), exist_ok=True)
    lines = []
    with open(a.dump) as f:
        for line in f:
            r = json.loads(line)
            if r["type"] == "SESSION" or (r["type"] in ("BOOK", "TRADE") and len(lines) <= a.events):
                lines.append(line)
            if len(lines) > a.events:
                break
    events_path = os.path.join(OUT, "parity", "events.jsonl")
    with open(events_path, "w") as f:
        f.writelines(lines)
    instruments, events = data.read_dump(events_path)
    walked = data.walk(instruments, events, 5)
    with open(os.path.join(OUT, "parity", "features.csv"), "w") as f:
        f.write("event,instrument," + ",".join(data.FEATURE_NAMES) + "\n")
        rows = []
        for i, o in walked.items():
            for n in range(len(o["t"])):
                rows.append((int(o["index"][n]), i, o["feat"][n]))
        for k, i, feat in sorted(rows):
            f.write(f"{k},{i}," + ",".join(repr(float(v)) for v in feat) + "\n")

    torch.manual_seed(3)
    L = 5
    sample = []
    for i, o in walked.items():
        for j in range(T - 1, len(o["t"]), 7):
            w = o["rows"][j - T + 1: j + 1].copy()
            m = o["mid"][j]
            w[:, 0::2] = (w[:, 0::2] - m) / m * 10000.0
            sample.append(w)
    rows = np.concatenate(sample)
    mean, std = rows.mean(0).tolist(), (rows.std(0) + 1e-9).tolist()
    tiny = Tiny(4 * L).eval()
    meta = {"tickring.format": "1", "input_shape": f"N,1,{T},{4 * L}", "levels": str(L), "window": str(T),
            "normalisation": "mid-zscore", "norm_mean": ",".join(repr(v) for v in mean),
            "norm_std": ",".join(repr(v) for v in std), "class_order": "down,flat,up", "label_horizon": "20",
            "label_alpha": "1e-07"}
    export(tiny, 4 * L, os.path.join(OUT, "tiny-l5.onnx"), meta)
    checks = []
    for i, o in walked.items():
        for j in range(T - 1, len(o["t"]), 97):
            x = data.normalise(o["rows"][j - T + 1: j + 1], "mid-zscore", mean, std, o["mid"][j])
            with torch.no_grad():
                p = tiny(torch.from_numpy(x).reshape(1, 1, T, 4 * L))[0].numpy().astype(float).tolist()
            # the model's order is down, flat, up; the file states up, flat, down
            checks.append({"event": int(o["index"][j]), "instrument": i, "window": x.reshape(-1).astype(float).tolist(),
                           "probs_up_flat_down": [p[2], p[1], p[0]]})
    checks.sort(key=lambda c: c["event"])
    with open(os.path.join(OUT, "parity", "windows.json"), "w") as f:
        json.dump({"window": T, "levels": L, "checks": checks}, f)
    torch.manual_seed(4)
    export(Tiny(40).eval(), 40, os.path.join(OUT, "tiny-l10-nometa.onnx"), None)
    if a.golden:
        shutil.copy(a.golden, os.path.join(OUT, "golden.json"))
    print(f"{len(events)} events, {len(rows)} window rows sampled, {len(checks)} window checks -> {OUT}")


if __name__ == "__main__":
    main()
