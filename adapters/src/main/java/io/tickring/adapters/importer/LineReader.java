package io.tickring.adapters.importer;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads a text file line by line as bytes, plain or gzip (told apart by the gzip magic bytes, not
 * the file name). The current line is {@code buffer()[start() .. end())} without its {@code \n} or
 * {@code \r\n}; {@link #lineNumber()} counts physical lines from 1, so problems can name them.
 * Allocation-free per line: lines are slices of one buffer that grows only for a line longer than
 * it. Single-threaded.
 */
public final class LineReader implements AutoCloseable {
    private static final int BUFFER = 1 << 18;
    private static final int GZIP_BUFFER = 1 << 16;

    private final String name;
    private final InputStream in;
    private final boolean gzip;
    private byte[] buf = new byte[BUFFER];
    private int pos;
    private int limit;
    private int scanned;
    private boolean eof;
    private int start;
    private int end;
    private long line;

    private LineReader(Path file, InputStream in, boolean gzip) {
        this.name = file.toString();
        this.in = in;
        this.gzip = gzip;
    }

    /**
     * Opens {@code file}.
     *
     * @throws ImportException naming the file if it is missing or cannot be read
     */
    public static LineReader open(Path file) {
        InputStream raw = null;
        try {
            raw = new BufferedInputStream(Files.newInputStream(file), GZIP_BUFFER);
            boolean gzip = isGzip(raw);
            InputStream in = gzip ? new GZIPInputStream(raw, GZIP_BUFFER) : raw;
            return new LineReader(file, in, gzip);
        } catch (NoSuchFileException e) {
            closeQuietly(raw);
            throw new ImportException(file + ": no such file");
        } catch (IOException e) {
            closeQuietly(raw);
            throw new ImportException(file + ": cannot read: " + oneLine(e), e);
        }
    }

    /**
     * Opens {@code file} as a stream, gunzipping it if it starts with the gzip magic bytes (the
     * name does not matter): for whole-file reads such as a REST snapshot.
     */
    public static InputStream openStream(Path file) throws IOException {
        BufferedInputStream raw = new BufferedInputStream(Files.newInputStream(file), GZIP_BUFFER);
        return isGzip(raw) ? new GZIPInputStream(raw, GZIP_BUFFER) : raw;
    }

    private static boolean isGzip(InputStream raw) throws IOException {
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        return b0 == 0x1f && b1 == 0x8b;
    }

    /**
     * Advances to the next line.
     *
     * @return false at the end of the file
     * @throws ImportException naming the file and line if reading fails (a damaged gzip stream)
     */
    public boolean next() {
        while (true) {
            byte[] b = buf;
            int n = limit;
            for (int i = scanned; i < n; i++) {
                if (b[i] == '\n') {
                    setLine(pos, i);
                    pos = i + 1;
                    scanned = pos;
                    return true;
                }
            }
            scanned = n;
            if (eof) {
                if (pos < limit) {
                    setLine(pos, limit);
                    pos = limit;
                    return true;
                }
                return false;
            }
            fill();
        }
    }

    private void setLine(int from, int to) {
        start = from;
        end = to > from && buf[to - 1] == '\r' ? to - 1 : to;
        line++;
    }

    private void fill() {
        if (pos > 0) {
            int n = limit - pos;
            System.arraycopy(buf, pos, buf, 0, n);
            scanned -= pos;
            limit = n;
            pos = 0;
        }
        if (limit == buf.length) {
            byte[] bigger = new byte[buf.length * 2];
            System.arraycopy(buf, 0, bigger, 0, limit);
            buf = bigger;
        }
        try {
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
            } else {
                limit += n;
            }
        } catch (IOException e) {
            throw new ImportException(
                    name
                            + ":"
                            + (line + 1)
                            + ": cannot read"
                            + (gzip ? " gzip data" : "")
                            + ": "
                            + oneLine(e),
                    e);
        }
    }

    public byte[] buffer() {
        return buf;
    }

    /** Offset of the current line's first byte in {@link #buffer()}. */
    public int start() {
        return start;
    }

    /** Offset just after the current line's last byte (line terminator excluded). */
    public int end() {
        return end;
    }

    /** True if the current line has no bytes. */
    public boolean isBlank() {
        return end == start;
    }

    /** Physical line number of the current line, from 1. */
    public long lineNumber() {
        return line;
    }

    /** The file as it names problems: the path as given. */
    public String name() {
        return name;
    }

    public boolean isGzip() {
        return gzip;
    }

    /** The current line as a string (allocates: for messages). */
    public String lineText() {
        return new String(buf, start, end - start, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            // Nothing was written through this stream: a failed close loses nothing.
        }
    }

    private static void closeQuietly(InputStream s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // Already failing with a better message.
            }
        }
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
