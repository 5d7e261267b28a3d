package io.tickring.engine.cli;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * The class path for a child JVM started by a test: a manifest-only jar whose {@code Class-Path}
 * lists this JVM's class path (without the test framework's jars), so the child's {@code
 * java.class.path} is one short entry.
 *
 * <p>Why: a child JVM whose {@code java.class.path} is several thousand characters long dies of
 * SIGSEGV (exit 139, no hs_err) as soon as ONNX Runtime loads. Measured: the engine's test class
 * path (about 6,000 characters) crashed {@code model info model/deeplob.onnx} every time; the same
 * jars through short symbolic links (about 800 characters) ran it. The launcher's single jar never
 * meets it. Surefire itself starts its forks through such a manifest jar for the same kind of
 * reason.
 */
final class ChildClassPath {
    private static Path jar;

    private ChildClassPath() {}

    /** The manifest jar's path, created once per test JVM (deleted when it exits). */
    static synchronized String of() {
        if (jar == null) {
            jar = write();
        }
        return jar.toString();
    }

    private static Path write() {
        List<String> urls = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (e.isEmpty() || e.matches(".*(junit|opentest4j|apiguardian|jspecify).*")) {
                continue;
            }
            // toUri gives directories their trailing slash, which Class-Path needs.
            urls.add(Path.of(e).toAbsolutePath().toUri().toString());
        }
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", urls));
        try {
            Path f = Files.createTempFile("tickring-child-classpath", ".jar");
            f.toFile().deleteOnExit();
            try (OutputStream out = Files.newOutputStream(f);
                    JarOutputStream j = new JarOutputStream(out, m)) {
                j.flush();
            }
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
