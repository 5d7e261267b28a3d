package io.tickring.adapters;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the real market data in {@code ../shared/data} next to the project. The data is not in the
 * repository: a test that needs it skips when it is missing, except in CI ({@code CI=true}), where
 * it is always present and its absence is a failure.
 */
public final class SharedData {
    private SharedData() {}

    /** The LOBSTER sample directory; skips or fails the calling test if it is missing. */
    public static Path lobster() {
        return require("data/lobster", "MSFT_message_20k.csv.gz");
    }

    private static Path require(String sub, String probe) {
        String root = System.getenv("TICKRING_TEST_ROOT");
        Path[] candidates = {
            root == null ? null : Path.of(root).resolve("../shared").resolve(sub),
            Path.of("../shared").resolve(sub),
            Path.of("../../shared").resolve(sub),
        };
        for (Path p : candidates) {
            if (p != null && Files.isRegularFile(p.resolve(probe))) {
                return p.normalize();
            }
        }
        String message =
                "shared market data " + sub + " not found (TICKRING_TEST_ROOT=" + root + ")";
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(message);
        }
        Assumptions.abort(message);
        return null;
    }
}
