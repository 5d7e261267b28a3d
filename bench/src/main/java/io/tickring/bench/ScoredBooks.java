package io.tickring.bench;

import io.tickring.core.RingEvent;
import io.tickring.core.codec.InputCodec;
import io.tickring.core.instrument.Instrument;
import io.tickring.engine.stage.features.FeaturesStage;
import io.tickring.engine.stage.model.MicropriceRule;
import io.tickring.engine.stage.model.ModelStage;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A cycle of L5 BOOK events of one instrument, decoded from {@link BookLoopSource}'s records and
 * already through the stages before the one a benchmark measures (features, then the microprice
 * rule), built once at set-up so that the measured call does only its own stage's work.
 */
final class ScoredBooks {
    private ScoredBooks() {}

    /**
     * @param count how many events (a power of two, so a benchmark can cycle with a mask)
     * @param score true to run the model stage (microprice rule) too
     */
    static RingEvent[] of(Instrument instrument, int count, boolean score) {
        BookLoopSource source = new BookLoopSource(instrument.id(), 42);
        InputCodec.Decoder decoder = new InputCodec.Decoder();
        FeaturesStage features = new FeaturesStage(List.of(instrument));
        ModelStage model = new ModelStage(new MicropriceRule());
        UnsafeBuffer view = new UnsafeBuffer(new byte[0]);
        RingEvent[] events = new RingEvent[count];
        for (int n = 0; n < count; n++) {
            RingEvent e = new RingEvent();
            int len = source.poll(e.record);
            view.wrap(e.record.byteArray(), 0, len);
            decoder.decode(view, 0, len, e, "bench");
            e.recordLength = len;
            e.sequence = n;
            features.onEvent(e);
            if (score) {
                model.onEvent(e);
            }
            events[n] = e;
        }
        return events;
    }
}
