package io.tickring.adapters.importer;

/**
 * Bad input that stops an import: a missing or unreadable file, an unusable header or mapping, or,
 * in strict mode, the first problem row. The message is one line that starts with the file and line
 * ({@code file:line: problem}) when there is one; the command line prints it and exits with 2.
 */
public final class ImportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ImportException(String message) {
        super(message, null, false, false);
    }

    public ImportException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
