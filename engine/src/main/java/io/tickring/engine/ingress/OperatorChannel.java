package io.tickring.engine.ingress;

import io.tickring.core.ControlCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The operator channel on stdin: reads commands ({@code halt}, {@code resume}, {@code reduce-only},
 * {@code kill}, {@code rearm TOKEN}), one per line, and hands each to {@link OperatorCommands},
 * which trips the kill latch on {@code kill} and offers the CONTROL event to the Sequencer. It runs
 * on its own daemon thread because a read of stdin cannot be interrupted; the thread ends with its
 * input or with the process.
 *
 * <p>Hostile input cannot stop it: a line longer than {@link #MAX_LINE} bytes is discarded up to
 * its newline with one warning, however long it is (it is never held in memory); a line with a
 * control character or a non-ASCII byte is refused with one line naming the first such byte; an
 * unknown command is named (its first word only, cut short, so a mistyped token is not echoed).
 * After each, the channel reads the next line.
 */
public final class OperatorChannel implements Runnable {
    /** The longest line read as a command, in bytes without its newline. */
    public static final int MAX_LINE = 1024;

    private static final String COMMANDS = "halt, resume, reduce-only, kill, rearm TOKEN";

    private final InputStream input;
    private final OperatorCommands commands;
    private final PrintWriter status;
    private final byte[] line = new byte[MAX_LINE];
    private int length;

    /** Bytes of an over-long line are being skipped up to its newline. */
    private boolean discarding;

    /**
     * @param input where commands come from, normally the process's stdin
     * @param commands where commands go: the kill latch and the Sequencer's control queue
     * @param status where the channel acknowledges each command or says why it refused one
     */
    public OperatorChannel(InputStream input, OperatorCommands commands, PrintWriter status) {
        this.input = input;
        this.commands = commands;
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
        byte[] chunk = new byte[8192];
        try {
            int n;
            while ((n = input.read(chunk)) >= 0) {
                for (int i = 0; i < n; i++) {
                    onByte(chunk[i]);
                }
            }
            if (length > 0 && !discarding) {
                onLine(); // a last line without a newline
            }
        } catch (IOException closed) {
            // The input was closed: no more operator commands.
        }
    }

    private void onByte(byte b) {
        if (b == '\n') {
            if (!discarding) {
                onLine();
            }
            discarding = false;
            length = 0;
            return;
        }
        if (discarding) {
            return;
        }
        if (length == MAX_LINE) {
            discarding = true;
            length = 0;
            say(
                    "operator: a line longer than "
                            + MAX_LINE
                            + " bytes was discarded up to its newline");
            return;
        }
        line[length++] = b;
    }

    private void onLine() {
        int end = length;
        if (end > 0 && line[end - 1] == '\r') {
            end--; // a terminal or a Windows file may end lines with CR LF
        }
        for (int i = 0; i < end; i++) {
            int b = line[i] & 0xFF;
            if ((b < 0x20 && b != '\t') || b >= 0x7F) {
                say(
                        String.format(
                                Locale.ROOT,
                                "operator: refused a line with a non-printable byte 0x%02X at"
                                        + " column %d",
                                b,
                                i + 1));
                return;
            }
        }
        String text = new String(line, 0, end, StandardCharsets.US_ASCII).trim();
        if (text.isEmpty()) {
            return;
        }
        String[] words = text.split("[ \t]+");
        byte code = ControlCode.parse(words[0]);
        if (!OperatorCommands.isOperatorCode(code)) {
            say("operator: unknown command '" + shortened(words[0]) + "' (" + COMMANDS + ")");
            return;
        }
        if (code != ControlCode.REARM && words.length > 1) {
            say("operator: " + words[0] + " takes no argument; nothing sent");
            return;
        }
        if (code == ControlCode.REARM && words.length != 2) {
            commands.send(code, null); // counted as a refusal, like a wrong token
            say("operator: rearm refused: give the admin token, as in 'rearm TOKEN'");
            return;
        }
        String token = code == ControlCode.REARM ? words[1] : null;
        switch (commands.send(code, token)) {
            case SENT:
                say(
                        "operator: "
                                + ControlCode.name(code)
                                + " sent"
                                + (code == ControlCode.KILL
                                        ? " (latched: nothing is released until rearm)"
                                        : code == ControlCode.REARM
                                                ? " (trading is allowed again when the engine"
                                                        + " reaches it)"
                                                : ""));
                break;
            case NO_TOKEN_CONFIGURED:
                say(
                        "operator: rearm refused: no admin token is configured (set"
                                + " TICKRING_ADMIN_TOKEN before the start); "
                                + commands.refusals()
                                + " refused");
                break;
            case WRONG_TOKEN:
                say("operator: rearm refused: wrong token; " + commands.refusals() + " refused");
                break;
            case NOT_DELIVERED:
                say(
                        "operator: "
                                + ControlCode.name(code)
                                + " not delivered: the engine takes no input"
                                + (code == ControlCode.KILL ? " (the latch is tripped)" : ""));
                break;
            default:
                say("operator: unknown command '" + shortened(words[0]) + "' (" + COMMANDS + ")");
                break;
        }
    }

    private static String shortened(String word) {
        return word.length() <= 32 ? word : word.substring(0, 32) + "...";
    }

    private void say(String text) {
        status.println(text);
        status.flush();
    }
}
