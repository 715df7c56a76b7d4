package dev.warden.gateway.provider;

import java.net.URI;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parsed upstream URLs, kept: a gateway calls the same few URLs (a provider's base URL and an
 * endpoint's path, from the policy) on every request, and parsing one into a {@link URI} each time
 * was a measurable share of building the upstream call. The cache is cleared when it grows past a
 * bound, so that URLs of providers since removed from the policy cannot accumulate.
 */
public final class UpstreamUris {

    private static final int MAX_ENTRIES = 4096;
    private static final ConcurrentHashMap<String, URI> PARSED = new ConcurrentHashMap<>();

    private UpstreamUris() {
    }

    /** The URL parsed, as {@link URI#create} would; throws {@link IllegalArgumentException} when it is not a URI. */
    public static URI of(String url) {
        var uri = PARSED.get(url);
        if (uri == null) {
            uri = URI.create(url);
            if (PARSED.size() >= MAX_ENTRIES) {
                PARSED.clear();
            }
            PARSED.put(url, uri);
        }
        return uri;
    }

    static int cached() {
        return PARSED.size();
    }
}
