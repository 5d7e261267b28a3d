package io.tickring.engine.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where configuration text comes from, and how a path written inside it (the instruments file)
 * resolves: against the file's directory, against the classpath directory of a packaged resource,
 * or not at all for JSON rebuilt from a journal.
 */
sealed interface Origin permits Origin.FileOrigin, Origin.ResourceOrigin, Origin.TextOrigin {
    /** Names the origin in errors and as the configuration's source name. */
    String label();

    /** The text, or empty if there is no such file. */
    Optional<String> read();

    /**
     * The origin of {@code relative} written inside this one, or empty if paths cannot resolve
     * here.
     */
    Optional<Origin> resolve(String relative);

    /** A file on disk; relative paths inside it resolve against its directory. */
    record FileOrigin(Path path) implements Origin {
        @Override
        public String label() {
            return path.toString();
        }

        @Override
        public Optional<String> read() {
            try {
                return Optional.of(Files.readString(path, StandardCharsets.UTF_8));
            } catch (NoSuchFileException e) {
                return Optional.empty();
            } catch (CharacterCodingException e) {
                throw new ConfigException(label(), 0, "", "not UTF-8 text");
            } catch (IOException e) {
                throw new ConfigException(label(), 0, "", "cannot read: " + e);
            }
        }

        @Override
        public Optional<Origin> resolve(String relative) {
            return Optional.of(new FileOrigin(path.resolveSibling(relative)));
        }
    }

    /**
     * A classpath resource such as {@code /tickring/config/demo.yaml}; paths resolve in its
     * directory.
     */
    record ResourceOrigin(String resource) implements Origin {
        @Override
        public String label() {
            return "classpath:" + resource;
        }

        @Override
        public Optional<String> read() {
            try (InputStream in = ConfigLoader.class.getResourceAsStream(resource)) {
                return in == null
                        ? Optional.empty()
                        : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new ConfigException(label(), 0, "", "cannot read: " + e);
            }
        }

        @Override
        public Optional<Origin> resolve(String relative) {
            if (relative.startsWith("/")) {
                return Optional.of(new ResourceOrigin(relative));
            }
            String dir = resource.substring(0, resource.lastIndexOf('/') + 1);
            return Optional.of(
                    new ResourceOrigin(
                            Path.of(dir + relative).normalize().toString().replace('\\', '/')));
        }
    }

    /**
     * Text with no location of its own (the JSON of a SESSION record): everything must be inline.
     */
    record TextOrigin(String label, String text) implements Origin {
        @Override
        public Optional<String> read() {
            return Optional.of(text);
        }

        @Override
        public Optional<Origin> resolve(String relative) {
            return Optional.empty();
        }
    }
}
