#!/usr/bin/env python3
"""Writes the Binance import fixtures beside this file: python3 make_fixtures.py (deterministic, gzip mtime 0).

The same nine frames in both line formats (<recv_ns> <json>, bare JSON) and both shapes (combined wrapper,
raw payload), two of them gzipped; a diff-depth recording with its REST snapshot; and a recording with one
problem of each kind. Comments on each frame say what the importer must make of it.
"""
import json, gzip, io

def px(c): return "%d.%02d000000" % (c // 100, c % 100)
def qty(u): return "%d.%05d000" % (u // 100000, u % 100000)

def depth(uid, levels, shift=0):
    return {"lastUpdateId": uid,
            "bids": [[px(6500000 - k + shift), qty(100000 + 1000 * k)] for k in range(levels)],
            "asks": [[px(6500001 + k + shift), qty(200000 + 1000 * k)] for k in range(levels)]}

def trade(sym, tid, p, q, T, m):
    return {"e": "trade", "E": T + 1, "s": sym, "t": tid, "p": p, "q": q, "b": 88, "a": 50, "T": T, "m": m, "M": True}

T0 = 1700000000000
RECV0 = 1700000000000000000
# (stream, payload); raw recordings keep only the payload
frames = [
    ("btcusdt@depth5@100ms", depth(1001, 5)),
    ("btcusdt@trade", trade("BTCUSDT", 1, "65000.01000000", "0.01000000", T0 + 10, True)),
    ("ethusdt@trade", trade("ETHUSDT", 7, "3000.50000000", "1.25000000", T0 + 20, False)),
    ("btcusdt@depth5@100ms", depth(1002, 5, shift=1)),
    (None, {"result": None, "id": 1}),
    ("btcusdt@trade", trade("BTCUSDT", 2, "65000.02000000", "0.50000000", T0 + 30, False)),
    ("btcusdt@depth20@100ms", depth(1003, 20, shift=2)),
    ("btcusdt@trade", trade("BTCUSDT", 3, "65000.03000000", "2.00000000", T0 + 40, True)),
    ("btcusdt@depth5@100ms", depth(1004, 5, shift=3)),
]

def dumps(o): return json.dumps(o, separators=(",", ":"))

def lines(combined, recv):
    out = []
    for i, (stream, payload) in enumerate(frames):
        frame = payload if (stream is None or not combined) else {"stream": stream, "data": payload}
        text = dumps(frame)
        out.append(("%d %s" % (RECV0 + i * 100000000, text)) if recv else text)
    return "\n".join(out) + "\n"

def write(name, text, gz):
    data = text.encode()
    if gz:
        buf = io.BytesIO()
        with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, filename="") as f:
            f.write(data)
        data = buf.getvalue()
    open(name, "wb").write(data)

write("combined-recv.jsonl", lines(True, True), False)
write("combined-bare.jsonl.gz", lines(True, False), True)
write("raw-recv.jsonl.gz", lines(False, True), True)
write("raw-bare.jsonl", lines(False, False), False)

# Diff depth with a REST snapshot at lastUpdateId 200.
snapshot = {"lastUpdateId": 200,
            "bids": [[px(6500000 - k), qty(100000)] for k in range(6)],
            "asks": [[px(6500001 + k), qty(100000)] for k in range(6)]}
open("snapshot-btcusdt.json", "w").write(json.dumps(snapshot, indent=1) + "\n")

def diff(E, U, u, b, a):
    return {"stream": "btcusdt@depth@100ms",
            "data": {"e": "depthUpdate", "E": E, "s": "BTCUSDT", "U": U, "u": u, "b": b, "a": a}}

d = [
    diff(T0 + 1, 190, 195, [[px(6500000), qty(1)]], []),                  # 1 covered by the snapshot
    diff(T0 + 2, 196, 200, [[px(6500000), qty(2)]], []),                  # 2 u == lastUpdateId: covered
    diff(T0 + 3, 199, 203, [[px(6500000), qty(300000)]], [[px(6500001), "0.00000000"]]),  # 3 bridges: BOOK
    diff(T0 + 4, 204, 206, [[px(6500001), qty(5000)]], []),               # 4 follows on, new best bid: BOOK
    diff(T0 + 4, 204, 206, [[px(6500001), qty(5000)]], []),               # 5 repeated: duplicate
    diff(T0 + 5, 210, 212, [[px(6499000), qty(1000)]], [[px(6501000), qty(1000)]]),       # 6 gap (207 due)
    diff(T0 + 6, 213, 215, [[px(6498900 - k), qty(1000)] for k in range(4)],
         [[px(6501100 + k), qty(1000)] for k in range(3)]),               # 7 unsynced, 5 bids / 4 asks: withheld
    diff(T0 + 7, 216, 216, [], [[px(6501200), qty(1000)]]),               # 8 both sides 5 deep: BOOK (unsynced)
]
write("diff-depth.jsonl", "\n".join("%d %s" % (RECV0 + i * 100000000, dumps(x)) for i, x in enumerate(d)) + "\n", False)

def book(uid, bids, asks):
    return {"stream": "btcusdt@depth5@100ms", "data": {"lastUpdateId": uid, "bids": bids, "asks": asks}}

good = depth(1, 5)
crossed = {"lastUpdateId": 2, "bids": [[px(6500100), "1.00000000"]], "asks": [[px(6500000), "1.00000000"]]}
zero = {"lastUpdateId": 3, "bids": [[px(6500000), "0.00000000"]], "asks": [[px(6500001), "1.00000000"]]}
disorder = {"lastUpdateId": 4, "bids": [[px(6500000), "1.0"], [px(6500005), "1.0"]], "asks": [[px(6500010), "1.0"], [px(6500011), "1.0"]]}
p = [
    "%d %s" % (RECV0 + 1000, dumps({"stream": "btcusdt@depth5@100ms", "data": good})),       # 1 ok
    "%d %s" % (RECV0 + 2000, dumps({"stream": "btcusdt@depth5@100ms", "data": crossed})),    # 2 crossed
    "%d %s" % (RECV0 + 3000, dumps({"stream": "btcusdt@depth5@100ms", "data": zero})),       # 3 non-positive
    "%d %s" % (RECV0 + 4000, dumps({"stream": "btcusdt@depth5@100ms", "data": disorder})),   # 4 out of order
    "%d hello" % (RECV0 + 5000),                                                              # 5 malformed
    "%d %s" % (RECV0 + 500, dumps({"stream": "btcusdt@depth5@100ms", "data": depth(5, 5)})),  # 6 time backwards
    "%d %s" % (RECV0 + 7000, dumps({"stream": "btcusdt@trade", "data": trade("BTCUSDT", 10, "65000.00", "0.1", T0, True)})),  # 7 ok
    "%d %s" % (RECV0 + 8000, dumps({"stream": "btcusdt@trade", "data": trade("BTCUSDT", 10, "65000.00", "0.1", T0, True)})),  # 8 duplicate
    "abc " + dumps(good),                                                                     # 9 malformed line prefix
    "",                                                                                        # 10 blank
    "%d %s" % (RECV0 + 9000, dumps({"stream": "btcusdt@depth5@100ms", "data": depth(6, 5)})),  # 11 ok
]
write("problems.jsonl", "\n".join(p) + "\n", False)

# Issue 10: the two markets' continuity rules, each with its REST snapshot inline as a bare line (as a
# recorder writes it after subscribing), bookTicker frames and sizes finer than the quantity step.
E0 = T0
def line(i, obj, stream=None):
    return "%d %s" % (RECV0 + i * 1000000, dumps({"stream": stream, "data": obj}) if stream else dumps(obj))

def diff(sym, U, u, pu, b, a, e):
    o = {"e": "depthUpdate", "E": E0 + e, "T": E0 + e, "s": sym, "U": U, "u": u}
    if pu is not None:
        o["pu"] = pu
    o["b"] = b
    o["a"] = a
    return o

SOL = "solusdt@depth@0ms"
def sol_snapshot(uid, e, bid, ask, q):
    return {"lastUpdateId": uid, "E": E0 + e, "T": E0 + e, "symbol": "SOLUSDT", "pair": "SOLUSDT",
            "bids": [["%.2f" % (bid - 0.01 * k), q] for k in range(6)],
            "asks": [["%.2f" % (ask + 0.01 * k), q] for k in range(6)]}
def sol_ticker(u, e, b, bq, a, aq):
    return {"u": u, "e": "bookTicker", "s": "SOLUSDT", "ps": "SOLUSDT", "b": b, "B": bq, "a": a, "A": aq, "T": E0 + e, "E": E0 + e}
usdm = [
    line(1, diff("SOLUSDT", 100, 105, 99, [["150.00", "7"]], [], 1), SOL),                 # u < L 110: in the snapshot
    line(2, sol_ticker(106, 2, "150.00", "7", "150.01", "12"), "solusdt@bookTicker"),       # QUOTE
    line(3, diff("SOLUSDT", 106, 112, 105, [["150.00", "8"]], [["150.01", "0"]], 3), SOL),  # U <= 110 <= u: bridges
    line(4, {"e": "trade", "E": E0 + 4, "T": E0 + 4, "s": "SOLUSDT", "t": 1, "p": "150.01", "q": "3", "X": "MARKET", "m": False}, "solusdt@trade"),
    line(5, sol_snapshot(110, 5, 150.00, 150.01, "10")),                                     # the inline snapshot
    line(6, diff("SOLUSDT", 120, 125, 112, [["149.99", "4"]], [], 6), SOL),                 # pu == 112: U may jump
    line(7, diff("SOLUSDT", 126, 130, 125, [["149.98", "0.4"], ["149.97", "2.5"]], [], 7), SOL),  # 0.4 -> 1 step, 2.5 -> 2
    line(8, diff("SOLUSDT", 131, 140, 128, [["149.90", "1"]], [], 8), SOL),                 # pu 128 != 130: gap
    line(9, sol_ticker(141, 9, "149.00", "1", "149.50", "2"), "solusdt@bookTicker"),
    line(10, diff("SOLUSDT", 141, 150, 140, [["149.00", "5"]], [["149.50", "6"]], 10), SOL),  # held
    line(11, sol_snapshot(145, 11, 149.00, 149.50, "3")),                                    # re-syncs
    line(12, diff("SOLUSDT", 151, 155, 150, [["149.01", "1"]], [], 12), SOL),
]
write("usdm-inline.jsonl", "\n".join(usdm) + "\n", False)

BTC = "btcusdt@depth@100ms"
spot = [
    line(1, diff("BTCUSDT", 190, 195, None, [["65000.00000000", "0.00001000"]], [], 1), BTC),
    line(2, diff("BTCUSDT", 196, 200, None, [["65000.00000000", "0.00002000"]], [], 2), BTC),  # spot: u == L is covered
    line(3, {"u": 201, "s": "BTCUSDT", "b": "65000.00000000", "B": "1.50000000", "a": "65000.01000000", "A": "0.00000001"}, "btcusdt@bookTicker"),
    line(4, {"lastUpdateId": 200, "bids": [["%.8f" % (65000 - 0.01 * k), "1.00000000"] for k in range(6)],
             "asks": [["%.8f" % (65000.01 + 0.01 * k), "1.00000000"] for k in range(6)]}),     # spot snapshot: no symbol
    line(5, diff("BTCUSDT", 201, 203, None, [["65000.00000000", "3.00000000"]], [["65000.01000000", "0.00000000"]], 5), BTC),
    line(6, diff("BTCUSDT", 204, 206, None, [["65000.01000000", "0.05000000"]], [], 6), BTC),
    line(7, diff("BTCUSDT", 208, 209, None, [["64999.00000000", "0.05000000"]], [], 7), BTC),   # 207 missing: gap
]
write("spot-inline.jsonl", "\n".join(spot) + "\n", False)
