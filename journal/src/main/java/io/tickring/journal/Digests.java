package io.tickring.journal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;

/** SHA-256 helpers: the output digest of a recorded journal, and digests of text and files. */
public final class Digests {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Digests() {}

    public static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xF];
            out[2 * i + 1] = HEX[bytes[i] & 0xF];
        }
        return new String(out);
    }

    public static String sha256(String text) {
        return hex(OutputJournal.newSha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    public static String sha256(byte[] bytes) {
        return hex(OutputJournal.newSha256().digest(bytes));
    }

    /**
     * The output digest of the journal at {@code journalDir}: SHA-256 over its {@code out/}
     * records.
     */
    public static String recordedOutputDigest(Path journalDir) {
        MessageDigest sha = OutputJournal.newSha256();
        Path out = JournalPaths.out(journalDir);
        if (!java.nio.file.Files.isDirectory(out)) {
            return hex(sha.digest());
        }
        try (RecordReader r = new RecordReader(out)) {
            while (r.next()) {
                sha.update(r.bytes(), 0, r.length());
            }
        }
        return hex(sha.digest());
    }
}
