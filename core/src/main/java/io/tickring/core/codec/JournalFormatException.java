package io.tickring.core.codec;

/**
 * A journal or ingress record that this build cannot read: unknown schema version, unknown type, or
 * a record shorter than its type needs. The message is one line, {@code where: problem}.
 *
 * <p>The place and the problem are kept apart so that a hot loop can check records under a fixed
 * name and say exactly which record failed only when one does ({@link #at}), without building a
 * name per record.
 */
public final class JournalFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String problem;

    public JournalFormatException(String message) {
        super(message, null, false, false);
        this.problem = message;
    }

    /** A problem with the record named by {@code where}. */
    public JournalFormatException(String where, String problem) {
        super(where + ": " + problem, null, false, false);
        this.problem = problem;
    }

    /** The same problem, placed at {@code where} instead. */
    public JournalFormatException at(String where) {
        return new JournalFormatException(where, problem);
    }
}
