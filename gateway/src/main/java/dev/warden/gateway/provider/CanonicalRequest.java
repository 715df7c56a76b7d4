package dev.warden.gateway.provider;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.policy.Target;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A request in the gateway's canonical form, OpenAI's JSON, as it is to be sent to every target.
 * OpenAI-speaking targets get it as bytes: the client's own bytes when nothing needs to change,
 * the client's bytes with the target's model and, for streams, the usage option spliced in when
 * the policy did not reshape the body, else the tree with both written in; other providers
 * translate the tree.
 *
 * @param tree         the canonical body, shaped by the policy; never modified here
 * @param original     the client's bytes when they may be sent as they are, else null
 * @param stream       whether a stream is asked for
 * @param includeUsage whether OpenAI upstreams must be asked for a usage chunk (the gateway
 *                     needs usage even when the client did not ask for it)
 */
public record CanonicalRequest(ObjectNode tree, byte[] original, boolean stream, boolean includeUsage, ObjectMapper mapper) {

    /** The OpenAI wire body for a target. */
    public byte[] openAiBytes(Target target) {
        if (original != null) {
            var bytes = splicedBytes(target);
            if (bytes != null) {
                return bytes;
            }
        }
        var copy = tree.deepCopy();
        copy.put("model", target.model());
        if (includeUsage) {
            copy.withObject("stream_options").put("include_usage", true);
        }
        try {
            return mapper.writeValueAsBytes(copy);
        } catch (IOException e) {
            throw new UncheckedIOException("a JSON tree is always serialisable", e);
        }
    }

    /** The client's bytes with what the target needs spliced in, or null when the tree must be written. */
    private byte[] splicedBytes(Target target) {
        boolean usageAsked = tree.path("stream_options").path("include_usage").asBoolean(false);
        boolean addUsage = includeUsage && !usageAsked;
        if (addUsage && tree.has("stream_options")) {
            return null; // other stream options are there: the tree merges the usage option into them
        }
        var bytes = target.model().equals(tree.path("model").asText())
                ? original
                : BodySplice.replaceModel(original, target.model());
        return bytes == null || !addUsage ? bytes : BodySplice.addUsageOption(bytes);
    }
}
