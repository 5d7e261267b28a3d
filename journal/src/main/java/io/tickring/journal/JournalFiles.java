package io.tickring.journal;

import io.tickring.core.codec.JournalFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The defensive opening path every journal reader shares: checks a queue directory's files with
 * plain reads before Chronicle maps them, and turns what Chronicle and the JVM throw while reading
 * mapped memory into a one-line {@link JournalFormatException} naming the file.
 *
 * <p>Why both: Chronicle maps a queue file and reads it through {@code Unsafe}. A file cut short
 * makes those reads touch pages beyond its end, which the kernel answers with SIGBUS and the JVM
 * with an {@link InternalError} ("a fault occurred in a recent unsafe memory access"); an empty or
 * foreign file gets a Chronicle exception from deep inside its wire parser. The checks here catch
 * the common cases by their lengths and headers, so the message can say what is wrong; {@link
 * #translate} catches the rest at the reader's boundary.
 */
public final class JournalFiles {
    /** A queue file's header document is at least this long. */
    static final int MIN_HEADER = 0x48;

    /** Files grow by whole mapped chunks, which are whole pages. */
    static final int PAGE = 4096;

    private static final byte[] QUEUE_MAGIC = "SCQStore".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TABLE_MAGIC = "STStore".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WRITE_POSITION =
            "writePosition".getBytes(StandardCharsets.US_ASCII);

    private JournalFiles() {}

    /**
     * Checks the files of one queue directory before a reader opens it.
     *
     * @throws JournalFormatException naming the first file that cannot be a whole queue file
     */
    public static void checkQueue(Path queueDir) {
        if (Files.isRegularFile(queueDir)) {
            throw new JournalFormatException(queueDir + ": a file, not a queue directory");
        }
        if (!Files.isDirectory(queueDir)) {
            throw new JournalFormatException(queueDir + ": no such queue directory");
        }
        List<Path> files;
        try (var list = Files.list(queueDir)) {
            files = list.sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new JournalFormatException(queueDir + ": cannot list: " + e.getMessage());
        }
        boolean table = false;
        Path firstQueueFile = null;
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (name.endsWith(".cq4")) {
                checkFile(f, QUEUE_MAGIC);
                if (firstQueueFile == null) {
                    firstQueueFile = f;
                }
            } else if (name.endsWith(".cq4t")) {
                checkFile(f, TABLE_MAGIC);
                table = true;
            }
        }
        if (firstQueueFile != null && !table) {
            // Chronicle writes its table store before the first queue file; without it, it falls
            // back to a read-only store with a logged warning and a stack trace's first line.
            throw new JournalFormatException(
                    queueDir.resolve("metadata.cq4t")
                            + ": missing beside "
                            + firstQueueFile.getFileName()
                            + " (the queue's table store, which its writer makes first): the"
                            + " queue is not whole");
        }
    }

    private static void checkFile(Path file, byte[] magic) {
        if (!Files.isRegularFile(file)) {
            throw new JournalFormatException(file + ": not a regular file");
        }
        long size;
        byte[] head = new byte[256];
        int n;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            size = ch.size();
            ByteBuffer b = ByteBuffer.wrap(head);
            while (b.hasRemaining() && ch.read(b) > 0) {
                // fill the head
            }
            n = b.position();
        } catch (IOException e) {
            throw new JournalFormatException(file + ": unreadable: " + e.getMessage());
        }
        if (size == 0) {
            throw new JournalFormatException(file + ": empty (0 bytes): not a whole queue file");
        }
        if (size < MIN_HEADER || indexOf(head, n, magic) < 0) {
            throw new JournalFormatException(
                    file
                            + ": not a Chronicle queue file of a tickring journal (no "
                            + new String(magic, StandardCharsets.US_ASCII)
                            + " header in its first bytes; "
                            + size
                            + " bytes)");
        }
        if (size % PAGE != 0) {
            throw new JournalFormatException(
                    file
                            + ": truncated: "
                            + size
                            + " bytes is not a whole number of "
                            + PAGE
                            + "-byte pages (a queue file grows by whole pages)");
        }
        long writePosition = writePosition(head, n);
        if (writePosition >= size) {
            throw new JournalFormatException(
                    file
                            + ": truncated: its header says data runs to byte "
                            + writePosition
                            + ", the file has "
                            + size
                            + " bytes");
        }
    }

    /**
     * The queue file header's write position (where its last document starts), or -1 if the header
     * is not laid out as this Chronicle version writes it: the field name, two padding bytes of an
     * aligned long array, its capacity and length, then the first value.
     */
    static long writePosition(byte[] head, int n) {
        int at = indexOf(head, n, WRITE_POSITION);
        if (at < 0) {
            return -1;
        }
        ByteBuffer b = ByteBuffer.wrap(head, 0, n).order(ByteOrder.LITTLE_ENDIAN);
        // Binary wire: the aligned long array starts at the next 8-byte boundary after the field,
        // as capacity (8 bytes), used (8 bytes), values. Find it rather than trust one offset.
        for (int p = at + WRITE_POSITION.length; p + 24 <= n && p < at + 48; p++) {
            if (p % 8 != 0) {
                continue;
            }
            long capacity = b.getLong(p);
            long used = b.getLong(p + 8);
            if (capacity > 0 && capacity < 64 && used >= 0 && used <= capacity) {
                long v = b.getLong(p + 16);
                return v >= 0 ? v : -1;
            }
        }
        return -1;
    }

    /** The queue files of {@code queueDir}, for messages: {@code DIR/20261129F.cq4}. */
    static String queueFiles(Path queueDir) {
        try (var list = Files.list(queueDir)) {
            String names =
                    list.filter(p -> p.getFileName().toString().endsWith(".cq4"))
                            .sorted()
                            .map(Path::toString)
                            .collect(Collectors.joining(", "));
            return names.isEmpty() ? queueDir.toString() : names;
        } catch (IOException e) {
            return queueDir.toString();
        }
    }

    private static int indexOf(byte[] hay, int n, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= n; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * Turns a failure while Chronicle reads {@code queueDir} into one line naming it: Chronicle's
     * runtime exceptions, and the JVM's {@link InternalError} from a mapped page that is not there.
     * Any other {@link Error} (out of memory, a stack overflow) is rethrown as it is.
     *
     * @param queueDir the queue being read, whose files the message names
     * @param where the queue directory or record the reader was at
     */
    public static JournalFormatException translate(Path queueDir, String where, Throwable t) {
        if (t instanceof JournalFormatException j) {
            return j;
        }
        if (t instanceof Error && !(t instanceof InternalError)) {
            throw (Error) t;
        }
        if (t instanceof InternalError) {
            return new JournalFormatException(
                    where,
                    "unreadable: "
                            + queueFiles(queueDir)
                            + " ends where Chronicle expects data (truncated or damaged; the JVM"
                            + " reported a fault in mapped memory)");
        }
        return new JournalFormatException(where, "unreadable: " + RecordReader.oneLine(t));
    }
}
