package io.tickring.engine.stage.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tickring.core.EventType;
import io.tickring.core.ParameterException;
import io.tickring.core.Side;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Sentiment's bounded authority in the strategy: it decays, expires, moves the threshold within its
 * cap, shrinks a disagreeing entry within [0, 1], and never makes an entry alone.
 */
class StrategySentimentTest extends StrategyStageTest {
    static final long SECOND = 1_000_000_000L;

    static StrategyContext bounded(double shift, double sizeWeight) {
        return params(StrategyStage.Sizing.FIXED_QTY, 0, 0, 0, 0)
                .minConfidence(0)
                .sentimentHalfLifeNs(10 * SECOND)
                .sentimentTtlNs(60 * SECOND)
                .sentimentThresholdShift(shift)
                .sentimentSizeWeight(sizeWeight);
    }

    void sentiment(StrategyStage s, long time, double score, double confidence) {
        e.clearInput();
        e.type = EventType.SENTIMENT;
        e.instrumentId = 1;
        e.exchangeTimeNs = time;
        e.sentimentScore = score;
        e.sentimentConfidence = confidence;
        s.onEvent(e);
    }

    @Test
    void shouldDecayByHalfEachHalfLifeAndBeNeutralPastTheTtl() {
        StrategyStage s = new StrategyStage(bounded(0.1, 0.5), List.of(I));
        sentiment(s, T0, 0.8, 0.5);
        assertEquals(0.4, s.sentiment(1, T0), 1e-12);
        assertEquals(0.2, s.sentiment(1, T0 + 10 * SECOND), 1e-12);
        assertEquals(0.1, s.sentiment(1, T0 + 20 * SECOND), 1e-12);
        assertEquals(0.4 / 64, s.sentiment(1, T0 + 60 * SECOND), 1e-12);
        assertEquals(0, s.sentiment(1, T0 + 60 * SECOND + 1), "stale is neutral");
    }

    @Test
    void shouldNeverEnterOnSentimentAloneEvenAtFullScoreAndTheLargestShift() {
        StrategyStage s = new StrategyStage(bounded(Math.nextDown(0.3), 1), List.of(I));
        sentiment(s, T0, 1, 1);
        book(s, 1, T0, 10_000, 10_010, 0.3, 0.3); // the model's edge is 0
        assertEquals(Side.NONE, e.intentSide);
        sentiment(s, T0, -1, 1);
        book(s, 1, T0, 10_000, 10_010, 0.3, 0.3);
        assertEquals(Side.NONE, e.intentSide);
    }

    @Test
    void shouldMoveTheThresholdOnlyWithinItsCap() {
        StrategyStage s = new StrategyStage(bounded(0.1, 0), List.of(I));
        book(s, 1, T0, 10_000, 10_010, 0.45, 0.2); // edge 0.25 < 0.3: no entry without sentiment
        assertEquals(Side.NONE, e.intentSide);
        sentiment(s, T0, 1, 1); // loosens the buy threshold to 0.2
        book(s, 1, T0, 10_000, 10_010, 0.45, 0.2);
        assertEquals(Side.BUY, e.intentSide);
        book(s, 1, T0, 10_000, 10_010, 0.39, 0.2); // edge 0.19 < 0.2: the cap holds
        assertEquals(Side.NONE, e.intentSide);
        book(s, 1, T0, 10_000, 10_010, 0.2, 0.5); // a sell needs 0.4 now: tightened
        assertEquals(Side.NONE, e.intentSide);
        book(s, 1, T0, 10_000, 10_010, 0.1, 0.55);
        assertEquals(Side.SELL, e.intentSide);
    }

    @Test
    void shouldShrinkADisagreeingEntryAndNeverEnlargeAnAgreeingOne() {
        StrategyStage s = new StrategyStage(bounded(0, 0.5), List.of(I));
        sentiment(s, T0, -1, 1);
        book(s, 1, T0, 10_000, 10_010, 0.7, 0.1);
        assertEquals(Side.BUY, e.intentSide);
        assertEquals(50, e.intentQty, "100 × (1 − 0.5 × 1)");
        sentiment(s, T0, 1, 1);
        book(s, 1, T0, 10_000, 10_010, 0.7, 0.1);
        assertEquals(100, e.intentQty, "agreeing sentiment leaves the size as it was");
    }

    @Test
    void shouldAnswerTwoHeadlinesWithTheSameScoreAlikeWhateverTheySaid() {
        // The stage sees numbers only; an injected "BUY NOW" reaches it as the score it was given.
        StrategyStage a = new StrategyStage(bounded(0.1, 0.5), List.of(I));
        StrategyStage b = new StrategyStage(bounded(0.1, 0.5), List.of(I));
        sentiment(a, T0, 0.2, 0.5);
        sentiment(b, T0, 0.2, 0.5);
        for (int k = 0; k < 20; k++) {
            double pUp = 0.3 + k * 0.02;
            book(a, 1, T0 + k * SECOND, 10_000, 10_010, pUp, 0.1);
            long qa = e.intentQty;
            book(b, 1, T0 + k * SECOND, 10_000, 10_010, pUp, 0.1);
            assertEquals(qa, e.intentQty);
        }
    }

    @Test
    void shouldRefuseAShiftAtOrAboveTheThresholdAndAWeightAboveOne() {
        ParameterException shift =
                assertThrows(
                        ParameterException.class,
                        () -> new StrategyContext().sentimentThresholdShift(0.3).conclude());
        assertEquals(
                "overlay.threshold_shift: out of range: 0.3 (expected 0 <= threshold_shift <"
                        + " strategy.threshold 0.3)",
                shift.getMessage());
        ParameterException weight =
                assertThrows(
                        ParameterException.class,
                        () -> new StrategyContext().sentimentSizeWeight(1.5).conclude());
        assertEquals("overlay", weight.section());
        assertThrows(
                ParameterException.class, () -> new StrategyContext().sentimentTtlNs(0).conclude());
    }
}
