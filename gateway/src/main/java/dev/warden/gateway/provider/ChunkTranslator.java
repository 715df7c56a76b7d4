package dev.warden.gateway.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Turns one upstream stream, event by event, into OpenAI {@code chat.completion.chunk} objects:
 * the gateway's one internal stream format, which each client surface then encodes in its own
 * wire format. One instance per stream; not thread-safe.
 *
 * <p>The chunks follow OpenAI's order: a first chunk with {@code delta.role = "assistant"}, then
 * content and tool-call deltas ({@code delta.tool_calls[i]} with {@code index}, and {@code id},
 * {@code type} and {@code function.name} on a call's first delta), a chunk with
 * {@code finish_reason}, and last, once the upstream has reported it, a usage chunk with
 * {@code "choices": []} and {@code usage.prompt_tokens} / {@code completion_tokens} /
 * {@code total_tokens}. Every chunk has {@code id}, {@code object}, {@code created} and
 * {@code model}.
 */
public interface ChunkTranslator {

    /**
     * Translates one server-sent event of the upstream.
     *
     * @param event the event's name ({@code event:} line), or null when it had none
     * @param data  the event's data (its {@code data:} lines joined by newlines)
     * @return the chunks it yields, in order; often none
     * @throws StreamFailure when the upstream reports an error in the stream or sends data that
     *                       is not what its protocol says
     */
    List<ObjectNode> onEvent(String event, String data);

    /** Whether the upstream has signalled a proper end of the response (not merely closed the connection). */
    boolean finished();
}
