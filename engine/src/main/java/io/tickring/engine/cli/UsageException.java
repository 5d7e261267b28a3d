package io.tickring.engine.cli;

/** Bad input or usage found by a command: exit code 2 with this one-line message. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message, null, false, false);
    }
}
