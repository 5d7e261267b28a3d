package io.tickring.journal.codec;

/**
 * A journal or ingress record that this build cannot read: unknown schema version, unknown type,
 * or a record shorter than its type needs. The message is one line and names the record.
 */
public final class JournalFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JournalFormatException(String message) {
        super(message, null, false, false);
    }
}
