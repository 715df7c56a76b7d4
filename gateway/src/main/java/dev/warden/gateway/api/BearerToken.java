package dev.warden.gateway.api;

/** Reads the credential a client presents as {@code Authorization: Bearer <token>}. */
public final class BearerToken {

    private static final String BEARER = "Bearer ";

    private BearerToken() {
    }

    /** The token in an {@code Authorization} header's value, or null when it is absent or not a bearer token. */
    public static String of(String authorization) {
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return authorization.substring(BEARER.length()).strip();
        }
        return null;
    }
}
