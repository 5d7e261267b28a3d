package io.tickring.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Damages one record of a closed Chronicle queue in place, in its {@code .cq4} file, the way a bad
 * disk or a careless edit would: the queue still opens and reads, only the record's bytes differ.
 * For tests that prove damage is caught.
 */
public final class JournalDamage {
    private JournalDamage() {}

    /** Flips bit {@code bit} of byte {@code offset} of record {@code index}. */
    public static void flipBit(Path queueDir, long index, int offset, int bit) {
        change(queueDir, index, rec -> rec[offset] ^= (byte) (1 << bit));
    }

    /** Sets the record type byte (the second byte) of record {@code index}. */
    public static void setType(Path queueDir, long index, int type) {
        change(queueDir, index, rec -> rec[1] = (byte) type);
    }

    /** Overwrites the instrument id (bytes 4..7, little-endian) of record {@code index}. */
    public static void setInstrument(Path queueDir, long index, int instrumentId) {
        change(
                queueDir,
                index,
                rec -> ByteBuffer.wrap(rec).order(ByteOrder.LITTLE_ENDIAN).putInt(4, instrumentId));
    }

    /** Overwrites {@code n} bytes from {@code offset} of record {@code index} with 0xFF. */
    public static void fill(Path queueDir, long index, int offset, int n) {
        change(queueDir, index, rec -> Arrays.fill(rec, offset, offset + n, (byte) 0xFF));
    }

    /** The bytes of record {@code index} of a queue. */
    public static byte[] record(Path queueDir, long index) {
        try (RecordReader r = new RecordReader(queueDir)) {
            while (r.next()) {
                if (r.index() == index) {
                    return Arrays.copyOf(r.bytes(), r.length());
                }
            }
        }
        throw new IllegalArgumentException(queueDir + " has no record #" + index);
    }

    /**
     * Applies {@code change} to a copy of record {@code index} and writes it where the record lies
     * in the queue file. The record's bytes must occur once in the file.
     */
    public static void change(Path queueDir, long index, Consumer<byte[]> change) {
        byte[] original = record(queueDir, index);
        byte[] damaged = original.clone();
        change.accept(damaged);
        try {
            List<Path> files;
            try (var list = Files.list(queueDir)) {
                files =
                        list.filter(p -> p.toString().endsWith(".cq4"))
                                .collect(Collectors.toList());
            }
            for (Path file : files) {
                byte[] content = Files.readAllBytes(file);
                int at = indexOf(content, original);
                if (at < 0) {
                    continue;
                }
                if (indexOf(Arrays.copyOfRange(content, at + 1, content.length), original) >= 0) {
                    throw new IllegalStateException(
                            "record #" + index + " occurs twice in " + file);
                }
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    ch.write(ByteBuffer.wrap(damaged), at);
                }
                return;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException(
                "record #" + index + " not found in the files of " + queueDir);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
