package io.tickring.engine.stage.model;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds a model file named in the configuration: an absolute path as it is; a relative one against
 * the working directory first, then against the tickring home (the repository root, which the
 * launcher passes as {@code -Dtickring.home}), so {@code model/deeplob.onnx} works from anywhere.
 */
public final class ModelFiles {
    private ModelFiles() {}

    /** The file {@code configured} names, or {@code configured} itself if no candidate exists. */
    public static Path resolve(String configured) {
        Path p = Path.of(configured);
        if (p.isAbsolute() || Files.exists(p)) {
            return p;
        }
        String home = System.getProperty("tickring.home");
        if (home != null) {
            Path h = Path.of(home).resolve(p);
            if (Files.exists(h)) {
                return h;
            }
        }
        return p;
    }
}
