package io.tickring.engine.cli;

import io.tickring.core.SessionRecord;

/** How a journal says that the paper venue shadowed its live run ({@code gateway.shadow}). */
final class ShadowMode {
    /** The SESSION field ({@code "shadow":"true"}) a shadowed run writes. */
    static final String SESSION_FIELD = "shadow";

    private ShadowMode() {}

    /** True if {@code session} is a shadowed live run's. */
    static boolean of(SessionRecord session) {
        return "true".equals(session.extra().get(SESSION_FIELD));
    }
}
