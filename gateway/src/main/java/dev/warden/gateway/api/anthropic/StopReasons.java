package dev.warden.gateway.api.anthropic;

/** OpenAI's {@code finish_reason} as Anthropic's {@code stop_reason}. */
final class StopReasons {

    private StopReasons() {
    }

    /**
     * @param usedTools whether the answer holds tool calls: some OpenAI-compatible servers report
     *                  "stop" after calling tools, and Anthropic clients run tools only on "tool_use"
     */
    static String of(String finishReason, boolean usedTools) {
        if (usedTools) {
            return "length".equals(finishReason) ? "max_tokens" : "tool_use";
        }
        if (finishReason == null) {
            return "end_turn";
        }
        return switch (finishReason) {
            case "length" -> "max_tokens";
            case "tool_calls", "function_call" -> "tool_use";
            case "content_filter" -> "refusal";
            default -> "end_turn";
        };
    }
}
