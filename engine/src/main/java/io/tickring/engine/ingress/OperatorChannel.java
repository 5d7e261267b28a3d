package io.tickring.engine.ingress;

import io.tickring.core.ControlCode;
import io.tickring.core.EventPublisher;
import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * The operator channel: reads commands (halt, resume, reduce-only, kill), one per line, and offers
 * each as a CONTROL event to the Sequencer's control queue. It runs on its own daemon thread
 * because a read of stdin cannot be interrupted; the thread ends with its input or with the
 * process. The command's time is the wall clock when it was read: the Sequencer journals it, so
 * replay follows it exactly.
 */
public final class OperatorChannel implements Runnable {
    private final InputStream input;
    private final EventPublisher control;
    private final PrintWriter status;

    /**
     * @param input where commands come from, normally the process's stdin
     * @param control where CONTROL events go (the Sequencer's control queue)
     * @param status where the channel acknowledges each command or names an unknown one
     */
    public OperatorChannel(InputStream input, EventPublisher control, PrintWriter status) {
        this.input = input;
        this.control = control;
        this.status = status;
    }

    /**
     * Starts the channel on a daemon thread named {@code tickring-operator} and returns the thread.
     */
    public Thread start() {
        Thread t = new Thread(this, "tickring-operator");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Reads commands until the input ends. */
    @Override
    public void run() {
        RingEvent e = new RingEvent();
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String word = line.trim();
                if (word.isEmpty()) {
                    continue;
                }
                byte code = operatorCode(word);
                if (code == 0) {
                    say(
                            "operator: unknown command '"
                                    + word
                                    + "' (halt, resume, reduce-only, kill)");
                    continue;
                }
                long now = System.currentTimeMillis() * 1_000_000L;
                e.clearInput();
                e.type = EventType.CONTROL;
                e.controlCode = code;
                e.exchangeTimeNs = now;
                e.receiveTimeNs = now;
                while (!control.offer(e)) {
                    Thread.onSpinWait();
                }
                say("operator: " + ControlCode.name(code) + " sent");
            }
        } catch (IOException closed) {
            // The input was closed: no more operator commands.
        }
    }

    /**
     * The control code an operator may send as {@code word}, or 0: feed, venue and restart codes
     * are not theirs.
     */
    static byte operatorCode(String word) {
        byte code = ControlCode.parse(word);
        if (code == ControlCode.PARAM
                || code == ControlCode.FEED_GAP
                || code == ControlCode.MARKET_HALT
                || code == ControlCode.RESTART) {
            return 0;
        }
        return code;
    }

    private void say(String line) {
        status.println(line);
        status.flush();
    }
}
