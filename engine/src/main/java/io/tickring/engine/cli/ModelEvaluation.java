package io.tickring.engine.cli;

import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.core.codec.InputCodec;
import io.tickring.core.instrument.Instrument;
import io.tickring.engine.report.BacktestMetrics;
import io.tickring.engine.stage.features.FeaturesStage;
import io.tickring.engine.stage.model.ModelContext;
import io.tickring.engine.stage.model.ModelException;
import io.tickring.engine.stage.model.OnnxScorer;
import io.tickring.journal.JournalPaths;
import io.tickring.journal.RecordReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.agrona.collections.IntArrayList;

/**
 * Scores a journal's books with an ONNX model through the engine's own feature and model code, and
 * compares each score with the label the model was trained to predict: the mean of the next {@code
 * label_horizon} mids against the current mid, with the model's {@code label_alpha} (classes up,
 * flat, down). Off the hot path; a command, not a stage.
 */
final class ModelEvaluation {
    private static final String[] CLASSES = {"up", "flat", "down"};

    private ModelEvaluation() {}

    /** Confusion counts [label][prediction] and what they say. */
    static Map<String, Object> run(
            Path journal,
            ModelContext cfg,
            Map<String, String> meta,
            List<Instrument> instruments,
            Path predictions) {
        JournalPaths.requireJournal(journal);
        int horizon = Integer.parseInt(meta.getOrDefault("label_horizon", "20"));
        double alpha = Double.parseDouble(meta.getOrDefault("label_alpha", "0"));
        FeaturesStage features = new FeaturesStage(instruments);
        Map<Integer, List<Double>> mids = new HashMap<>();
        Map<Integer, IntArrayList> at = new HashMap<>();
        Map<Integer, IntArrayList> predicted = new HashMap<>();
        long books = 0;
        StringBuilder csv = predictions == null ? null : new StringBuilder();
        if (csv != null) {
            csv.append("instrument,book,p_up,p_flat,p_down\n");
        }
        try (OnnxScorer scorer = new OnnxScorer(cfg, instruments);
                RecordReader r = new RecordReader(JournalPaths.in(journal))) {
            RingEvent e = new RingEvent();
            InputCodec.Decoder decoder = new InputCodec.Decoder();
            while (r.next()) {
                decoder.decode(r.buffer(), 0, r.length(), e, r.where());
                features.onEvent(e);
                if (e.type != EventType.BOOK || !e.bookValid) {
                    continue;
                }
                books++;
                List<Double> m = mids.computeIfAbsent(e.instrumentId, id -> new ArrayList<>());
                m.add(e.mid);
                e.scored = false;
                scorer.score(e);
                if (e.scored) {
                    int cls = BacktestMetrics.predictedClass(e.pUp, e.pFlat, e.pDown);
                    at.computeIfAbsent(e.instrumentId, id -> new IntArrayList())
                            .addInt(m.size() - 1);
                    predicted.computeIfAbsent(e.instrumentId, id -> new IntArrayList()).addInt(cls);
                    if (csv != null) {
                        // repr-exact doubles, so the Python side reads back what the engine scored
                        csv.append(e.instrumentId).append(',').append(m.size() - 1).append(',');
                        csv.append(e.pUp).append(',').append(e.pFlat).append(',').append(e.pDown);
                        csv.append('\n');
                    }
                }
            }
        } catch (ModelException ex) {
            throw new UsageException(ex.getMessage());
        }
        if (csv != null) {
            try {
                Files.writeString(predictions, csv);
            } catch (IOException ex) {
                throw new UsageException(
                        "model eval: cannot write --predictions "
                                + predictions
                                + ": "
                                + ex.getMessage());
            }
        }
        long[][] confusion = new long[3][3];
        for (Map.Entry<Integer, IntArrayList> entry : at.entrySet()) {
            List<Double> m = mids.get(entry.getKey());
            IntArrayList idx = entry.getValue();
            IntArrayList pred = predicted.get(entry.getKey());
            for (int j = 0; j < idx.size(); j++) {
                int label = BacktestMetrics.realisedLabel(m, idx.getInt(j), horizon, alpha);
                if (label >= 0) {
                    confusion[label][pred.getInt(j)]++;
                }
            }
        }
        return report(journal, books, horizon, alpha, confusion);
    }

    private static Map<String, Object> report(
            Path journal, long books, int horizon, double alpha, long[][] c) {
        long total = 0;
        long correct = 0;
        long[] labelCount = new long[3];
        long[] predCount = new long[3];
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                total += c[a][b];
                labelCount[a] += c[a][b];
                predCount[b] += c[a][b];
            }
            correct += c[a][a];
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("command", "model eval");
        out.put("journal", journal.toString());
        out.put("books", books);
        out.put("scored_with_label", total);
        out.put("label_horizon", horizon);
        out.put("label_alpha", alpha);
        Map<String, Object> dist = new LinkedHashMap<>();
        Map<String, Object> f1 = new LinkedHashMap<>();
        double macro = 0;
        int majority = 0;
        for (int k = 0; k < 3; k++) {
            dist.put(CLASSES[k], labelCount[k]);
            double precision = predCount[k] == 0 ? 0 : c[k][k] / (double) predCount[k];
            double recall = labelCount[k] == 0 ? 0 : c[k][k] / (double) labelCount[k];
            double f = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            f1.put(CLASSES[k], round(f));
            macro += f / 3;
            if (labelCount[k] > labelCount[majority]) {
                majority = k;
            }
        }
        double share = total == 0 ? 0 : labelCount[majority] / (double) total;
        out.put("labels", dist);
        out.put("accuracy", round(total == 0 ? 0 : correct / (double) total));
        out.put("macro_f1", round(macro));
        out.put("f1", f1);
        out.put("majority_class", CLASSES[majority]);
        out.put("majority_accuracy", round(share));
        // Always predicting the majority class: F1 2s/(1+s) for that class, 0 for the others.
        out.put("majority_macro_f1", round(share == 0 ? 0 : 2 * share / (1 + share) / 3));
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
