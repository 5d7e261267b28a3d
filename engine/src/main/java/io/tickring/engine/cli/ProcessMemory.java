package io.tickring.engine.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The process's peak resident set size, as the kernel counts it: {@code VmHWM} in {@code
 * /proc/self/status} (Linux only; empty elsewhere or when the file cannot be read).
 */
final class ProcessMemory {
    private static final Path STATUS = Path.of("/proc/self/status");

    private ProcessMemory() {}

    /** Peak RSS in MiB (kB / 1024, rounded up), or empty where the kernel does not say. */
    static OptionalLong peakRssMb() {
        if (!Files.isReadable(STATUS)) {
            return OptionalLong.empty();
        }
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmHWM:")) {
                    // "VmHWM:	  123456 kB"
                    String[] parts = line.substring(6).trim().split("\\s+");
                    long kb = Long.parseLong(parts[0]);
                    return OptionalLong.of((kb + 1023) / 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }
}
