#!/usr/bin/python3
"""Hand-computed cases for recompute_money.py (issue 9's list), to the last unit.

Run: /usr/bin/python3 -m unittest discover -s tools -p 'test_*.py'
"""

import datetime
import os
import sys
import tempfile
import unittest
from decimal import Decimal

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import recompute_money as rm  # noqa: E402

REGISTRY = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "config",
                        "instruments.yaml")


def ns(day, hour=10):
    return int(datetime.datetime(*day, hour, tzinfo=datetime.timezone.utc).timestamp()) * 10**9


def fill(seq, iid, order, side, px, qty, time_ns=0, fee=0):
    return {"q": "in", "seq": seq, "type": "EXEC_REPORT", "instrument": iid, "exch_ns": time_ns,
            "order_id": order, "exec": "FILL", "side": side, "last_px": px, "last_qty": qty,
            "fee": fee}


def ack(seq, iid, order):
    return {"q": "in", "seq": seq, "type": "EXEC_REPORT", "instrument": iid, "exch_ns": 0,
            "order_id": order, "exec": "ACK"}


def book(seq, iid, bid, ask):
    return {"q": "in", "seq": seq, "type": "BOOK", "instrument": iid, "bids": [[bid, 1]],
            "asks": [[ask, 1]]}


class RecomputeMoneyTest(unittest.TestCase):
    registry = rm.load_registry(REGISTRY)

    def test_reads_the_shipped_registry(self):
        btc = self.registry[412]
        self.assertEqual(("BTCUSD_PERP", "inverse", Decimal(100), "BTC", 8),
                         (btc.symbol, btc.contract, btc.contract_value, btc.settlement_currency,
                          btc.settlement_decimals))
        self.assertEqual(Decimal("0.35"), self.registry[101].min_commission)
        self.assertEqual(Decimal("-0.2"), self.registry[101].maker_bps)
        self.assertEqual([(datetime.date(2023, 8, 28), Decimal(5))],
                         self.registry[201].stamp_duty_from)

    def test_btc_spot_taker_10_bps(self):
        with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
            f.write("instruments:\n  - id: 401\n    symbol: BTCUSDT\n    venue: BINANCE\n"
                    "    price_scale: 2\n    tick_size: 0.01\n    qty_scale: 5\n"
                    "    lot_size: 0.00001\n    currency: USDT\n    settlement_decimals: 8\n"
                    "    fees: {maker_bps: 10, taker_bps: 10}\n")
        try:
            registry = rm.load_registry(f.name)
        finally:
            os.unlink(f.name)
        # 0.00123 BTC at 61,824.01: notional 76.0435323, fee 0.0760435323 -> 0.07604353
        figures, fills, gross, diff, _ = rm.recompute(
            [fill(1, 401, 1, "BUY", 6182401, 123, fee=7604353),
             fill(2, 401, 2, "SELL", 6190000, 123, fee=7613700)], registry)
        self.assertIsNone(diff)
        self.assertEqual(Decimal("0.15218053"), figures["fees"]["USDT"])
        # sold at 61,900.00: +0.0934677 - 0.07604353 - 0.076137
        self.assertEqual(Decimal("-0.05871283"), figures["cash"]["USDT"])
        self.assertEqual(figures["cash"], figures["pnl"])
        self.assertEqual((2, 0), (fills, gross))

    def test_coin_m_inverse_long_10_contracts(self):
        figures, _, gross, _, exact = rm.recompute(
            [fill(1, 412, 1, "BUY", 600000, 10), book(2, 412, 609990, 610010),
             fill(3, 412, 2, "SELL", 610000, 10)], self.registry)
        # notional 1000/60000 = 0.01666667 (fee 0.00000833), 1000/61000 = 0.01639344 (0.00000820)
        self.assertEqual(Decimal("0.00001653"), figures["fees"]["BTC"])
        self.assertEqual(Decimal("0.00025670"), figures["cash"]["BTC"])
        self.assertEqual(0, gross)

    def test_coin_m_open_position_is_valued_at_the_last_mid(self):
        figures, _, gross, _, _ = rm.recompute(
            [fill(1, 412, 1, "BUY", 600000, 10), book(2, 412, 609990, 610010)], self.registry)
        # cash 0.01666667 - 0.00000833; value -10 x 100 / 61,000: PnL 0.00027323 - 0.00000833
        self.assertEqual(Decimal("0.01665834"), figures["cash"]["BTC"])
        self.assertEqual(Decimal("0.00026490"), figures["pnl"]["BTC"])
        self.assertEqual(10, gross)

    def test_a_share_minimum_commission_and_dated_stamp_duty(self):
        for day, duty in (((2023, 2, 7), "180.00"), ((2023, 9, 1), "90.00")):
            figures, *_ = rm.recompute(
                [fill(1, 201, 1, "BUY", 179500, 100, ns(day, 2)),
                 fill(2, 201, 2, "SELL", 180000, 100, ns(day, 6))], self.registry)
            # buy: 179,500 x 2.5 bps = 44.875 -> 44.88; sell: 45.00 plus stamp duty 10 or 5 bps
            self.assertEqual(Decimal("89.88") + Decimal(duty), figures["fees"]["CNY"], day)
        # a small order owes the minimum: 100 x 17.95 x 2.5 bps = 0.44875 -> 5.00
        figures, *_ = rm.recompute([fill(1, 201, 1, "BUY", 1795, 100)], self.registry)
        self.assertEqual(Decimal("5.00"), figures["fees"]["CNY"])

    def test_minimum_commission_per_order_and_rebates_never_charged(self):
        records = [
            fill(1, 101, 1, "BUY", 300000, 100, fee=3500),  # 0.09 -> the minimum 0.35
            fill(2, 101, 1, "BUY", 300000, 1000, fee=6400),  # accrued 0.99: 0.64 more
            ack(3, 101, 2),
            fill(4, 101, 2, "SELL", 300000, 100, fee=-600),  # resting: rebate 0.2 bps, -0.06
            book(5, 101, 299900, 300100),
        ]
        figures, _, _, diff, _ = rm.recompute(records, self.registry)
        self.assertIsNone(diff)
        self.assertEqual(Decimal("0.93"), figures["fees"]["USD"])  # 0.99 - 0.06

    def test_names_the_first_fill_whose_fee_differs(self):
        _, _, _, diff, _ = rm.recompute(
            [fill(7, 101, 1, "BUY", 300000, 100, fee=900)], self.registry)
        self.assertIn("seq 7", diff)
        self.assertIn("0.35 USD recomputed, 0.09", diff)


if __name__ == "__main__":
    unittest.main()
