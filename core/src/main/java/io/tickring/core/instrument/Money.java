package io.tickring.core.instrument;

import io.tickring.core.Side;
import java.math.BigInteger;

/**
 * The one place that turns (price, quantity, instrument) into money: notional, fees and PnL in the
 * instrument's settlement currency. Every stage, the paper venue, the portfolio and the reports use
 * it.
 *
 * <p><b>Units.</b> Prices are fixed-point at the instrument's price scale, quantities at its
 * quantity scale ({@link Instrument.Units#qtyScale()}). Money is a {@code long} at {@link
 * Instrument#moneyScale()} decimals of the settlement currency, rounded to the currency's smallest
 * unit ({@link Instrument.Units#settlementDecimals()}) <b>half away from zero</b> (a half unit goes
 * up in magnitude: +0.5 → 1, −0.5 → −1), once, from the exact product: no intermediate is rounded.
 *
 * <ul>
 *   <li>spot and linear: notional = price × qty × multiplier (quote currency); PnL = (exit − entry)
 *       × qty × multiplier;
 *   <li>inverse: notional = qty × contract value / price (base coin); PnL = qty × contract value ×
 *       (1/entry − 1/exit).
 * </ul>
 *
 * <p><b>Fees</b> are rates in basis points of the notional: the maker or taker commission (a
 * negative maker rate is a rebate), plus stamp duty on sells at the rate in force at the fill's
 * event time. The minimum commission is per order: {@link #commissionDue} gives what an order owes
 * after each fill.
 *
 * <p>Allocation-free while the product of the factors, after decimal zeros are cancelled against a
 * power-of-ten denominator, fits in 63 bits (≈ 9.2 × 10^18); a power of ten in the numerator is
 * applied by long division of the remainder, never multiplied into the product. That covers
 * realistic sizes: a fee on 200 BTC at 61,824.01 USDT (quantity 2 × 10^7 at scale 5, price 6.2 ×
 * 10^6 at scale 2, rate cancelled to 1) is a product of 1.2 × 10^14; inverse PnL of 20,000
 * contracts is 2 × 10^11 over a denominator of 3.7 × 10^11 ({@code MoneyTest} measures 140,000 such
 * calls allocating nothing). Beyond that the result stays exact through {@link BigInteger}, which
 * allocates. Stateless, thread-safe.
 */
public final class Money {
    private static final long[] POW10 = new long[19];

    static {
        POW10[0] = 1;
        for (int k = 1; k < POW10.length; k++) {
            POW10[k] = POW10[k - 1] * 10;
        }
    }

    private Money() {}

    /** 10^k for 0 &lt;= k &lt;= 18. */
    public static long pow10(int k) {
        return POW10[k];
    }

    /** Signed notional of {@code qty} at {@code px} (the sign of {@code qty}), in money units. */
    public static long notional(Instrument i, long px, long qty) {
        return scaled(i, px, qty, 1, 0);
    }

    /**
     * Signed commission of one fill at the maker or taker rate, without the minimum; negative for a
     * rebate. {@code qty} &gt; 0.
     */
    public static long commission(Instrument i, long px, long qty, boolean maker) {
        Instrument.Fees f = i.fees();
        return ofBps(i, px, qty, maker ? f.makerBps() : f.takerBps());
    }

    /** Stamp duty of one fill: on sells only, at the rate in force at {@code timeNs}. */
    public static long stampDuty(Instrument i, byte side, long px, long qty, long timeNs) {
        if (side != Side.SELL) {
            return 0;
        }
        return ofBps(i, px, qty, i.fees().stampDutyBps(timeNs));
    }

    /**
     * True if a fill at this liquidity pays a commission the minimum applies to (its rate is not a
     * rebate).
     */
    public static boolean paysMinimum(Instrument i, boolean maker) {
        return (maker ? i.fees().makerBps() : i.fees().takerBps()) >= 0;
    }

    /**
     * The minimum commission per order, in money units (rounded to the settlement currency's unit).
     */
    public static long minCommission(Instrument i) {
        int d = i.units().settlementDecimals();
        return Math.round(i.fees().minCommission() * POW10[d]) * POW10[i.moneyScale() - d];
    }

    /**
     * What an order owes in commission in total after a fill: the sum of its fills' commissions,
     * raised to the minimum once any fill paid a rate (a rebate-only order is never raised, so a
     * rebate never turns into a charge). The fill is charged the difference from what was charged
     * before.
     *
     * @param accrued sum of {@link #commission} over the order's fills so far, this one included
     * @param paying true if any of those fills {@link #paysMinimum}
     */
    public static long commissionDue(Instrument i, long accrued, boolean paying) {
        if (!paying) {
            return accrued;
        }
        return Math.max(accrued, minCommission(i));
    }

    /**
     * Fee of a single fill taken as a whole order: commission (with the minimum unless it is a
     * rebate) plus stamp duty. For an order with several fills use {@link #commissionDue}.
     */
    public static long fee(Instrument i, byte side, long px, long qty, boolean maker, long timeNs) {
        long c = commission(i, px, qty, maker);
        return commissionDue(i, c, paysMinimum(i, maker)) + stampDuty(i, side, px, qty, timeNs);
    }

    /**
     * PnL of holding {@code qty} (signed, positive long) from {@code entryPx} to {@code exitPx}, in
     * money units, before fees.
     */
    public static long pnl(Instrument i, long entryPx, long exitPx, long qty) {
        Instrument.Units u = i.units();
        if (u.type() == Instrument.ContractType.INVERSE) {
            // qty × cv × (exit − entry) / (entry × exit), all at the price scale: cv/10^ps ×
            // 10^ps/entry...
            // = qty/10^qs × cv × (exit − entry) / (entry × exit) coins, × 10^ms money units.
            return ratio(
                    i, qty, u.contractValue(), exitPx - entryPx, 1, entryPx, exitPx, -u.qtyScale());
        }
        return scaled(i, exitPx - entryPx, qty, 1, 0);
    }

    /**
     * The value in settlement currency of one quantity unit (10^-qtyScale) at {@code price} (a
     * price in currency units, e.g. a mid), signed so that a position's PnL is qty × (value at exit
     * − value at entry): price × multiplier for spot and linear, −contract value / price for
     * inverse. For the stages' double arithmetic (sizing, limits, marks); exact money comes from
     * the other methods.
     */
    public static double unitValue(Instrument i, double price) {
        Instrument.Units u = i.units();
        double perUnit = 1.0 / POW10[u.qtyScale()];
        if (u.type() == Instrument.ContractType.INVERSE) {
            double cv = u.contractValue() / (double) POW10[i.priceScale()];
            return price == 0 ? 0 : -cv / price * perUnit;
        }
        return price * u.multiplier() * perUnit;
    }

    /** {@link #unitValue(Instrument, double)} of a fixed-point price. */
    public static double unitValue(Instrument i, long fixedPx) {
        return unitValue(i, fixedPx / (double) POW10[i.priceScale()]);
    }

    /**
     * Money units as a double in settlement currency (for display and the stages' double
     * arithmetic).
     */
    public static double toDouble(Instrument i, long money) {
        return money / (double) POW10[i.moneyScale()];
    }

    /** Money units as a plain decimal string in settlement currency, e.g. {@code 0.07604353}. */
    public static String format(Instrument i, long money) {
        return java.math.BigDecimal.valueOf(money, i.moneyScale()).toPlainString();
    }

    /** notional × bps / 10^4, from the exact product. */
    private static long ofBps(Instrument i, long px, long qty, double bps) {
        // bps to a whole number of 10^-4 bps keeps the rates of real schedules (2.5, 0.341) exact.
        long rate = Math.round(bps * 10_000);
        if (rate == 0) {
            return 0;
        }
        return scaled(i, px, qty, rate, -8);
    }

    /** Notional of (px, qty) times {@code factor} × 10^{@code pow10}, rounded once. */
    private static long scaled(Instrument i, long px, long qty, long factor, int pow10) {
        Instrument.Units u = i.units();
        if (u.type() == Instrument.ContractType.INVERSE) {
            // qty/10^qs × (cv/10^ps) / (px/10^ps) = qty × cv / (px × 10^qs) coins
            return ratio(i, qty, u.contractValue(), factor, 1, px, 1, pow10 - u.qtyScale());
        }
        // px/10^ps × qty/10^qs × multiplier quote currency
        return ratio(
                i, px, qty, u.multiplier(), factor, 1, 1, pow10 - i.priceScale() - u.qtyScale());
    }

    /**
     * a × b × c × d / (e × f) × 10^pow10 in money units (× 10^moneyScale), rounded half away from
     * zero to the settlement currency's smallest unit.
     */
    private static long ratio(
            Instrument i, long a, long b, long c, long d, long e, long f, int pow10) {
        int unitExp =
                i.moneyScale()
                        - i.units()
                                .settlementDecimals(); // money units per smallest unit: 10^unitExp
        // Result in smallest units: a·b·c·d / (e·f) × 10^(pow10 + moneyScale − unitExp); then ×
        // 10^unitExp.
        int exp = pow10 + i.moneyScale() - unitExp;
        // Cancel decimal zeros of the factors against a power-of-ten denominator (rates like 100000
        // for
        // 10 bps, quantities like 10^8 for one coin) so that the product of realistic sizes fits a
        // long.
        while (exp < 0 && a % 10 == 0 && a != 0) {
            a /= 10;
            exp++;
        }
        while (exp < 0 && b % 10 == 0 && b != 0) {
            b /= 10;
            exp++;
        }
        while (exp < 0 && c % 10 == 0 && c != 0) {
            c /= 10;
            exp++;
        }
        while (exp < 0 && d % 10 == 0 && d != 0) {
            d /= 10;
            exp++;
        }
        long num = mul(mul(mul(a, b), c), d);
        long den = mul(e, f);
        if (num != OVERFLOW && den != OVERFLOW && den != 0 && exp <= 18 && exp >= -18) {
            long q = OVERFLOW;
            if (exp >= 0) {
                q = divideScaledHalfAway(num, den, exp);
            } else {
                den = mul(den, POW10[-exp]);
                if (den != OVERFLOW) {
                    q = divideHalfAway(num, den);
                }
            }
            if (q != OVERFLOW) {
                long r = mul(q, POW10[unitExp]);
                if (r != OVERFLOW) {
                    return r;
                }
            }
        }
        return slow(a, b, c, d, e, f, exp, unitExp);
    }

    /** Marks a product that does not fit (Long.MIN_VALUE is never a product we accept). */
    private static final long OVERFLOW = Long.MIN_VALUE;

    private static long mul(long x, long y) {
        if (x == OVERFLOW || y == OVERFLOW) {
            return OVERFLOW;
        }
        long lo = x * y;
        long hi = Math.multiplyHigh(x, y);
        if (hi != (lo >> 63) || lo == OVERFLOW) {
            return OVERFLOW;
        }
        return lo;
    }

    /**
     * num × 10^exp / den rounded half away from zero, without forming num × 10^exp: the quotient's
     * integer part, then {@code exp} more decimal digits by long division of the remainder (which
     * stays below den, so ten times it fits while den &lt; 2^59). {@link #OVERFLOW} if the result
     * does not fit.
     */
    private static long divideScaledHalfAway(long num, long den, int exp) {
        if (den < 0) {
            num = -num;
            den = -den;
        }
        if (den > (Long.MAX_VALUE >> 4)) {
            return OVERFLOW;
        }
        boolean negative = num < 0;
        long n = Math.abs(num);
        long q = n / den;
        long r = n % den;
        for (int k = 0; k < exp; k++) {
            r *= 10;
            q = mul(q, 10);
            if (q == OVERFLOW) {
                return OVERFLOW;
            }
            q += r / den;
            r %= den;
        }
        if (r >= den - r) {
            q++;
        }
        return negative ? -q : q;
    }

    private static long divideHalfAway(long num, long den) {
        if (den < 0) {
            num = -num;
            den = -den;
        }
        long q = num / den;
        long r = Math.abs(num % den);
        if (r >= den - r) {
            q += num < 0 ? -1 : 1;
        }
        return q;
    }

    private static long slow(long a, long b, long c, long d, long e, long f, int exp, int unitExp) {
        BigInteger num =
                BigInteger.valueOf(a)
                        .multiply(BigInteger.valueOf(b))
                        .multiply(BigInteger.valueOf(c))
                        .multiply(BigInteger.valueOf(d));
        BigInteger den = BigInteger.valueOf(e).multiply(BigInteger.valueOf(f));
        if (den.signum() == 0) {
            throw new ArithmeticException("division by a zero price");
        }
        if (exp >= 0) {
            num = num.multiply(BigInteger.TEN.pow(exp));
        } else {
            den = den.multiply(BigInteger.TEN.pow(-exp));
        }
        if (den.signum() < 0) {
            num = num.negate();
            den = den.negate();
        }
        BigInteger[] qr = num.abs().divideAndRemainder(den);
        BigInteger q = qr[0];
        if (qr[1].shiftLeft(1).compareTo(den) >= 0) {
            q = q.add(BigInteger.ONE);
        }
        if (num.signum() < 0) {
            q = q.negate();
        }
        return q.multiply(BigInteger.valueOf(POW10[unitExp])).longValueExact();
    }
}
