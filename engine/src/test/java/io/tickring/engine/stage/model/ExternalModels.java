package io.tickring.engine.stage.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Models with external data for tests outside this package; see {@link OnnxFixtures}. */
public final class ExternalModels {
    private ExternalModels() {}

    /** The shipped model re-saved as {@code dir/name} + {@code dir/name.data}. */
    public static Path shippedWithExternalData(Path dir, String name) throws IOException {
        return OnnxFixtures.writeExternal(
                Files.readAllBytes(OnnxFixtures.shippedModel()), dir, name);
    }

    /**
     * The third-party 10-level DeepLOB (logits, no metadata) as {@code dir/name} + {@code
     * dir/name.data}; {@code meta} receives its {@code norm_mean} and {@code norm_std}.
     */
    public static Path tenLevelLogits(Path dir, String name, Map<String, String> meta)
            throws IOException {
        byte[] ten =
                OnnxFixtures.tenLevelLogits(Files.readAllBytes(OnnxFixtures.shippedModel()), meta);
        return OnnxFixtures.writeExternal(ten, dir, name);
    }
}
