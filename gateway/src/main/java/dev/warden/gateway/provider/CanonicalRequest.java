package dev.warden.gateway.provider;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.policy.Target;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A request in the gateway's canonical form, OpenAI's JSON, as it is to be sent to every target.
 * OpenAI-speaking targets get it as bytes: the client's own bytes when nothing needs to change,
 * the client's bytes with the target's model spliced in when only that does, else the tree with
 * the target's model (and, for streams, the usage option) written in; other
 * providers translate the tree.
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
        boolean sameModel = target.model().equals(tree.path("model").asText());
        boolean usageAsked = tree.path("stream_options").path("include_usage").asBoolean(false);
        if (original != null && (!includeUsage || usageAsked)) {
            if (sameModel) {
                return original;
            }
            var spliced = ModelSplice.replace(original, target.model(), mapper.getFactory());
            if (spliced != null) {
                return spliced;
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
}
