package io.tickring.adapters.binance;

import io.tickring.core.instrument.Instrument;
import java.util.Locale;

/**
 * The Binance market an instrument trades on, which decides its diff-depth continuity rule and
 * where its REST depth snapshot lives.
 *
 * <p>Known from the instrument registry's {@code venue} by default: {@code BINANCE_USDM} is USD-M
 * futures, {@code BINANCE_COINM} COIN-M futures, and any other venue (e.g. {@code BINANCE}) spot.
 * An import or feed may name one market for all its instruments instead ({@code --market
 * spot|usdm|coinm}), for a registry whose venues say otherwise.
 */
public enum BinanceMarket {
    /** Spot: {@code U == previous u + 1}; first diff {@code U <= L+1 <= u}. */
    SPOT("spot", "https://api.binance.com", "/api/v3/depth"),
    /** USD-M futures: {@code pu == previous u}; first diff {@code U <= L <= u}. */
    USDM("usdm", "https://fapi.binance.com", "/fapi/v1/depth"),
    /** COIN-M futures: the USD-M rules. */
    COINM("coinm", "https://dapi.binance.com", "/dapi/v1/depth");

    private final String optionName;
    private final String restBaseUrl;
    private final String depthPath;

    BinanceMarket(String optionName, String restBaseUrl, String depthPath) {
        this.optionName = optionName;
        this.restBaseUrl = restBaseUrl;
        this.depthPath = depthPath;
    }

    /** True for USD-M and COIN-M: diffs carry {@code pu}, and the futures rules apply. */
    public boolean futures() {
        return this != SPOT;
    }

    /** The name used by {@code --market} and in summaries. */
    public String optionName() {
        return optionName;
    }

    /** The venue's REST base URL. */
    public String restBaseUrl() {
        return restBaseUrl;
    }

    /** Path of the REST depth snapshot, e.g. {@code /fapi/v1/depth}. */
    public String depthPath() {
        return depthPath;
    }

    /** The market of a registry instrument, by its venue. */
    public static BinanceMarket of(Instrument instrument) {
        switch (instrument.venue().toUpperCase(Locale.ROOT)) {
            case "BINANCE_USDM":
                return USDM;
            case "BINANCE_COINM":
                return COINM;
            default:
                return SPOT;
        }
    }

    /**
     * Parses a {@code --market} value.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static BinanceMarket parse(String name) {
        for (BinanceMarket m : values()) {
            if (m.optionName.equalsIgnoreCase(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("--market must be spot, usdm or coinm, got " + name);
    }
}
