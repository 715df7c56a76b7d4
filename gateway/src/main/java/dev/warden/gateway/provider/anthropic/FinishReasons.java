package dev.warden.gateway.provider.anthropic;

/** Anthropic's {@code stop_reason} as OpenAI's {@code finish_reason}. */
final class FinishReasons {

    private FinishReasons() {
    }

    static String of(String stopReason) {
        if (stopReason == null) {
            return "stop";
        }
        return switch (stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> "length";
            case "tool_use" -> "tool_calls";
            case "refusal" -> "content_filter";
            // end_turn, stop_sequence, and pause_turn (a server tool's loop paused: the turn is
            // over for now), and reasons added after this was written.
            default -> "stop";
        };
    }
}
