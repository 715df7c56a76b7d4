package dev.warden.gateway.routing;

/** The request uses something the target's provider type cannot express (for example n > 1 for Anthropic). */
public class UntranslatableRequest extends RuntimeException {

    public UntranslatableRequest(String providerType, String reason) {
        super("The request cannot be sent to a " + providerType + " provider: " + reason, null, false, false);
    }
}
