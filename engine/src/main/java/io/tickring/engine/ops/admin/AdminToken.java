package io.tickring.engine.ops.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The admin token a request must present, kept only as its SHA-256 digest. A presented token is
 * hashed and the two digests compared with {@link MessageDigest#isEqual}, which takes the same time
 * wherever they differ: the comparison's time says nothing about the token, not even its length.
 */
final class AdminToken {
    private final byte[] digest;

    AdminToken(String token) {
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("the admin token is empty");
        }
        this.digest = sha256(token);
    }

    /** Whether {@code presented} is the token; constant time in the token's content. */
    boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(digest, sha256(presented));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Never the token. */
    @Override
    public String toString() {
        return "AdminToken[set]";
    }
}
