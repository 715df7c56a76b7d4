package dev.warden.gateway.api;

import jakarta.servlet.http.HttpServletRequest;

/** Reads the credential a client presents as {@code Authorization: Bearer <token>}. */
public final class BearerToken {

    private static final String BEARER = "Bearer ";

    private BearerToken() {
    }

    /** The token, or null when the request carries no bearer authorisation. */
    public static String of(HttpServletRequest request) {
        var authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return authorization.substring(BEARER.length()).strip();
        }
        return null;
    }
}
