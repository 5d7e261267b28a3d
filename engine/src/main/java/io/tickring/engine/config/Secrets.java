package io.tickring.engine.config;

import java.util.Map;
import java.util.Optional;

/**
 * The credentials the engine may use, read only from the environment and never written anywhere.
 *
 * <p>Configuration files must not hold secrets (the loader rejects secret-looking keys), so that
 * files, the journaled SESSION record and logs can be shared. {@link #toString()} says which are
 * set, never their values. An empty variable counts as unset.
 */
public final class Secrets {
    /** Environment variable holding the venue API key. */
    public static final String API_KEY_ENV = "TICKRING_API_KEY";

    /** Environment variable holding the venue API secret. */
    public static final String API_SECRET_ENV = "TICKRING_API_SECRET";

    /** Environment variable holding the admin endpoint's token. */
    public static final String ADMIN_TOKEN_ENV = "TICKRING_ADMIN_TOKEN";

    /** Environment variable holding the FIX session's Username (553). */
    public static final String FIX_USERNAME_ENV = "TICKRING_FIX_USERNAME";

    /** Environment variable holding the FIX session's Password (554). */
    public static final String FIX_PASSWORD_ENV = "TICKRING_FIX_PASSWORD";

    private static final Secrets NONE = new Secrets(null, null, null, null, null);

    private final String apiKey;
    private final String apiSecret;
    private final String adminToken;
    private final String fixUsername;
    private final String fixPassword;

    private Secrets(
            String apiKey,
            String apiSecret,
            String adminToken,
            String fixUsername,
            String fixPassword) {
        this.apiKey = apiKey;
        this.apiSecret = apiSecret;
        this.adminToken = adminToken;
        this.fixUsername = fixUsername;
        this.fixPassword = fixPassword;
    }

    /** The secrets set in {@code env} (usually {@code System.getenv()}). */
    public static Secrets fromEnv(Map<String, String> env) {
        return new Secrets(
                nonEmpty(env.get(API_KEY_ENV)),
                nonEmpty(env.get(API_SECRET_ENV)),
                nonEmpty(env.get(ADMIN_TOKEN_ENV)),
                nonEmpty(env.get(FIX_USERNAME_ENV)),
                nonEmpty(env.get(FIX_PASSWORD_ENV)));
    }

    /** {@code TICKRING_FIX_USERNAME}. */
    public Optional<String> fixUsername() {
        return Optional.ofNullable(fixUsername);
    }

    /** {@code TICKRING_FIX_PASSWORD}. */
    public Optional<String> fixPassword() {
        return Optional.ofNullable(fixPassword);
    }

    /** No secrets: a configuration rebuilt from a journal, or a test. */
    public static Secrets none() {
        return NONE;
    }

    /** {@code TICKRING_API_KEY}. */
    public Optional<String> apiKey() {
        return Optional.ofNullable(apiKey);
    }

    /** {@code TICKRING_API_SECRET}. */
    public Optional<String> apiSecret() {
        return Optional.ofNullable(apiSecret);
    }

    /** {@code TICKRING_ADMIN_TOKEN}. */
    public Optional<String> adminToken() {
        return Optional.ofNullable(adminToken);
    }

    @Override
    public String toString() {
        return "Secrets["
                + API_KEY_ENV
                + '='
                + state(apiKey)
                + ", "
                + API_SECRET_ENV
                + '='
                + state(apiSecret)
                + ", "
                + ADMIN_TOKEN_ENV
                + '='
                + state(adminToken)
                + ", "
                + FIX_USERNAME_ENV
                + '='
                + state(fixUsername)
                + ", "
                + FIX_PASSWORD_ENV
                + '='
                + state(fixPassword)
                + ']';
    }

    private static String state(String value) {
        return value == null ? "unset" : "set";
    }

    private static String nonEmpty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
