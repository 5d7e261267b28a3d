package io.tickring.adapters.news;

import java.util.HashSet;
import java.util.Set;

/**
 * The point-in-time rules every headline passes before anything scores it: it must say when it was
 * published, must not claim a publication after the engine received it, must not be older than
 * {@code maxAgeNs} when received, and must not repeat one already seen (same symbol, same
 * normalised text). A headline that passes may be used from its receipt on, never before. Not
 * thread-safe: one source thread owns it.
 */
public final class PointInTime {
    /** What the rules made of a headline. */
    public enum Verdict {
        ACCEPTED,
        UNDATED,
        FUTURE_DATED,
        STALE,
        DUPLICATE
    }

    private final long maxAgeNs;
    private final NewsCounters counters;
    private final Set<String> seen = new HashSet<>();

    /**
     * @param maxAgeNs the oldest a headline may be when received; 0 = no limit
     */
    public PointInTime(long maxAgeNs, NewsCounters counters) {
        if (maxAgeNs < 0) {
            throw new IllegalArgumentException("max age must be >= 0: " + maxAgeNs);
        }
        this.maxAgeNs = maxAgeNs;
        this.counters = counters;
    }

    /**
     * Marks a content hash as seen without counting it: a headline an earlier run on the same
     * journal already scored (run --resume) is a duplicate from now on.
     */
    public void remember(String contentHash) {
        seen.add(contentHash);
    }

    /** Judges {@code h} and counts the verdict. */
    public Verdict check(Headline h) {
        counters.read.incrementAndGet();
        Verdict v = judge(h);
        switch (v) {
            case ACCEPTED:
                counters.accepted.incrementAndGet();
                break;
            case UNDATED:
                counters.undated.incrementAndGet();
                break;
            case FUTURE_DATED:
                counters.futureDated.incrementAndGet();
                break;
            case STALE:
                counters.stale.incrementAndGet();
                break;
            default:
                counters.duplicate.incrementAndGet();
        }
        return v;
    }

    private Verdict judge(Headline h) {
        if (h.publishedNs() == Headline.UNDATED) {
            return Verdict.UNDATED;
        }
        if (h.publishedNs() > h.receivedNs()) {
            // Published after we had it: the date is wrong, or the item leaks the future.
            return Verdict.FUTURE_DATED;
        }
        if (maxAgeNs > 0 && h.receivedNs() - h.publishedNs() > maxAgeNs) {
            return Verdict.STALE;
        }
        // Only a headline that passed the other rules claims its hash: a stale copy must not
        // shadow a fresh one.
        return seen.add(h.contentHash()) ? Verdict.ACCEPTED : Verdict.DUPLICATE;
    }
}
