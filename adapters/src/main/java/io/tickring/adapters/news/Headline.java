package io.tickring.adapters.news;

/**
 * One headline about one symbol, as a news source delivered it: the text is data to be scored,
 * never an instruction to anything.
 *
 * @param line where it came from (the file's line, or the feed's item number), for messages
 * @param symbol the instrument it is about
 * @param text the headline
 * @param publishedNs when the source says it was published; {@link #UNDATED} if it does not say
 * @param receivedNs when the engine received it: it may be used only from then on
 * @param contentHash SHA-256 (hex) of the symbol and the normalised text: the duplicate key
 * @param preScored the score a replay provider gives it, or null
 */
public record Headline(
        int line,
        String symbol,
        String text,
        long publishedNs,
        long receivedNs,
        String contentHash,
        PreScore preScored) {
    /** {@link #publishedNs} of a headline that carries no publication time. */
    public static final long UNDATED = Long.MIN_VALUE;

    /** This headline with both times moved by {@code deltaNs} (an undated one stays undated). */
    public Headline shifted(long deltaNs) {
        return new Headline(
                line,
                symbol,
                text,
                publishedNs == UNDATED ? UNDATED : publishedNs + deltaNs,
                receivedNs + deltaNs,
                contentHash,
                preScored);
    }

    /**
     * A score recorded beside the headline, for the replay provider: what an LLM once said about
     * it, with what that call cost.
     *
     * @param sentiment in [-1, 1]
     * @param confidence in [0, 1]
     * @param horizonMinutes how long the score is meant to matter
     * @param latencyNs how long the scoring took: the score is usable that long after receipt
     * @param model the model that scored it ({@code "replay"} if the file does not say)
     */
    public record PreScore(
            double sentiment,
            double confidence,
            int horizonMinutes,
            long latencyNs,
            String model) {}
}
