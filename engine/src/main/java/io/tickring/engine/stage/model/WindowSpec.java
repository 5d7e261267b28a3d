package io.tickring.engine.stage.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What a model's input window is and how its output is ordered: read from the model's ONNX {@code
 * metadata_props} when it has them (written by {@code model/train.py}), checked against the
 * configuration, or taken from the configuration for a model without metadata.
 *
 * @param levels book levels L
 * @param window rows T
 * @param normalisation {@code none}, {@code zscore} or {@code mid-zscore}
 * @param mean per-column means, 4L values (zeros for {@code none})
 * @param std per-column standard deviations, 4L values (ones for {@code none})
 * @param classOrder the output's classes in order
 * @param labelHorizon the label horizon the model was trained for, as declared ("" if unknown)
 * @param fromMetadata true if the model declared all this itself
 */
public record WindowSpec(
        int levels,
        int window,
        String normalisation,
        double[] mean,
        double[] std,
        List<String> classOrder,
        String labelHorizon,
        boolean fromMetadata) {

    /** Metadata keys that {@code model/train.py} writes. */
    public static final List<String> KEYS =
            List.of(
                    "input_shape",
                    "levels",
                    "window",
                    "normalisation",
                    "norm_mean",
                    "norm_std",
                    "class_order",
                    "label_horizon",
                    "label_alpha");

    /** Columns of a row: ask price, ask size, bid price, bid size per level. */
    public int columns() {
        return 4 * levels;
    }

    /**
     * The spec of a model with custom metadata {@code meta} under configuration {@code cfg}; {@code
     * file} names the model in messages.
     *
     * @throws ModelException when the model declares something the configuration does not say, or a
     *     model without metadata needs statistics the configuration does not give
     */
    public static WindowSpec resolve(Map<String, String> meta, ModelContext cfg, String file) {
        if (!meta.containsKey("levels")) {
            return fromConfig(cfg, file);
        }
        int levels = integer(meta, "levels", file);
        int window = integer(meta, "window", file);
        String norm = meta.getOrDefault("normalisation", "none");
        List<String> order = List.of(meta.getOrDefault("class_order", "up,flat,down").split(","));
        double[] mean = doubles(meta.getOrDefault("norm_mean", ""), 4 * levels, file, "norm_mean");
        double[] std = doubles(meta.getOrDefault("norm_std", ""), 4 * levels, file, "norm_std");
        check("model.levels", cfg.levels(), levels, file);
        check("model.window", cfg.window(), window, file);
        check("model.normalisation", cfg.normalisation(), norm, file);
        check("model.class_order", cfg.classOrder(), order, file);
        if (!ModelContext.NORMALISATIONS.contains(norm)) {
            throw new ModelException(
                    file
                            + ": declares normalisation \""
                            + norm
                            + "\" (this engine knows "
                            + ModelContext.NORMALISATIONS
                            + ")");
        }
        if (norm.equals("none")) {
            mean = new double[4 * levels];
            std = ones(4 * levels);
        } else if (mean == null || std == null) {
            throw new ModelException(
                    file + ": declares normalisation " + norm + " but no norm_mean / norm_std");
        }
        if (!cfg.normMean().isEmpty()) {
            check("model.norm_mean", cfg.normMean(), boxed(mean), file);
            check("model.norm_std", cfg.normStd(), boxed(std), file);
        }
        return new WindowSpec(
                levels,
                window,
                norm,
                mean,
                std,
                order,
                meta.getOrDefault("label_horizon", ""),
                true);
    }

    private static WindowSpec fromConfig(ModelContext cfg, String file) {
        int columns = 4 * cfg.levels();
        String norm = cfg.normalisation();
        if (norm.equals("none")) {
            return new WindowSpec(
                    cfg.levels(),
                    cfg.window(),
                    norm,
                    new double[columns],
                    ones(columns),
                    cfg.classOrder(),
                    "",
                    false);
        }
        if (cfg.normMean().isEmpty()) {
            throw new ModelException(
                    "model.norm_mean: "
                            + file
                            + " has no tickring metadata, so normalisation "
                            + norm
                            + " needs model.norm_mean and model.norm_std in the configuration (or model.normalisation: none)");
        }
        return new WindowSpec(
                cfg.levels(),
                cfg.window(),
                norm,
                unboxed(cfg.normMean()),
                unboxed(cfg.normStd()),
                cfg.classOrder(),
                "",
                false);
    }

    private static void check(String key, Object configured, Object declared, String file) {
        if (!configured.equals(declared)) {
            throw new ModelException(
                    key
                            + ": the configuration says "
                            + configured
                            + " but the model "
                            + file
                            + " declares "
                            + declared);
        }
    }

    private static int integer(Map<String, String> meta, String key, String file) {
        try {
            return Integer.parseInt(meta.get(key).trim());
        } catch (RuntimeException e) {
            throw new ModelException(
                    file + ": metadata " + key + " is not an integer: \"" + meta.get(key) + "\"");
        }
    }

    private static double[] doubles(String text, int n, String file, String key) {
        if (text.isEmpty()) {
            return null;
        }
        String[] parts = text.split(",");
        if (parts.length != n) {
            throw new ModelException(
                    file + ": metadata " + key + " has " + parts.length + " values, expected " + n);
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = Double.parseDouble(parts[i].trim());
        }
        return out;
    }

    private static double[] ones(int n) {
        double[] d = new double[n];
        Arrays.fill(d, 1.0);
        return d;
    }

    private static List<Double> boxed(double[] d) {
        List<Double> out = new ArrayList<>();
        for (double v : d) {
            out.add(v);
        }
        return out;
    }

    private static double[] unboxed(List<Double> l) {
        double[] d = new double[l.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = l.get(i);
        }
        return d;
    }
}
