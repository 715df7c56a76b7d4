package dev.warden.gateway.provider.gemini;

import static dev.warden.gateway.provider.gemini.GoldenJson.assertJson;
import static dev.warden.gateway.provider.gemini.GoldenJson.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Messages and their content; tools and options are in their own test classes. */
class GeminiRequestsTests {

    @Test
    void translatesAConversationWithToolCallsIntoAlternatingTurns() {
        var request = json("""
                {"model": "gemini-2.5-flash", "stream": true, "messages": [
                  {"role": "system", "content": "Be brief."},
                  {"role": "developer", "content": [{"type": "text", "text": "Answer in French."}]},
                  {"role": "user", "content": "Weather and time in Paris?"},
                  {"role": "assistant", "content": null, "tool_calls": [
                    {"id": "call_a", "type": "function", "function": {"name": "get_weather", "arguments": "{\\"city\\":\\"Paris\\"}"}},
                    {"id": "call_b", "type": "function", "function": {"name": "get_time", "arguments": ""}}]},
                  {"role": "tool", "tool_call_id": "call_a", "content": "{\\"celsius\\": 21}"},
                  {"role": "tool", "tool_call_id": "call_b", "content": [{"type": "text", "text": "noon"}]},
                  {"role": "assistant", "content": "Il fait 21 degrés à midi."},
                  {"role": "user", "content": "Merci"}]}
                """);

        var gemini = GeminiRequests.fromOpenAi(request);

        assertJson(gemini, """
                {
                  "systemInstruction": {"parts": [{"text": "Be brief."}, {"text": "Answer in French."}]},
                  "contents": [
                    {"role": "user", "parts": [{"text": "Weather and time in Paris?"}]},
                    {"role": "model", "parts": [
                      {"functionCall": {"name": "get_weather", "args": {"city": "Paris"}}},
                      {"functionCall": {"name": "get_time", "args": {}}}]},
                    {"role": "user", "parts": [
                      {"functionResponse": {"name": "get_weather", "response": {"result": {"celsius": 21}}}},
                      {"functionResponse": {"name": "get_time", "response": {"result": "noon"}}}]},
                    {"role": "model", "parts": [{"text": "Il fait 21 degrés à midi."}]},
                    {"role": "user", "parts": [{"text": "Merci"}]}
                  ]
                }
                """);
    }

    @Test
    void translatesImagesAudioAndFilesIntoInlineDataOrFileData() {
        var request = json("""
                {"messages": [{"role": "user", "content": [
                  {"type": "text", "text": "What are these?"},
                  {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo=", "detail": "high"}},
                  {"type": "image_url", "image_url": {"url": "https://example.com/photos/cat.JPG?size=large"}},
                  {"type": "image_url", "image_url": {"url": "https://example.com/render/42"}},
                  {"type": "input_audio", "input_audio": {"data": "UklGRg==", "format": "wav"}},
                  {"type": "file", "file": {"filename": "a.pdf", "file_data": "data:application/pdf;base64,JVBERi0="}}]}]}
                """);

        var gemini = GeminiRequests.fromOpenAi(request);

        assertJson(gemini, """
                {"contents": [{"role": "user", "parts": [
                  {"text": "What are these?"},
                  {"inlineData": {"mimeType": "image/png", "data": "iVBORw0KGgo="}},
                  {"fileData": {"mimeType": "image/jpeg", "fileUri": "https://example.com/photos/cat.JPG?size=large"}},
                  {"fileData": {"mimeType": "image/*", "fileUri": "https://example.com/render/42"}},
                  {"inlineData": {"mimeType": "audio/wav", "data": "UklGRg=="}},
                  {"inlineData": {"mimeType": "application/pdf", "data": "JVBERi0="}}]}]}
                """);
    }

    @Test
    void mergesConsecutiveMessagesOfTheSameRoleIntoOneTurn() {
        var request = json("""
                {"messages": [
                  {"role": "user", "content": "First"},
                  {"role": "user", "content": [{"type": "text", "text": "Second"}]},
                  {"role": "assistant", "content": "One"},
                  {"role": "assistant", "content": [{"type": "text", "text": "Two"}]}]}
                """);

        var gemini = GeminiRequests.fromOpenAi(request);

        assertJson(gemini, """
                {"contents": [
                  {"role": "user", "parts": [{"text": "First"}, {"text": "Second"}]},
                  {"role": "model", "parts": [{"text": "One"}, {"text": "Two"}]}]}
                """);
    }

    @Test
    void leavesOutEmptyTextWhichGeminiRejects() {
        var request = json("""
                {"messages": [
                  {"role": "user", "content": "Hi"},
                  {"role": "assistant", "content": "", "tool_calls": [
                    {"id": "1", "type": "function", "function": {"name": "ping", "arguments": "{}"}}]},
                  {"role": "tool", "tool_call_id": "1", "content": "pong"}]}
                """);

        var gemini = GeminiRequests.fromOpenAi(request);

        assertJson(gemini.get("contents").get(1), """
                {"role": "model", "parts": [{"functionCall": {"name": "ping", "args": {}}}]}
                """);
    }

    @Test
    void answersAReusedCallIdWithTheLatestCallsFunction() {
        var request = json("""
                {"messages": [
                  {"role": "assistant", "tool_calls": [{"id": "call_0", "function": {"name": "first", "arguments": "{}"}}]},
                  {"role": "tool", "tool_call_id": "call_0", "content": "1"},
                  {"role": "assistant", "tool_calls": [{"id": "call_0", "function": {"name": "second", "arguments": "{}"}}]},
                  {"role": "tool", "tool_call_id": "call_0", "content": "2"}]}
                """);

        var gemini = GeminiRequests.fromOpenAi(request);

        assertThat(gemini.at("/contents/3/parts/0/functionResponse/name").asText()).isEqualTo("second");
    }

    @Test
    void keepsAToolResultThatOnlyStartsLikeJsonAsText() {
        var request = json("""
                {"messages": [
                  {"role": "assistant", "tool_calls": [{"id": "c", "function": {"name": "count", "arguments": "{}"}}]},
                  {"role": "tool", "tool_call_id": "c", "content": "42 apples"}]}
                """);

        var gemini = GeminiRequests.fromOpenAi(request);

        assertThat(gemini.at("/contents/1/parts/0/functionResponse/response/result").asText()).isEqualTo("42 apples");
    }

    @Test
    void leavesTheModelAndTheInputAlone() {
        var request = json("""
                {"model": "gemini-2.5-flash", "messages": [{"role": "user", "content": "Hi"}]}
                """);
        var before = request.deepCopy();

        var gemini = GeminiRequests.fromOpenAi(request);

        assertThat(gemini.has("model")).isFalse();
        assertThat(request).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            arguments that are not JSON      | [{"role": "assistant", "tool_calls": [{"id": "1", "function": {"name": "f", "arguments": "{oops"}}]}] | messages[0].tool_calls[0].function.arguments
            arguments that are not an object | [{"role": "assistant", "tool_calls": [{"id": "1", "function": {"name": "f", "arguments": "[1]"}}]}] | messages[0].tool_calls[0].function.arguments
            a call without a function name   | [{"role": "assistant", "tool_calls": [{"id": "1", "function": {"arguments": "{}"}}]}] | messages[0].tool_calls[0].function.name
            a result for an unknown call     | [{"role": "user", "content": "Hi"}, {"role": "tool", "tool_call_id": "x", "content": "1"}] | messages[1].tool_call_id
            an unknown role                  | [{"role": "function", "name": "f", "content": "1"}] | messages[0].role
            an unknown part type             | [{"role": "user", "content": [{"type": "video", "video": {}}]}] | messages[0].content[0].type
            an image in a system message     | [{"role": "system", "content": [{"type": "image_url", "image_url": {"url": "https://x/y.png"}}]}] | messages[0].content[0].type
            an image URL that is not http    | [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "ftp://x/y.png"}}]}] | messages[0].content[0].image_url.url
            a data URL that is not base64    | [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "data:image/png,abc"}}]}] | messages[0].content[0].image_url.url
            a file uploaded to OpenAI        | [{"role": "user", "content": [{"type": "file", "file": {"file_id": "file-abc"}}]}] | messages[0].content[0].file.file_id
            content that is a number         | [{"role": "user", "content": 42}] | messages[0].content
            """)
    void refusesWhatGeminiCannotBeToldNamingTheField(String what, String messages, String field) {
        var request = json("{\"messages\": " + messages + "}");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> GeminiRequests.fromOpenAi(request))
                .withMessageStartingWith(field);
    }

    @Test
    void refusesARequestWithoutMessages() {
        var request = json("""
                {"model": "gemini-2.5-flash"}
                """);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> GeminiRequests.fromOpenAi(request))
                .withMessageStartingWith("messages");
    }
}
