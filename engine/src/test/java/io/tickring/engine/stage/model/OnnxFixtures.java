package io.tickring.engine.stage.model;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes ONNX models the way other people export them, from the shipped {@code model/deeplob.onnx}:
 * weights in an external data file beside the model, and a "third-party" 10-level DeepLOB without
 * tickring metadata whose output is logits. Plain protobuf re-encoding, so CI makes them with
 * nothing but Java.
 *
 * <p>The 10-level model is the shipped 5-level one with its level-spanning convolution ({@code
 * net.conv3.0}, kernel 1×L) widened to 1×10 with zero weights for levels 6..10: on any book it
 * gives the shipped model's scores, computed from 40 input columns.
 */
final class OnnxFixtures {
    private OnnxFixtures() {}

    /** The shipped model, found from the module directory or the repository root. */
    static Path shippedModel() {
        for (Path p : List.of(Path.of("../model/deeplob.onnx"), Path.of("model/deeplob.onnx"))) {
            if (Files.exists(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("model/deeplob.onnx not found");
    }

    /**
     * Writes {@code dir/name} and {@code dir/name.data}: {@code onnx} with every initializer's
     * bytes moved to the data file.
     */
    static Path writeExternal(byte[] onnx, Path dir, String name) throws IOException {
        String dataName = name + ".data";
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        Msg model = Msg.parse(onnx);
        Msg graph = Msg.parse(model.first(7).bytes);
        for (Field f : graph.fields) {
            if (f.number == 5) {
                f.bytes = externalTensor(Msg.parse(f.bytes), dataName, data).encode();
            }
        }
        model.first(7).bytes = graph.encode();
        Files.createDirectories(dir);
        Files.write(dir.resolve(dataName), data.toByteArray());
        Path out = dir.resolve(name);
        Files.write(out, model.encode());
        return out;
    }

    private static Msg externalTensor(Msg t, String location, ByteArrayOutputStream data) {
        Field raw = t.find(9);
        if (raw == null) {
            return t;
        }
        // ONNX Runtime maps external data at offsets aligned to 4 KiB when it can; align too.
        while (data.size() % 4096 != 0) {
            data.write(0);
        }
        int offset = data.size();
        data.write(raw.bytes, 0, raw.bytes.length);
        t.fields.remove(raw);
        t.fields.add(Field.bytes(13, entry("location", location)));
        t.fields.add(Field.bytes(13, entry("offset", Integer.toString(offset))));
        t.fields.add(Field.bytes(13, entry("length", Integer.toString(raw.bytes.length))));
        t.fields.add(Field.varint(14, 1));
        return t;
    }

    private static byte[] entry(String key, String value) {
        Msg m = new Msg();
        m.fields.add(Field.bytes(1, key.getBytes(StandardCharsets.UTF_8)));
        m.fields.add(Field.bytes(2, value.getBytes(StandardCharsets.UTF_8)));
        return m.encode();
    }

    /**
     * The shipped model as a third party might ship a 10-level DeepLOB: 40 input columns, logits
     * out (no Softmax), no metadata at all. Returns the model and, for its configuration, the
     * shipped model's metadata extended to 10 levels ({@code norm_mean}, {@code norm_std}).
     */
    static byte[] tenLevelLogits(byte[] shipped, Map<String, String> metaOut) {
        Msg model = Msg.parse(shipped);
        for (Iterator<Field> it = model.fields.iterator(); it.hasNext(); ) {
            Field f = it.next();
            if (f.number == 14) {
                Msg kv = Msg.parse(f.bytes);
                String key = kv.string(1);
                String value = kv.string(2);
                if (key.equals("norm_mean") || key.equals("norm_std")) {
                    metaOut.put(key, value + (key.equals("norm_mean") ? ",0" : ",1").repeat(20));
                }
                it.remove();
            }
        }
        Msg graph = Msg.parse(model.first(7).bytes);
        String logits = null;
        for (Iterator<Field> it = graph.fields.iterator(); it.hasNext(); ) {
            Field f = it.next();
            if (f.number == 1) {
                Msg node = Msg.parse(f.bytes);
                if (node.string(4).equals("Softmax")) {
                    logits = node.string(1);
                    it.remove();
                    continue;
                }
                if (node.string(4).equals("Conv")
                        && node.find(1) != null
                        && node.strings(1).contains("net.conv3.0.weight")) {
                    for (Field a : node.fields) {
                        if (a.number == 5) {
                            Msg attr = Msg.parse(a.bytes);
                            if (attr.string(1).equals("kernel_shape")) {
                                a.bytes = ints(attr, List.of(1L, 10L)).encode();
                            }
                        }
                    }
                    f.bytes = node.encode();
                }
            } else if (f.number == 5) {
                Msg t = Msg.parse(f.bytes);
                if (t.string(8).equals("net.conv3.0.weight")) {
                    f.bytes = widened(t).encode();
                }
            } else if (f.number == 11) {
                f.bytes = lastDim(Msg.parse(f.bytes), 40).encode();
            }
        }
        if (logits == null) {
            throw new IllegalStateException("no Softmax in the shipped model");
        }
        for (Field f : graph.fields) {
            if (f.number == 12) {
                Msg out = Msg.parse(f.bytes);
                out.first(1).bytes = logits.getBytes(StandardCharsets.UTF_8);
                f.bytes = out.encode();
            }
        }
        model.first(7).bytes = graph.encode();
        return model.encode();
    }

    /** AttributeProto with {@code ints} (field 8) replaced. */
    private static Msg ints(Msg attr, List<Long> values) {
        attr.fields.removeIf(f -> f.number == 8);
        for (long v : values) {
            attr.fields.add(Field.varint(8, v));
        }
        return attr;
    }

    /** conv3.0's weight [32, 32, 1, 5] as [32, 32, 1, 10], the new levels' weights zero. */
    private static Msg widened(Msg t) {
        List<Long> dims = new ArrayList<>();
        for (Field f : t.fields) {
            if (f.number == 1) {
                dims.add(f.varint);
            }
        }
        if (dims.size() != 4 || dims.get(3) != 5) {
            throw new IllegalStateException("unexpected conv3.0 weight shape " + dims);
        }
        Field raw = t.find(9);
        ByteBuffer in = ByteBuffer.wrap(raw.bytes).order(ByteOrder.LITTLE_ENDIAN);
        int rows = (int) (dims.get(0) * dims.get(1) * dims.get(2));
        ByteBuffer out = ByteBuffer.allocate(rows * 10 * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < 10; k++) {
                out.putFloat(k < 5 ? in.getFloat((r * 5 + k) * 4) : 0f);
            }
        }
        raw.bytes = out.array();
        int d = 0;
        for (Field f : t.fields) {
            if (f.number == 1 && d++ == 3) {
                f.varint = 10;
            }
        }
        return t;
    }

    /** ValueInfoProto with its tensor shape's last dimension set to {@code value}. */
    private static Msg lastDim(Msg valueInfo, long value) {
        Msg type = Msg.parse(valueInfo.first(2).bytes);
        Msg tensor = Msg.parse(type.first(1).bytes);
        Msg shape = Msg.parse(tensor.first(2).bytes);
        Field last = null;
        for (Field f : shape.fields) {
            if (f.number == 1) {
                last = f;
            }
        }
        Msg dim = new Msg();
        dim.fields.add(Field.varint(1, value));
        last.bytes = dim.encode();
        tensor.first(2).bytes = shape.encode();
        type.first(1).bytes = tensor.encode();
        valueInfo.first(2).bytes = type.encode();
        return valueInfo;
    }

    /** One protobuf field: a varint, or bytes (length-delimited); fixed-width kept as bytes. */
    static final class Field {
        final int number;
        final int wire;
        long varint;
        byte[] bytes;

        Field(int number, int wire) {
            this.number = number;
            this.wire = wire;
        }

        static Field varint(int number, long v) {
            Field f = new Field(number, 0);
            f.varint = v;
            return f;
        }

        static Field bytes(int number, byte[] b) {
            Field f = new Field(number, 2);
            f.bytes = b;
            return f;
        }
    }

    /** A protobuf message as its fields in order: enough to edit an ONNX file and write it. */
    static final class Msg {
        final List<Field> fields = new ArrayList<>();

        static Msg parse(byte[] b) {
            Msg m = new Msg();
            int[] pos = {0};
            while (pos[0] < b.length) {
                long key = varint(b, pos);
                Field f = new Field((int) (key >>> 3), (int) (key & 7));
                switch (f.wire) {
                    case 0 -> f.varint = varint(b, pos);
                    case 1, 5 -> {
                        int n = f.wire == 1 ? 8 : 4;
                        f.bytes = java.util.Arrays.copyOfRange(b, pos[0], pos[0] + n);
                        pos[0] += n;
                    }
                    case 2 -> {
                        int n = (int) varint(b, pos);
                        f.bytes = java.util.Arrays.copyOfRange(b, pos[0], pos[0] + n);
                        pos[0] += n;
                    }
                    default -> throw new IllegalArgumentException("wire type " + f.wire);
                }
                m.fields.add(f);
            }
            return m;
        }

        Field find(int number) {
            for (Field f : fields) {
                if (f.number == number) {
                    return f;
                }
            }
            return null;
        }

        Field first(int number) {
            Field f = find(number);
            if (f == null) {
                throw new IllegalStateException("no field " + number);
            }
            return f;
        }

        String string(int number) {
            Field f = find(number);
            return f == null ? "" : new String(f.bytes, StandardCharsets.UTF_8);
        }

        List<String> strings(int number) {
            List<String> out = new ArrayList<>();
            for (Field f : fields) {
                if (f.number == number) {
                    out.add(new String(f.bytes, StandardCharsets.UTF_8));
                }
            }
            return out;
        }

        byte[] encode() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (Field f : fields) {
                writeVarint(out, ((long) f.number << 3) | f.wire);
                switch (f.wire) {
                    case 0 -> writeVarint(out, f.varint);
                    case 2 -> {
                        writeVarint(out, f.bytes.length);
                        out.write(f.bytes, 0, f.bytes.length);
                    }
                    default -> out.write(f.bytes, 0, f.bytes.length);
                }
            }
            return out.toByteArray();
        }

        private static long varint(byte[] b, int[] pos) {
            long v = 0;
            for (int shift = 0; ; shift += 7) {
                int c = b[pos[0]++];
                v |= (long) (c & 0x7f) << shift;
                if ((c & 0x80) == 0) {
                    return v;
                }
            }
        }

        private static void writeVarint(ByteArrayOutputStream out, long v) {
            while ((v & ~0x7fL) != 0) {
                out.write((int) ((v & 0x7f) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }
    }
}
