package io.tickring.engine.stage.model;

import io.tickring.journal.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files an ONNX model is made of, the {@code .onnx} protobuf and every external data file its
 * tensors name, with one digest over them all: what a SESSION record names as the model.
 *
 * <p>Larger models are usually exported with their weights beside the graph ({@code model.onnx} +
 * {@code model.onnx.data}); a tensor stored that way has {@code data_location = EXTERNAL} and an
 * {@code external_data} entry {@code location} holding a path relative to the model's directory.
 * ONNX Runtime's Java API does not expose those entries, so this class reads them with a small walk
 * of the protobuf wire format over the few ONNX messages that can hold a tensor (graph initializers
 * and sparse initializers, node attributes and their subgraphs, training info, functions). A
 * generated {@code onnx.proto} binding would need {@code protoc} at build time for five field
 * numbers.
 *
 * <p>The digest is the SHA-256 of the {@code .onnx} file alone when it names no external data (so
 * journals recorded before external data was supported keep matching), and otherwise the SHA-256 of
 * the {@code sha256sum}-style listing of every file, the model first: {@code <hex> <name>\n} per
 * file, external files under the location the model gives them, in the order first named.
 */
public final class OnnxModelFile {
    private static final int EXTERNAL = 1;

    private final Path path;
    private final List<String> externalData;
    private final String digest;

    private OnnxModelFile(Path path, List<String> externalData, String digest) {
        this.path = path;
        this.externalData = List.copyOf(externalData);
        this.digest = digest;
    }

    /**
     * Reads the model at {@code path} and hashes it with the external data files it names.
     *
     * @param shown how messages name the model (the path as the user wrote it)
     * @throws ModelException if a file cannot be read, the model is not a protobuf, or a named data
     *     file is missing or lies outside the model's directory
     */
    public static OnnxModelFile open(Path path, String shown) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new ModelException("model.path: cannot read " + shown + ": " + e, e);
        }
        Map<String, String> locations;
        try {
            locations = externalLocations(bytes);
        } catch (IllegalArgumentException e) {
            throw new ModelException(shown + ": not an ONNX model (" + e.getMessage() + ")", e);
        }
        String modelSha = sha256(bytes);
        if (locations.isEmpty()) {
            return new OnnxModelFile(path, List.of(), modelSha);
        }
        Path dir = path.toAbsolutePath().normalize().getParent();
        StringBuilder listing = new StringBuilder();
        listing.append(modelSha).append("  ").append(path.getFileName()).append('\n');
        for (Map.Entry<String, String> e : locations.entrySet()) {
            String location = e.getKey();
            Path data = dir.resolve(location).normalize();
            if (Path.of(location).isAbsolute() || !data.startsWith(dir)) {
                throw new ModelException(
                        shown
                                + ": tensor "
                                + e.getValue()
                                + " names external data \""
                                + location
                                + "\" outside the model's directory "
                                + dir);
            }
            if (!Files.isRegularFile(data)) {
                throw new ModelException(
                        shown
                                + ": tensor "
                                + e.getValue()
                                + " keeps its data in "
                                + location
                                + ", which is not in "
                                + dir
                                + " (external data must stay next to the model)");
            }
            listing.append(sha256(data, shown)).append("  ").append(location).append('\n');
        }
        return new OnnxModelFile(
                path,
                new ArrayList<>(locations.keySet()),
                sha256(listing.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** The {@code .onnx} file. */
    public Path path() {
        return path;
    }

    /**
     * External data files as the model names them (relative to its directory), first named first.
     */
    public List<String> externalData() {
        return externalData;
    }

    /** The model's digest: see the class comment. */
    public String digest() {
        return digest;
    }

    /** The model's file name with its data files, e.g. {@code model.onnx+model.onnx.data}. */
    public String describe() {
        StringBuilder b = new StringBuilder(String.valueOf(path.getFileName()));
        for (String d : externalData) {
            b.append('+').append(d);
        }
        return b.toString();
    }

    /**
     * The {@code location} of every tensor stored externally, mapped to the first tensor naming it,
     * in the order first named.
     *
     * @throws IllegalArgumentException if {@code onnx} is not a well-formed protobuf
     */
    static Map<String, String> externalLocations(byte[] onnx) {
        Map<String, String> out = new LinkedHashMap<>();
        new Walk(onnx, out).model(0, onnx.length);
        return out;
    }

    /**
     * A walk over the protobuf wire format: field numbers from onnx.proto (ModelProto, GraphProto,
     * NodeProto, AttributeProto, TensorProto, SparseTensorProto, TrainingInfoProto, FunctionProto).
     */
    private static final class Walk {
        private final byte[] b;
        private final Map<String, String> out;
        private int pos;

        Walk(byte[] b, Map<String, String> out) {
            this.b = b;
            this.out = out;
        }

        /** ModelProto: graph = 7, training_info = 20, functions = 25. */
        void model(int start, int end) {
            each(
                    start,
                    end,
                    (field, s, e) -> {
                        switch (field) {
                            case 7 -> graph(s, e);
                            case 20 -> trainingInfo(s, e);
                            case 25 -> function(s, e);
                            default -> {}
                        }
                    });
        }

        /** TrainingInfoProto: initialization = 1, algorithm = 2 (graphs). */
        private void trainingInfo(int start, int end) {
            each(
                    start,
                    end,
                    (field, s, e) -> {
                        if (field == 1 || field == 2) {
                            graph(s, e);
                        }
                    });
        }

        /** FunctionProto: node = 7. */
        private void function(int start, int end) {
            each(
                    start,
                    end,
                    (field, s, e) -> {
                        if (field == 7) {
                            node(s, e);
                        }
                    });
        }

        /** GraphProto: node = 1, initializer = 5, sparse_initializer = 15. */
        private void graph(int start, int end) {
            each(
                    start,
                    end,
                    (field, s, e) -> {
                        switch (field) {
                            case 1 -> node(s, e);
                            case 5 -> tensor(s, e);
                            case 15 -> sparse(s, e);
                            default -> {}
                        }
                    });
        }

        /** NodeProto: attribute = 5. */
        private void node(int start, int end) {
            each(
                    start,
                    end,
                    (field, s, e) -> {
                        if (field == 5) {
                            attribute(s, e);
                        }
                    });
        }

        /** AttributeProto: t = 5, g = 6, tensors = 10, graphs = 11, sparse_tensor(s) = 22, 23. */
        private void attribute(int start, int end) {
            each(
                    start,
                    end,
                    (field, s, e) -> {
                        switch (field) {
                            case 5, 10 -> tensor(s, e);
                            case 6, 11 -> graph(s, e);
                            case 22, 23 -> sparse(s, e);
                            default -> {}
                        }
                    });
        }

        /** SparseTensorProto: values = 1, indices = 2. */
        private void sparse(int start, int end) {
            each(
                    start,
                    end,
                    (field, s, e) -> {
                        if (field == 1 || field == 2) {
                            tensor(s, e);
                        }
                    });
        }

        /**
         * TensorProto: name = 8, external_data = 13 (key = 1, value = 2), data_location = 14 (a
         * varint, read here; every other field is skipped).
         */
        private void tensor(int start, int end) {
            String[] name = {""};
            String[] location = {null};
            long dataLocation = 0;
            int saved = pos;
            pos = start;
            while (pos < end) {
                long key = varint();
                int field = (int) (key >>> 3);
                int wire = (int) (key & 7);
                if (field == 14 && wire == 0) {
                    dataLocation = varint();
                    continue;
                }
                if (wire != 2) {
                    skip(wire);
                    continue;
                }
                int len = length(end);
                int s = pos;
                pos += len;
                if (field == 8) {
                    name[0] = new String(b, s, len, StandardCharsets.UTF_8);
                } else if (field == 13) {
                    String[] kv = entry(s, s + len);
                    if ("location".equals(kv[0])) {
                        location[0] = kv[1];
                    }
                }
            }
            pos = saved;
            if (dataLocation == EXTERNAL) {
                if (location[0] == null || location[0].isEmpty()) {
                    throw new IllegalArgumentException(
                            "tensor " + name[0] + " is external but names no location");
                }
                out.putIfAbsent(location[0], name[0]);
            }
        }

        /** StringStringEntryProto: key = 1, value = 2. */
        private String[] entry(int start, int end) {
            String[] kv = {null, null};
            each(
                    start,
                    end,
                    (field, s, e) -> {
                        if (field == 1 || field == 2) {
                            kv[field - 1] = new String(b, s, e - s, StandardCharsets.UTF_8);
                        }
                    });
            return kv;
        }

        private interface Field {
            void on(int field, int start, int end);
        }

        /** Calls {@code f} for every length-delimited field in [start, end); skips the others. */
        private void each(int start, int end, Field f) {
            int saved = pos;
            pos = start;
            while (pos < end) {
                long key = varint();
                int field = (int) (key >>> 3);
                int wire = (int) (key & 7);
                if (wire != 2) {
                    skip(wire);
                    continue;
                }
                int len = length(end);
                int s = pos;
                pos += len;
                f.on(field, s, s + len);
            }
            if (pos != end) {
                throw new IllegalArgumentException("a field runs past its message at byte " + pos);
            }
            pos = saved;
        }

        private int length(int end) {
            long len = varint();
            if (len < 0 || len > end - pos) {
                throw new IllegalArgumentException("a length runs past its message at byte " + pos);
            }
            return (int) len;
        }

        private void skip(int wire) {
            switch (wire) {
                case 0 -> varint();
                case 1 -> pos += 8;
                case 5 -> pos += 4;
                default ->
                        throw new IllegalArgumentException("wire type " + wire + " at byte " + pos);
            }
        }

        private long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= b.length) {
                    throw new IllegalArgumentException("truncated at byte " + pos);
                }
                int c = b[pos++];
                v |= (long) (c & 0x7f) << shift;
                if ((c & 0x80) == 0) {
                    return v;
                }
            }
            throw new IllegalArgumentException("varint too long at byte " + pos);
        }
    }

    private static String sha256(byte[] bytes) {
        return Digests.sha256(bytes);
    }

    private static String sha256(Path file, String shown) {
        MessageDigest md = newSha256();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        } catch (IOException e) {
            throw new ModelException(shown + ": cannot read " + file + ": " + e, e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
