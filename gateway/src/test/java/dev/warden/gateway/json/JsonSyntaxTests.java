package dev.warden.gateway.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The syntax check agrees with a strict parser (Jackson, tokenising only), case by case and under mutation. */
class JsonSyntaxTests {

    private static final JsonFactory JACKSON = new JsonFactory();

    private static final String CHUNK = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
            + "\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hé \\\"quoted\\\" \\u00e9\\n\"},"
            + "\"logprobs\":null,\"finish_reason\":null}],\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":7,"
            + "\"cost\":-1.25e-3,\"ok\":true,\"none\":false,\"list\":[[],{},[0.5,-0,1E+2]]}}";

    @ParameterizedTest
    @ValueSource(strings = {"{}", " {\"a\":[1,{\"b\":null}],\"c\":\"d\"} ", "\t{\r\n}\n", "{\"a\":\"\\/\\b\\f\\r\\t\\\\\"}",
            "{\"a\":-0.0e-0}", "{\"a\":{\"b\":{\"c\":[[[]]]}}}", "{\"a\":1,\"a\":2}", "{\"\u2028\":\"\uD83D\uDE00\"}"})
    void acceptsWellFormedObjects(String text) {
        assertThat(JsonSyntax.isObject(text)).isTrue();
        assertThat(jackson(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "[]", "\"text\"", "42", "null", "{", "}", "{\"a\":1", "{\"a\":1}{}", "{\"a\":1} x",
            "{a:1}", "{'a':1}", "{\"a\":tru}", "{\"a\":truex}", "{\"a\":1,}", "{,}", "{\"a\"}", "{\"a\" 1}", "{\"a\":[1,]}",
            "{\"a\":[1 2]}", "{\"a\":01}", "{\"a\":-}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":+1}", "{\"a\":1e}", "{\"a\":NaN}",
            "{\"a\":\"\\x\"}", "{\"a\":\"\\u12G4\"}", "{\"a\":\"\\u\u0660\u0660\u0664\uFF21\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"line\nbreak\"}", "{\"a\":\"open}",
            "{\"a\":[}", "{\"a\":{]}", "{\"a\":1]", "[DONE]", "{/* no */}"})
    void refusesEverythingElse(String text) {
        assertThat(JsonSyntax.isObject(text)).isFalse();
        assertThat(jackson(text)).isFalse();
    }

    @Test
    void nestsAsDeepAsTheParserAndNoDeeper() {
        assertThat(JsonSyntax.isObject(nested(JsonSyntax.MAX_DEPTH))).isTrue();
        assertThat(jackson(nested(JsonSyntax.MAX_DEPTH))).isTrue();
        assertThat(JsonSyntax.isObject(nested(JsonSyntax.MAX_DEPTH + 1))).isFalse();
        assertThat(jackson(nested(JsonSyntax.MAX_DEPTH + 1))).isFalse();
        // Objects and arrays alternate past the first 64 levels too.
        assertThat(JsonSyntax.isObject(nested(200).replace("[]", "[1]"))).isTrue();
        assertThat(JsonSyntax.isObject(nested(200).replace("]}", "}]"))).isFalse();
    }

    @Test
    void agreesWithTheParserOnEveryMutationOfARealChunk() {
        var random = new SplittableRandom(8);
        var symbols = "{}[]\":,\\ 0123456789.eE+-tfnul\n\tax";
        var disagreements = new ArrayList<String>();
        int accepted = 0;
        for (int round = 0; round < 50_000; round++) {
            var text = new StringBuilder(CHUNK);
            for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
                int at = random.nextInt(text.length() + 1);
                char symbol = symbols.charAt(random.nextInt(symbols.length()));
                switch (random.nextInt(3)) {
                    case 0 -> text.insert(at, symbol);
                    case 1 -> { if (at < text.length()) text.deleteCharAt(at); }
                    default -> { if (at < text.length()) text.setCharAt(at, symbol); }
                }
            }
            var mutated = text.toString();
            boolean ours = JsonSyntax.isObject(mutated);
            if (ours != jackson(mutated)) {
                disagreements.add(mutated);
            }
            accepted += ours ? 1 : 0;
        }
        assertThat(disagreements).isEmpty();
        // Both outcomes were exercised, not only refusals.
        assertThat(accepted).isBetween(1_000, 49_000);
    }

    /** Objects and arrays in turn, {@code depth} levels in all, an object outermost. */
    private static String nested(int depth) {
        var text = new StringBuilder();
        for (int level = 0; level < depth - 1; level++) {
            text.append(level % 2 == 0 ? "{\"k\":" : "[");
        }
        text.append((depth - 1) % 2 == 0 ? "{}" : "[]");
        for (int level = depth - 2; level >= 0; level--) {
            text.append(level % 2 == 0 ? "}" : "]");
        }
        return text.toString();
    }

    private static boolean jackson(String text) {
        try (var parser = JACKSON.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }
}
