package io.tickring.engine.config;

import io.tickring.engine.config.Node.ListNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds and checks the {@code threads} list: how the six stages map onto handler threads.
 *
 * <p>The rules keep the ring's dependency graph a simple chain the Disruptor can build: every stage
 * runs exactly once; the decision stages keep their order across the list (a thread can only gate
 * on threads before it); the journal either has a thread of its own (running in parallel with the
 * decision chain) or runs first on the first thread (a one-thread layout for tiny machines).
 */
final class ThreadLayout {
    static final List<String> KEYS = List.of("name", "stages", "idle", "cpu");
    static final String JOURNAL = "journal";

    /** Highest CPU number accepted for pinning; a sanity bound, not a machine check. */
    static final int MAX_CPU = 4095;

    static final List<ThreadConfig> DEFAULT =
            List.of(
                    new ThreadConfig("journal", List.of("journal"), IdleKind.BACKOFF, -1),
                    new ThreadConfig(
                            "decision",
                            List.of("features", "model", "strategy", "risk", "router"),
                            IdleKind.BACKOFF,
                            -1));

    static final Map<String, IdleKind> IDLE_KINDS = idleKinds();

    private ThreadLayout() {}

    /**
     * Where a layout problem is: thread index (-1: the whole list), field, item within the field
     * (-1: the field).
     */
    @FunctionalInterface
    interface Reporter {
        RuntimeException at(int thread, String field, int item, String problem);
    }

    static List<ThreadConfig> bind(Fields top) {
        ListNode list = top.list("threads");
        if (list == null) {
            return DEFAULT;
        }
        List<ThreadConfig> threads = new ArrayList<>();
        List<Fields> fields = new ArrayList<>();
        List<ListNode> stageLists = new ArrayList<>();
        for (Node item : list.items()) {
            Fields f = Fields.of(item, KEYS);
            String name = Fields.text(f.require("name"));
            ListNode stages = f.list("stages");
            if (stages == null) {
                throw f.missing("stages");
            }
            List<String> stageNames = new ArrayList<>();
            for (Node s : stages.items()) {
                stageNames.add(Fields.text(s));
            }
            IdleKind idle = f.choice("idle", IdleKind.BACKOFF, IDLE_KINDS);
            int cpu = (int) f.integer("cpu", -1, -1, MAX_CPU);
            threads.add(new ThreadConfig(name, stageNames, idle, cpu));
            fields.add(f);
            stageLists.add(stages);
        }
        validate(
                threads,
                (thread, field, item, problem) -> {
                    if (thread < 0) {
                        return Fields.at(list, problem);
                    }
                    Fields f = fields.get(thread);
                    if (field.equals("stages")) {
                        ListNode stages = stageLists.get(thread);
                        Node at = item < 0 ? stages : stages.items().get(item);
                        return new ConfigException(at.source(), at.line(), stages.path(), problem);
                    }
                    Node n = f.get(field);
                    return n == null ? f.here(field, problem) : Fields.at(n, problem);
                });
        return threads;
    }

    static void validate(List<ThreadConfig> threads, Reporter r) {
        if (threads.isEmpty()) {
            throw r.at(-1, "", -1, "no threads: the stages need at least one");
        }
        Map<String, Integer> names = new HashMap<>();
        Map<Integer, Integer> cpus = new HashMap<>();
        Map<String, Integer> placed = new HashMap<>();
        int lastRank = -1;
        String lastStage = null;
        for (int i = 0; i < threads.size(); i++) {
            ThreadConfig t = threads.get(i);
            if (t.name().isBlank()) {
                throw r.at(i, "name", -1, "must not be empty");
            }
            Integer other = names.putIfAbsent(t.name(), i);
            if (other != null) {
                throw r.at(
                        i,
                        "name",
                        -1,
                        "duplicate thread name \"" + t.name() + "\" (also threads[" + other + "])");
            }
            if (t.cpu() < -1 || t.cpu() > MAX_CPU) {
                throw r.at(
                        i,
                        "cpu",
                        -1,
                        "out of range: "
                                + t.cpu()
                                + " (expected -1 for not pinned, or 0.."
                                + MAX_CPU
                                + ")");
            }
            if (t.cpu() >= 0 && (other = cpus.putIfAbsent(t.cpu(), i)) != null) {
                throw r.at(
                        i,
                        "cpu",
                        -1,
                        "CPU " + t.cpu() + " is already pinned by threads[" + other + "]");
            }
            if (t.stages().isEmpty()) {
                throw r.at(i, "stages", -1, "a thread needs at least one stage");
            }
            for (int k = 0; k < t.stages().size(); k++) {
                String s = t.stages().get(k);
                int rank = ThreadConfig.STAGES.indexOf(s);
                if (rank < 0) {
                    throw r.at(
                            i,
                            "stages",
                            k,
                            "unknown stage \""
                                    + s
                                    + "\" (one of "
                                    + String.join(", ", ThreadConfig.STAGES)
                                    + ")");
                }
                other = placed.putIfAbsent(s, i);
                if (other != null) {
                    throw r.at(
                            i,
                            "stages",
                            k,
                            "stage \"" + s + "\" appears twice (also in threads[" + other + "])");
                }
                if (s.equals(JOURNAL)) {
                    if (t.stages().size() > 1 && !(i == 0 && k == 0)) {
                        throw r.at(
                                i,
                                "stages",
                                k,
                                "journal must run alone in its thread or as the first stage of the first thread");
                    }
                } else {
                    if (rank < lastRank) {
                        throw r.at(
                                i,
                                "stages",
                                k,
                                "\""
                                        + s
                                        + "\" comes after \""
                                        + lastStage
                                        + "\": the decision chain runs features, model, strategy, risk, router in that order across threads");
                    }
                    lastRank = rank;
                    lastStage = s;
                }
            }
        }
        for (String s : ThreadConfig.STAGES) {
            if (!placed.containsKey(s)) {
                throw r.at(
                        -1,
                        "",
                        -1,
                        "stage \""
                                + s
                                + "\" is on no thread (each of "
                                + String.join(", ", ThreadConfig.STAGES)
                                + " runs on exactly one)");
            }
        }
    }

    private static Map<String, IdleKind> idleKinds() {
        Map<String, IdleKind> m = new LinkedHashMap<>();
        for (IdleKind k : IdleKind.values()) {
            m.put(k.configName(), k);
        }
        return Collections.unmodifiableMap(m);
    }
}
