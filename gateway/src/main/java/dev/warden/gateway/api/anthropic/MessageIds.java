package dev.warden.gateway.api.anthropic;

import java.util.UUID;

/** Ids in the shape Anthropic's clients know. */
final class MessageIds {

    private MessageIds() {
    }

    /** The upstream's id with Anthropic's {@code msg_} prefix, which clients may check. */
    static String messageId(String upstreamId) {
        if (upstreamId == null || upstreamId.isEmpty()) {
            return "msg_" + UUID.randomUUID().toString().replace("-", "");
        }
        return upstreamId.startsWith("msg_") ? upstreamId : "msg_" + upstreamId;
    }

    /** A tool call's id, made up from the message's when the upstream sent none. */
    static String toolUseId(String upstreamId, String messageId, int index) {
        return upstreamId != null && !upstreamId.isEmpty() ? upstreamId : "toolu_" + messageId.substring(4) + "_" + index;
    }
}
