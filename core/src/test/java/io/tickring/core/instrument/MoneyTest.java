package io.tickring.core.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tickring.core.Side;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Notional, fees and PnL computed by hand to the last unit of the settlement currency. */
class MoneyTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    /**
     * Binance spot as in the registry: price scale 2, quantities in 10^-5 BTC, USDT to 8 decimals,
     * 10 bps taker.
     */
    static final Instrument BTCUSDT =
            new Instrument(
                    401,
                    "BTCUSDT",
                    "BINANCE",
                    2,
                    1,
                    1,
                    "USDT",
                    ZoneOffset.UTC,
                    List.of(),
                    new Instrument.Fees(10, 10, 0, 0),
                    new Instrument.Units(5, 1, 1, Instrument.ContractType.SPOT, 0, "USDT", 8));

    /** COIN-M perpetual: 100 USD per contract, price scale 1, settled in BTC to 8 decimals. */
    static final Instrument BTCUSD_PERP =
            new Instrument(
                    412,
                    "BTCUSD_PERP",
                    "BINANCE_COINM",
                    1,
                    1,
                    1,
                    "USD",
                    ZoneOffset.UTC,
                    List.of(),
                    new Instrument.Fees(2, 5, 0, 0),
                    new Instrument.Units(0, 1, 1, Instrument.ContractType.INVERSE, 1000, "BTC", 8));

    /** CSI 300 future: 300 CNY per point, price scale 1, CNY to the fen. */
    static final Instrument IF =
            new Instrument(
                    301,
                    "IF2506",
                    "CFFEX",
                    1,
                    2,
                    1,
                    "CNY",
                    SHANGHAI,
                    List.of(),
                    Instrument.Fees.NONE,
                    new Instrument.Units(0, 1, 300, Instrument.ContractType.LINEAR, 0, "CNY", 2));

    /**
     * Moutai: 2.5 bps commission, minimum 5 CNY per order, stamp duty 10 bps before 2023-08-28, 5
     * bps from it.
     */
    static final Instrument MOUTAI =
            new Instrument(
                    201,
                    "600519",
                    "SSE",
                    2,
                    1,
                    100,
                    "CNY",
                    SHANGHAI,
                    List.of(),
                    new Instrument.Fees(
                            2.5,
                            2.5,
                            5,
                            10,
                            List.of(new Instrument.RateChange(startOf("2023-08-28"), 5))));

    /** Ping An Bank (SZSE), same schedule, a cheap share for the minimum commission. */
    static final Instrument PINGAN =
            new Instrument(
                    202, "000001", "SZSE", 2, 1, 100, "CNY", SHANGHAI, List.of(), MOUTAI.fees());

    /** NASDAQ with a maker rebate of 0.2 bps, taker 0.3 bps, minimum 0.35 USD per order. */
    static final Instrument MSFT =
            new Instrument(
                    101,
                    "MSFT",
                    "NASDAQ",
                    4,
                    100,
                    1,
                    "USD",
                    ZoneId.of("America/New_York"),
                    List.of(),
                    new Instrument.Fees(-0.2, 0.3, 0.35, 0));

    private static long startOf(String date) {
        return LocalDate.parse(date).atStartOfDay(SHANGHAI).toInstant().getEpochSecond()
                * 1_000_000_000L;
    }

    @Test
    void shouldChargeBtcSpotTakerFeeToTheSatoshiOfUsdt() {
        // 0.00123 BTC = 123 at qty scale 5; 61,824.01 = 6182401 at price scale 2.
        // notional = 61,824.01 × 0.00123 = 76.0435323 USDT = 7,604,353,230 at 8 decimals.
        assertEquals(8, BTCUSDT.moneyScale());
        assertEquals(7_604_353_230L, Money.notional(BTCUSDT, 6_182_401, 123));
        // fee = 76.0435323 × 10 / 10,000 = 0.0760435323 → half up to 8 decimals 0.07604353.
        assertEquals(7_604_353L, Money.fee(BTCUSDT, Side.BUY, 6_182_401, 123, false, 0));
        assertEquals(
                "0.07604353",
                Money.format(BTCUSDT, Money.fee(BTCUSDT, Side.BUY, 6_182_401, 123, false, 0)));
        // PnL selling at 61,900.00: (61,900.00 − 61,824.01) × 0.00123 = 75.99 × 0.00123 = 0.0934677
        // USDT.
        assertEquals(9_346_770L, Money.pnl(BTCUSDT, 6_182_401, 6_190_000, 123));
        // the sell's fee: 61,900 × 0.00123 = 76.137; × 0.001 = 0.076137 USDT.
        assertEquals(7_613_700L, Money.fee(BTCUSDT, Side.SELL, 6_190_000, 123, false, 0));
        // net: 0.0934677 − 0.07604353 − 0.076137 = −0.05871283 USDT.
        assertEquals(-5_871_283L, 9_346_770L - 7_604_353L - 7_613_700L);
    }

    @Test
    void shouldValueInverseContractsInTheBaseCoin() {
        // 10 contracts × 100 USD / 60,000.0 = 0.016666666.. BTC → 0.01666667 (half up at 8
        // decimals).
        assertEquals(1_666_667L, Money.notional(BTCUSD_PERP, 600_000, 10));
        // PnL long 10 from 60,000.0 to 61,000.0: 1,000 USD × (1/60,000 − 1/61,000) = 1,000 × 1,000
        // / 3,660,000,000
        // = 0.000273224043.. BTC → 0.00027322 BTC.
        assertEquals(27_322L, Money.pnl(BTCUSD_PERP, 600_000, 610_000, 10));
        // 20,000 contracts: 2,000,000 USD × 1,000 / 3,660,000,000 = 0.546448087.. BTC → 0.54644809
        // (the product
        // 20,000 × 1,000 × 10,000 × 10^8 passes 2^63: the remainder is divided digit by digit).
        assertEquals(54_644_809L, Money.pnl(BTCUSD_PERP, 600_000, 610_000, 20_000));
        // short: the mirror image, −0.00027322 (half away from zero).
        assertEquals(-27_322L, Money.pnl(BTCUSD_PERP, 600_000, 610_000, -10));
        // taker 5 bps of 0.01666667.. BTC = 0.0000083333.. → 0.00000833 BTC.
        assertEquals(833L, Money.commission(BTCUSD_PERP, 600_000, 10, false));
        // The stages' per-unit value makes qty × Δvalue the same PnL: 10 × (−100/61,000 +
        // 100/60,000).
        double pnl =
                10
                        * (Money.unitValue(BTCUSD_PERP, 61_000.0)
                                - Money.unitValue(BTCUSD_PERP, 60_000.0));
        assertEquals(0.000273224043, pnl, 1e-12);
    }

    @Test
    void shouldApplyTheIndexFutureMultiplier() {
        // 2 lots × 3,900.0 points × 300 CNY = 2,340,000.00 CNY = 234,000,000 fen.
        assertEquals(234_000_000L, Money.notional(IF, 39_000, 2));
        // one point up on 2 lots: 2 × 1.0 × 300 = 600.00 CNY.
        assertEquals(60_000L, Money.pnl(IF, 39_000, 39_010, 2));
    }

    @Test
    void shouldChargeAShareStampDutyByTheDateOfTheFill() {
        long feb = startOf("2023-02-07") + 10 * 3_600_000_000_000L; // 10:00 Shanghai
        long sep = startOf("2023-09-01") + 10 * 3_600_000_000_000L;
        // money at price scale 2 = fen. Buy 100 at 1,795.00: notional 179,500.00; 2.5 bps = 44.875
        // → 44.88 (>= 5).
        assertEquals(4_488L, Money.fee(MOUTAI, Side.BUY, 179_500, 100, false, feb));
        // Sell 100 at 1,800.00 on 2023-02-07: commission 180,000 × 2.5 bps = 45.00; stamp duty 10
        // bps = 180.00.
        assertEquals(22_500L, Money.fee(MOUTAI, Side.SELL, 180_000, 100, false, feb));
        // ... on 2023-09-01: 45.00 + 5 bps = 90.00 → 135.00.
        assertEquals(13_500L, Money.fee(MOUTAI, Side.SELL, 180_000, 100, false, sep));
        // round trip: PnL 100 × 5.00 = 500.00; net 500.00 − 44.88 − 225.00 = 230.12 (Feb), − 135.00
        // = 320.12 (Sep).
        assertEquals(50_000L, Money.pnl(MOUTAI, 179_500, 180_000, 100));
        assertEquals(23_012L, 50_000L - 4_488L - 22_500L);
        assertEquals(32_012L, 50_000L - 4_488L - 13_500L);
        // the change is at midnight Shanghai time
        assertEquals(10.0, MOUTAI.fees().stampDutyBps(startOf("2023-08-28") - 1));
        assertEquals(5.0, MOUTAI.fees().stampDutyBps(startOf("2023-08-28")));
    }

    @Test
    void shouldChargeTheMinimumCommissionOncePerOrder() {
        // three fills of 100 at 11.00: each 1,100.00 × 2.5 bps = 0.275 → 0.28; accrued 0.28, 0.56,
        // 0.84.
        long c = Money.commission(PINGAN, 1_100, 100, false);
        assertEquals(28L, c);
        long charged = 0;
        long accrued = 0;
        long[] charges = new long[3];
        for (int k = 0; k < 3; k++) {
            accrued += c;
            long due = Money.commissionDue(PINGAN, accrued, true);
            charges[k] = due - charged;
            charged = due;
        }
        // the order owes max(0.84, 5.00) = 5.00 in all, charged on the first fill: not 3 × 5.00.
        assertEquals(500L, charges[0]);
        assertEquals(0L, charges[1]);
        assertEquals(0L, charges[2]);
        // a fill that takes the order past the minimum pays only the excess: 20,000 at 11.00 =
        // 220,000.00
        // × 2.5 bps = 55.00; accrued 55.84 → 55.84 − 5.00 = 50.84.
        accrued += Money.commission(PINGAN, 1_100, 20_000, false);
        assertEquals(5_084L, Money.commissionDue(PINGAN, accrued, true) - charged);
    }

    @Test
    void shouldPayAMakerRebateUnder250DollarsInsteadOfTheMinimum() {
        // 1 share at 240.00 maker: 240 × −0.2 bps = −0.0048 → −0.00 at the cent: no rebate, and no
        // 0.35 charge.
        assertEquals(0L, Money.fee(MSFT, Side.BUY, 2_400_000, 1, true, 0));
        // 3 shares at 420.00 maker: 1,260 × −0.2 bps = −0.0252 → −0.03 (half away from zero); money
        // at scale 4.
        assertEquals(-300L, Money.fee(MSFT, Side.BUY, 4_200_000, 3, true, 0));
        // a taker fill of the same size pays the minimum: 1,260 × 0.3 bps = 0.0378 → 0.04 < 0.35.
        assertEquals(3_500L, Money.fee(MSFT, Side.BUY, 4_200_000, 3, false, 0));
    }

    @Test
    void shouldStayExactBeyondSixtyThreeBits() {
        // ~10,000 BTC at ~100,000: price × quantity × rate = 10^7 × 10^9 × 33,000 exceeds 2^63 with
        // nothing
        // to cancel, so the exact path is taken.
        Instrument odd =
                new Instrument(
                        9,
                        "X",
                        "V",
                        2,
                        1,
                        1,
                        "USDT",
                        ZoneOffset.UTC,
                        List.of(),
                        new Instrument.Fees(3.3, 3.3, 0, 0),
                        BTCUSDT.units());
        // 100,000.01 × 10,000.00007 BTC × 3.3 bps: 1,000,000,107.0000007 × 0.00033
        // = 330,000.035310000231 USDT → 330,000.03531000 at 8 decimals.
        assertEquals(33_000_003_531_000L, Money.commission(odd, 10_000_001, 1_000_000_007L, false));
    }

    @Test
    void shouldNotAllocateAtRealisticSizes() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean)
                        java.lang.management.ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        long sink = 0;
        for (int round = 0; round < 3; round++) { // the first rounds warm up (class loading, JIT)
            long before = threads.getThreadAllocatedBytes(self);
            for (int k = 1; k <= 20_000; k++) {
                // 0.00001 to 200 BTC at ~61,824 USDT; 1..20,000 contracts; 100 to 2,000,000 shares
                // at ~240 USD
                sink += Money.fee(BTCUSDT, Side.SELL, 6_182_401 + k, 1_000L * k + 7, false, k);
                sink += Money.pnl(BTCUSDT, 6_182_401, 6_190_000 + k, 1_000L * k + 7);
                sink += Money.pnl(BTCUSD_PERP, 600_000 + k, 610_000, k);
                sink += Money.fee(BTCUSD_PERP, Side.BUY, 600_000 + k, k, true, k);
                sink += Money.notional(IF, 39_000 + 2 * k, k);
                sink += Money.fee(MOUTAI, Side.SELL, 179_500 + k, 100L * k, false, k);
                sink += Money.fee(MSFT, Side.BUY, 2_400_000 + k, 100L * k, true, k);
            }
            long allocated = threads.getThreadAllocatedBytes(self) - before;
            if (round == 2) {
                // One 16-byte object per call would be 2.2 MB; a few hundred bytes is the JIT's own
                // noise.
                org.junit.jupiter.api.Assertions.assertTrue(
                        allocated < 1024,
                        allocated + " bytes allocated by 140,000 money calls (sink " + sink + ")");
            }
        }
    }

    @Test
    void shouldAgreeWithExactDecimalArithmeticOnRandomInputs() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(9);
        Instrument[] all = {BTCUSDT, BTCUSD_PERP, IF, MOUTAI, MSFT};
        java.math.MathContext mc = new java.math.MathContext(50);
        for (int n = 0; n < 20_000; n++) {
            Instrument i = all[n % all.length];
            long px = 1 + rnd.nextLong(Money.pow10(i.priceScale() + 5));
            long exit = 1 + rnd.nextLong(Money.pow10(i.priceScale() + 5));
            long qty =
                    (rnd.nextBoolean() ? 1 : -1)
                            * (1 + rnd.nextLong(Money.pow10(3 + rnd.nextInt(5))));
            Instrument.Units u = i.units();
            java.math.BigDecimal q = java.math.BigDecimal.valueOf(qty, u.qtyScale());
            java.math.BigDecimal p = java.math.BigDecimal.valueOf(px, i.priceScale());
            java.math.BigDecimal x = java.math.BigDecimal.valueOf(exit, i.priceScale());
            java.math.BigDecimal notional;
            java.math.BigDecimal pnl;
            if (u.type() == Instrument.ContractType.INVERSE) {
                java.math.BigDecimal cv =
                        java.math.BigDecimal.valueOf(u.contractValue(), i.priceScale());
                notional = q.multiply(cv).divide(p, mc);
                pnl =
                        q.multiply(cv)
                                .multiply(
                                        java.math.BigDecimal.ONE
                                                .divide(p, mc)
                                                .subtract(java.math.BigDecimal.ONE.divide(x, mc)));
            } else {
                java.math.BigDecimal m = java.math.BigDecimal.valueOf(u.multiplier());
                notional = p.multiply(q).multiply(m);
                pnl = x.subtract(p).multiply(q).multiply(m);
            }
            java.math.BigDecimal bps = java.math.BigDecimal.valueOf(i.fees().takerBps());
            String at = i.symbol() + " px " + px + " exit " + exit + " qty " + qty;
            assertEquals(money(i, notional), Money.notional(i, px, qty), "notional " + at);
            assertEquals(money(i, pnl), Money.pnl(i, px, exit, qty), "pnl " + at);
            assertEquals(
                    money(
                            i,
                            notional.multiply(bps)
                                    .divide(java.math.BigDecimal.valueOf(10_000), mc)),
                    Money.commission(i, px, qty, false),
                    "commission " + at);
        }
    }

    /**
     * A settlement-currency amount rounded half away from zero to its smallest unit, in money
     * units.
     */
    private static long money(Instrument i, java.math.BigDecimal amount) {
        return amount.setScale(i.units().settlementDecimals(), java.math.RoundingMode.HALF_UP)
                .movePointRight(i.moneyScale())
                .longValueExact();
    }
}
