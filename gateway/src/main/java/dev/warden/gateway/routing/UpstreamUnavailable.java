package dev.warden.gateway.routing;

import dev.warden.gateway.provider.UpstreamFailure;
import java.util.List;

/** No target of a route produced a response; the kind says what to tell the client (502, 503 or 504). */
public class UpstreamUnavailable extends RuntimeException {

    /** What went wrong last. */
    public enum Kind { NO_TARGET, UNREACHABLE, TIMEOUT, BROKEN }

    private final Kind kind;

    UpstreamUnavailable(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    /** @param skipped why targets were not called at all, as {@code provider/model: reason} */
    static UpstreamUnavailable after(String route, TargetCall.Failed last, List<String> skipped) {
        if (last == null) {
            return new UpstreamUnavailable(Kind.NO_TARGET, "No target of route '" + route + "' is available"
                    + (skipped.isEmpty() ? ": see the decision's attempts." : ": " + String.join("; ", skipped) + "."));
        }
        var kind = last.kind() == UpstreamFailure.Kind.TIMEOUT ? Kind.TIMEOUT
                : last.kind() == UpstreamFailure.Kind.UNREACHABLE ? Kind.UNREACHABLE : Kind.BROKEN;
        var prefix = switch (kind) {
            case TIMEOUT -> "The upstream did not answer in time: ";
            case UNREACHABLE -> "The upstream could not be reached: ";
            default -> "The upstream failed: ";
        };
        return new UpstreamUnavailable(kind, prefix + last.error());
    }

    public Kind kind() {
        return kind;
    }
}
