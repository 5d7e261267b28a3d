package io.tickring.adapters.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineReaderTest {
    @TempDir Path tmp;

    private static List<String> readAll(Path file) {
        List<String> lines = new ArrayList<>();
        try (LineReader r = LineReader.open(file)) {
            while (r.next()) {
                assertEquals(lines.size() + 1, r.lineNumber());
                lines.add(r.lineText());
            }
        }
        return lines;
    }

    @Test
    void shouldReadPlainAndGzipAlikeTellingThemApartByMagicBytes() throws IOException {
        String text = "a,b\r\n\nlong," + "x".repeat(600_000) + "\nlast-without-newline";
        Path plain = tmp.resolve("rows.csv.gz"); // a misleading name: the content decides
        Files.writeString(plain, text);
        Path gz = tmp.resolve("rows.txt");
        try (OutputStream os = new GZIPOutputStream(Files.newOutputStream(gz))) {
            os.write(text.getBytes(StandardCharsets.UTF_8));
        }
        List<String> expected =
                Arrays.asList("a,b", "", "long," + "x".repeat(600_000), "last-without-newline");
        assertEquals(expected, readAll(plain));
        assertEquals(expected, readAll(gz));
        try (LineReader r = LineReader.open(gz)) {
            assertTrue(r.isGzip());
        }
    }

    @Test
    void shouldNameTheFileWhenItIsMissingOrDamaged() throws IOException {
        Path missing = tmp.resolve("nope.csv");
        ImportException e = assertThrows(ImportException.class, () -> LineReader.open(missing));
        assertTrue(e.getMessage().startsWith(missing + ": no such file"), e.getMessage());

        byte[] gz;
        var bytes = new java.io.ByteArrayOutputStream();
        try (OutputStream os = new GZIPOutputStream(bytes)) {
            for (int i = 0; i < 100_000; i++) {
                os.write(
                        ("row " + i + "," + (i * 31 % 977) + "\n")
                                .getBytes(StandardCharsets.US_ASCII));
            }
        }
        gz = bytes.toByteArray();
        Path truncated = tmp.resolve("truncated.gz");
        Files.write(truncated, Arrays.copyOf(gz, gz.length / 2));
        ImportException t = assertThrows(ImportException.class, () -> readAll(truncated));
        assertTrue(t.getMessage().startsWith(truncated + ":"), t.getMessage());

        Path garbage = tmp.resolve("garbage.gz");
        byte[] g = gz.clone();
        for (int i = 20; i < 200; i++) {
            g[i] = (byte) 0x55;
        }
        Files.write(garbage, g);
        ImportException d = assertThrows(ImportException.class, () -> readAll(garbage));
        assertTrue(d.getMessage().startsWith(garbage + ":"), d.getMessage());
    }

    @Test
    void shouldReadAnEmptyFile() throws IOException {
        Path empty = Files.createFile(tmp.resolve("empty"));
        try (LineReader r = LineReader.open(empty)) {
            assertFalse(r.next());
        }
    }
}
