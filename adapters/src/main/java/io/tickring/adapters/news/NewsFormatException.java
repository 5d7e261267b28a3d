package io.tickring.adapters.news;

/** A news file that cannot be read: the message is one line naming the file, line and key. */
public final class NewsFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NewsFormatException(String message) {
        super(message);
    }
}
