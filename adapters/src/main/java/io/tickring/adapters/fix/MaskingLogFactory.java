package io.tickring.adapters.fix;

import quickfix.Log;
import quickfix.LogFactory;
import quickfix.SessionID;

/**
 * QuickFIX/J's file log with the password fields masked: Password (554) and NewPassword (925) are
 * written as {@code ***} in every logged message and event, so the message log can be kept and
 * shared like the journal.
 */
final class MaskingLogFactory implements LogFactory {
    private static final char SOH = '\u0001';
    private static final int[] SECRET_TAGS = {554, 925};

    private final LogFactory delegate;

    MaskingLogFactory(LogFactory delegate) {
        this.delegate = delegate;
    }

    @Override
    public Log create(SessionID sessionID) {
        Log log = delegate.create(sessionID);
        return new Log() {
            @Override
            public void clear() {
                log.clear();
            }

            @Override
            public void onIncoming(String message) {
                log.onIncoming(mask(message));
            }

            @Override
            public void onOutgoing(String message) {
                log.onOutgoing(mask(message));
            }

            @Override
            public void onEvent(String text) {
                log.onEvent(mask(text));
            }

            @Override
            public void onErrorEvent(String text) {
                log.onErrorEvent(mask(text));
            }
        };
    }

    /** {@code message} with the value of every password field replaced by {@code ***}. */
    static String mask(String message) {
        if (message == null) {
            return null;
        }
        String s = message;
        for (int tag : SECRET_TAGS) {
            s = maskTag(s, tag);
        }
        return s;
    }

    private static String maskTag(String s, int tag) {
        String key = tag + "=";
        StringBuilder out = null;
        int from = 0;
        int at = s.indexOf(key);
        while (at >= 0) {
            boolean fieldStart = at == 0 || s.charAt(at - 1) == SOH || s.charAt(at - 1) == '|';
            int valueStart = at + key.length();
            int end = s.indexOf(SOH, valueStart);
            if (end < 0) {
                end = s.length();
            }
            if (fieldStart) {
                if (out == null) {
                    out = new StringBuilder(s.length());
                }
                out.append(s, from, valueStart).append("***");
                from = end;
            }
            at = s.indexOf(key, fieldStart ? end : at + 1);
        }
        if (out == null) {
            return s;
        }
        return out.append(s, from, s.length()).toString();
    }
}
