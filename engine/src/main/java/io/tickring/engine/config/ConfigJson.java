package io.tickring.engine.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tickring.adapters.paper.LatencyModel;
import io.tickring.core.instrument.Instrument;
import io.tickring.core.instrument.Instrument.SessionWindow;
import io.tickring.engine.stage.risk.RiskContext;
import io.tickring.engine.stage.strategy.StrategyContext;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * Writes the canonical JSON of an {@link EngineConfig}: the YAML schema's keys in schema order,
 * every value explicit, instruments inline and sorted by id, durations as exact strings ({@code
 * "250ms"}), no whitespace and no secrets. The same config always gives the same bytes, so its
 * SHA-256 identifies it.
 */
final class ConfigJson {
    private static final JsonFactory JSON = new JsonFactory();

    private ConfigJson() {}

    static String write(EngineConfig c) {
        StringWriter out = new StringWriter(4096);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            run(g, c.run());
            g.writeFieldName("instruments");
            g.writeStartArray();
            for (Instrument i : c.instruments().all()) {
                instrument(g, i);
            }
            g.writeEndArray();
            g.writeFieldName("ring");
            g.writeStartObject();
            g.writeNumberField("size", c.ring().size());
            if (c.ring().maxLagNs() > 0) {
                // Only when set: the configurations of journals written before the key keep their
                // digest.
                g.writeStringField("max_lag", Durations.format(c.ring().maxLagNs()));
            }
            g.writeEndObject();
            g.writeFieldName("threads");
            g.writeStartArray();
            for (ThreadConfig t : c.threads()) {
                thread(g, t);
            }
            g.writeEndArray();
            g.writeFieldName("timer");
            g.writeStartObject();
            g.writeStringField("period", Durations.format(c.timer().periodNs()));
            g.writeEndObject();
            source(g, c.source());
            g.writeFieldName("model");
            g.writeStartObject();
            g.writeStringField("kind", c.model().kind());
            g.writeStringField("path", c.model().path());
            g.writeNumberField("levels", c.model().levels());
            g.writeNumberField("window", c.model().window());
            g.writeStringField("normalisation", c.model().normalisation());
            g.writeArrayFieldStart("norm_mean");
            for (double v : c.model().normMean()) {
                g.writeNumber(v);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("norm_std");
            for (double v : c.model().normStd()) {
                g.writeNumber(v);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("class_order");
            for (String v : c.model().classOrder()) {
                g.writeString(v);
            }
            g.writeEndArray();
            g.writeNumberField("intra_op_threads", c.model().intraOpThreads());
            g.writeStringField("optimization", c.model().optimization());
            g.writeNumberField("score_every", c.model().scoreEvery());
            g.writeStringField("min_interval", Durations.format(c.model().minIntervalNs()));
            if (!c.model().output().isEmpty()) {
                // Written only when set, so configurations recorded before the key keep their
                // digest.
                g.writeStringField("output", c.model().output());
            }
            g.writeEndObject();
            strategy(g, c.strategy());
            risk(g, c.risk());
            g.writeFieldName("paper");
            g.writeStartObject();
            g.writeStringField("latency", Durations.format(c.paper().latencyNs()));
            g.writeStringField("jitter", Durations.format(c.paper().jitterNs()));
            // The latency models are written only when set, so configurations recorded before the
            // keys keep their digest; absent means decision 0 and latency + jitter.
            if (c.paper().decisionLatency().kind() != LatencyModel.Kind.CONSTANT
                    || c.paper().decisionLatency().a() != 0) {
                latency(g, "decision_latency", c.paper().decisionLatency());
            }
            if (c.paper().orderLatency() != null) {
                latency(g, "order_latency", c.paper().orderLatency());
            }
            if (c.paper().cancelLatency() != null) {
                latency(g, "cancel_latency", c.paper().cancelLatency());
            }
            g.writeStringField("queue_model", c.paper().queueModel().configName());
            g.writeStringField("queue_function", c.paper().queueFunctionName());
            g.writeStringField("trade_through", c.paper().tradeThroughName());
            g.writeEndObject();
            g.writeFieldName("journal");
            g.writeStartObject();
            g.writeNumberField("block_size_mb", c.journal().blockSizeMb());
            g.writeNumberField("min_free_mb", c.journal().minFreeMb());
            g.writeEndObject();
            overlay(g, c.overlay(), c.strategy());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a StringWriter", e);
        }
        return out.toString();
    }

    /**
     * A latency model as the configuration writes it; a recording also records its rows and their
     * digest, so the SESSION record names the data and not only the file.
     */
    private static void latency(JsonGenerator g, String key, LatencyModel m) throws IOException {
        switch (m.kind()) {
            case CONSTANT:
                g.writeStringField(key, Durations.format(m.a()));
                break;
            case HISTOGRAM:
                g.writeStringField(
                        key,
                        "histogram " + m.file() + " stages=" + m.rows() + " sha256=" + m.digest());
                break;
            case RECORDED:
                g.writeStringField(
                        key,
                        "recorded " + m.file() + " rows=" + m.rows() + " sha256=" + m.digest());
                break;
            default:
                g.writeStringField(
                        key,
                        m.kind().configName()
                                + " "
                                + Durations.format(m.a())
                                + " "
                                + Durations.format(m.b()));
                break;
        }
    }

    private static void run(JsonGenerator g, RunConfig r) throws IOException {
        g.writeFieldName("run");
        g.writeStartObject();
        g.writeStringField("mode", r.mode().configName());
        g.writeNumberField("seed", r.seed());
        g.writeStringField("duration", Durations.format(r.durationNs()));
        g.writeStringField("status_interval", Durations.format(r.statusIntervalNs()));
        g.writeStringField("drive", r.drive().configName());
        g.writeEndObject();
    }

    private static void instrument(JsonGenerator g, Instrument i) throws IOException {
        g.writeStartObject();
        g.writeNumberField("id", i.id());
        g.writeStringField("symbol", i.symbol());
        g.writeStringField("venue", i.venue());
        g.writeNumberField("price_scale", i.priceScale());
        // Plain decimal text at the instrument's scale, so it reads back to the same fixed-point
        // value.
        g.writeFieldName("tick_size");
        g.writeNumber(BigDecimal.valueOf(i.tickSize(), i.priceScale()).toPlainString());
        // Quantities as decimals in units of the asset, exact at the quantity scale.
        g.writeFieldName("lot_size");
        g.writeNumber(BigDecimal.valueOf(i.lotSize(), i.units().qtyScale()).toPlainString());
        g.writeStringField("currency", i.currency());
        g.writeNumberField("qty_scale", i.units().qtyScale());
        g.writeFieldName("qty_step");
        g.writeNumber(
                BigDecimal.valueOf(i.units().qtyStep(), i.units().qtyScale()).toPlainString());
        g.writeStringField("contract", i.units().type().name().toLowerCase(java.util.Locale.ROOT));
        g.writeNumberField("multiplier", i.units().multiplier());
        if (i.units().type() == Instrument.ContractType.INVERSE) {
            g.writeFieldName("contract_value");
            g.writeNumber(
                    BigDecimal.valueOf(i.units().contractValue(), i.priceScale()).toPlainString());
        }
        g.writeStringField("settlement_currency", i.settlementCurrency());
        g.writeNumberField("settlement_decimals", i.units().settlementDecimals());
        g.writeStringField("timezone", i.timeZone().getId());
        g.writeFieldName("sessions");
        g.writeStartArray();
        for (SessionWindow s : i.sessions()) {
            g.writeString(s.toString());
        }
        g.writeEndArray();
        g.writeFieldName("fees");
        g.writeStartObject();
        g.writeNumberField("maker_bps", i.fees().makerBps());
        g.writeNumberField("taker_bps", i.fees().takerBps());
        g.writeNumberField("min_commission", i.fees().minCommission());
        g.writeNumberField("stamp_duty_bps", i.fees().stampDutyBps());
        g.writeFieldName("stamp_duty_from");
        g.writeStartObject();
        for (Instrument.RateChange c : i.fees().stampDutyChanges()) {
            String date =
                    java.time.Instant.ofEpochSecond(0, c.fromNs())
                            .atZone(i.timeZone())
                            .toLocalDate()
                            .toString();
            g.writeNumberField(date, c.bps());
        }
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void thread(JsonGenerator g, ThreadConfig t) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", t.name());
        g.writeFieldName("stages");
        g.writeStartArray();
        for (String s : t.stages()) {
            g.writeString(s);
        }
        g.writeEndArray();
        g.writeStringField("idle", t.idle().configName());
        g.writeNumberField("cpu", t.cpu());
        g.writeEndObject();
    }

    private static void source(JsonGenerator g, SourceConfig s) throws IOException {
        g.writeFieldName("source");
        g.writeStartObject();
        g.writeStringField("kind", s.kind());
        g.writeFieldName("sim");
        g.writeStartObject();
        g.writeFieldName("instruments");
        g.writeStartArray();
        for (String symbol : s.sim().instruments()) {
            g.writeString(symbol);
        }
        g.writeEndArray();
        g.writeNumberField("events_per_second", s.sim().eventsPerSecond());
        g.writeNumberField("levels", s.sim().levels());
        g.writeStringField("start_time", instant(s.sim().startTimeNs()));
        g.writeEndObject();
        g.writeFieldName("binance");
        g.writeStartObject();
        g.writeStringField("url", s.binance().url());
        g.writeFieldName("streams");
        g.writeStartArray();
        for (String stream : s.binance().streams()) {
            g.writeString(stream);
        }
        g.writeEndArray();
        if (s.binance().quantityScale() == BinanceSourceConfig.REGISTRY_QTY_SCALE) {
            g.writeStringField("quantity_scale", BinanceSourceConfig.REGISTRY);
        } else {
            g.writeNumberField("quantity_scale", s.binance().quantityScale());
        }
        g.writeNumberField("depth", s.binance().depth());
        g.writeStringField("stale_after", Durations.format(s.binance().staleAfterNs()));
        g.writeStringField("market", s.binance().market());
        g.writeStringField("rest_url", s.binance().restUrl());
        g.writeNumberField("snapshot_limit", s.binance().snapshotLimit());
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void strategy(JsonGenerator g, StrategyContext s) throws IOException {
        g.writeFieldName("strategy");
        g.writeStartObject();
        g.writeStringField("kind", s.kind());
        // Double.toString reads back to the same double, so the round trip is exact.
        g.writeNumberField("threshold", s.threshold());
        g.writeNumberField("order_qty", s.orderQty());
        g.writeNumberField("max_position", s.maxPosition());
        g.writeStringField("cooldown", Durations.format(s.cooldownNs()));
        g.writeNumberField("min_confidence", s.minConfidence());
        g.writeStringField("sizing", s.sizing().configName());
        g.writeNumberField("notional", s.notional());
        g.writeNumberField("risk_fraction", s.riskFraction());
        g.writeNumberField("kelly_fraction", s.kellyFraction());
        g.writeNumberField("kelly_cap", s.kellyCap());
        g.writeNumberField("capital", s.capital());
        g.writeNumberField("take_profit_bps", s.takeProfitBps());
        g.writeNumberField("stop_loss_bps", s.stopLossBps());
        g.writeStringField("max_hold", Durations.format(s.maxHoldNs()));
        g.writeStringField("in_flight_timeout", Durations.format(s.inFlightTimeoutNs()));
        g.writeStringField("score_hold", Durations.format(s.scoreHoldNs()));
        g.writeStringField("flat_before_close", Durations.format(s.flatBeforeCloseNs()));
        g.writeNumberField("sentiment_weight", s.sentimentWeight());
        g.writeEndObject();
    }

    /**
     * The {@code overlay} section, only when it or the strategy's sentiment keys differ from the
     * defaults: a configuration that leaves the overlay alone keeps the JSON and digest it had
     * before the overlay existed, so the journals it recorded still replay.
     */
    private static void overlay(JsonGenerator g, OverlayConfig o, StrategyContext s)
            throws IOException {
        StrategyContext d = new StrategyContext();
        if (o.isDefault()
                && s.sentimentHalfLifeNs() == d.sentimentHalfLifeNs()
                && s.sentimentTtlNs() == d.sentimentTtlNs()
                && s.sentimentSizeWeight() == d.sentimentSizeWeight()
                && s.sentimentThresholdShift() == d.sentimentThresholdShift()) {
            return;
        }
        g.writeFieldName("overlay");
        g.writeStartObject();
        g.writeBooleanField("enabled", o.enabled());
        g.writeFieldName("news");
        g.writeStartObject();
        g.writeStringField("file", o.news().file());
        g.writeBooleanField("rebase", o.news().rebase());
        g.writeStringField("max_age", Durations.format(o.news().maxAgeNs()));
        if (!o.news().feeds().isEmpty()) {
            // Only when there are feeds: a configuration without keeps its digest.
            g.writeArrayFieldStart("feeds");
            for (OverlayConfig.Feed f : o.news().feeds()) {
                g.writeStartObject();
                g.writeStringField("url", f.url());
                g.writeArrayFieldStart("symbols");
                for (String symbol : f.symbols()) {
                    g.writeString(symbol);
                }
                g.writeEndArray();
                g.writeStringField("interval", Durations.format(f.intervalNs()));
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
        OverlayConfig.Provider p = o.provider();
        g.writeFieldName("provider");
        g.writeStartObject();
        g.writeStringField("kind", p.kind());
        g.writeStringField("name", p.name());
        g.writeStringField("base_url", p.baseUrl());
        g.writeStringField("model", p.model());
        g.writeStringField("api_key_env", p.apiKeyEnv());
        g.writeBooleanField("air_gapped", p.airGapped());
        g.writeStringField("timeout", Durations.format(p.timeoutNs()));
        g.writeNumberField("max_retries", p.maxRetries());
        g.writeNumberField("concurrency", p.concurrency());
        g.writeNumberField("rate_per_minute", p.ratePerMinute());
        g.writeNumberField("daily_budget", BigDecimal.valueOf(p.dailyBudgetMicros(), 6));
        g.writeNumberField(
                "input_cost_per_mtok", BigDecimal.valueOf(p.inputCostPerMtokMicros(), 6));
        g.writeNumberField(
                "output_cost_per_mtok", BigDecimal.valueOf(p.outputCostPerMtokMicros(), 6));
        g.writeNumberField("min_headlines", p.minHeadlines());
        g.writeStringField("window", Durations.format(p.windowNs()));
        g.writeEndObject();
        g.writeNumberField("queue_capacity_kb", o.queueCapacity() >> 10);
        g.writeStringField("half_life", Durations.format(s.sentimentHalfLifeNs()));
        g.writeStringField("ttl", Durations.format(s.sentimentTtlNs()));
        g.writeNumberField("size_weight", s.sentimentSizeWeight());
        g.writeNumberField("threshold_shift", s.sentimentThresholdShift());
        g.writeEndObject();
    }

    private static void risk(JsonGenerator g, RiskContext r) throws IOException {
        g.writeFieldName("risk");
        g.writeStartObject();
        g.writeNumberField("max_order_qty", r.maxOrderQty());
        g.writeNumberField("max_position", r.maxPosition());
        g.writeNumberField("max_orders_per_second", r.maxOrdersPerSecond());
        g.writeNumberField("max_orders_per_day", r.maxOrdersPerDay());
        g.writeStringField("cooldown_after_fill", Durations.format(r.cooldownAfterFillNs()));
        g.writeNumberField("min_confidence", r.minConfidence());
        g.writeNumberField("max_position_notional", r.maxPositionNotional());
        g.writeNumberField("max_gross_exposure", r.maxGrossExposure());
        g.writeNumberField("max_order_notional", r.maxOrderNotional());
        g.writeNumberField("price_band_bps", r.priceBandBps());
        g.writeNumberField("market_collar_bps", r.marketCollarBps());
        g.writeNumberField("initial_cash", r.initialCash());
        g.writeBooleanField("allow_short", r.allowShort());
        g.writeFieldName("t_plus_one_venues");
        g.writeStartArray();
        for (String v : r.tPlusOneVenues()) {
            g.writeString(v);
        }
        g.writeEndArray();
        g.writeNumberField("daily_loss_limit", r.dailyLossLimit());
        g.writeNumberField("max_drawdown", r.maxDrawdown());
        g.writeStringField("on_loss", r.lossHalts() ? "halt" : "reduce");
        g.writeStringField("max_data_age", Durations.format(r.maxDataAgeNs()));
        g.writeStringField("max_score_age", Durations.format(r.maxScoreAgeNs()));
        if (r.maxReceiveAgeNs() > 0) {
            // Only when set, as ring.max_lag: older journals' configurations keep their digest.
            g.writeStringField("max_receive_age", Durations.format(r.maxReceiveAgeNs()));
        }
        g.writeBooleanField("clamp", r.clamp());
        g.writeFieldName("instruments");
        g.writeStartArray();
        for (String v : r.instruments()) {
            g.writeString(v);
        }
        g.writeEndArray();
        g.writeBooleanField("enforce_sessions", r.enforceSessions());
        g.writeStringField("limit_currency", r.limitCurrency());
        g.writeFieldName("currency_rates");
        g.writeStartObject();
        for (Map.Entry<String, Double> e : new java.util.TreeMap<>(r.currencyRates()).entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        g.writeStringField("trading_day_zone", r.tradingDayZone());
        g.writeStringField(
                "trading_day_start",
                String.format(
                        java.util.Locale.ROOT,
                        "%02d:%02d",
                        r.tradingDayStartMinute() / 60,
                        r.tradingDayStartMinute() % 60));
        g.writeEndObject();
    }

    static String instant(long epochNanos) {
        return Instant.ofEpochSecond(
                        Math.floorDiv(epochNanos, 1_000_000_000L),
                        Math.floorMod(epochNanos, 1_000_000_000L))
                .toString();
    }
}
