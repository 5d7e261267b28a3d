package io.tickring.engine.config;

/**
 * A configuration error that names where it is: the file, the line, the dotted key path and the
 * problem.
 *
 * <p>The message is one line, {@code file:line: key: problem}, so a launcher can print it as is and
 * exit with code 2. Where the value did not come from a file the "file" is its origin instead:
 * {@code env:VAR} for an environment override, the flag (e.g. {@code --duration}) for a
 * command-line override; those have no line, and line 0 is left out of the message. An empty key is
 * left out too (e.g. a missing file).
 *
 * <p>Stackless: the position in the configuration is the useful part, the Java stack is not.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final String key;
    private final String problem;

    public ConfigException(String file, int line, String key, String problem) {
        super(format(file, line, key, problem), null, false, false);
        this.file = file;
        this.line = line;
        this.key = key;
        this.problem = oneLine(problem);
    }

    /** The file, {@code env:VAR} or flag the offending value came from. */
    public String file() {
        return file;
    }

    /** 1-based line of the offending key or value, or 0 when it has none. */
    public int line() {
        return line;
    }

    /**
     * Dotted key path with list indexes, e.g. {@code threads[1].idle}; empty if the error is about
     * the file.
     */
    public String key() {
        return key;
    }

    /** What is wrong, without the position. */
    public String problem() {
        return problem;
    }

    private static String format(String file, int line, String key, String problem) {
        StringBuilder sb = new StringBuilder(oneLine(file));
        if (line > 0) {
            sb.append(':').append(line);
        }
        if (key != null && !key.isEmpty()) {
            sb.append(": ").append(oneLine(key));
        }
        return sb.append(": ").append(oneLine(problem)).toString();
    }

    /**
     * Launchers print the message as one line; parser messages and user values may carry newlines.
     */
    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }
}
