package dev.warden.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one-pass scan against the strict parser it stands in for, which is the gateway's own. */
class CompletionBytesTests {

    private static final JsonFactory PARSER = new WireJson().mapper().getFactory();

    @ParameterizedTest
    @ValueSource(strings = {
            """
            {"id":"chatcmpl-1","object":"chat.completion","created":1767225600,"model":"gpt-4o-mini","choices":[{"index":0,\
            "message":{"role":"assistant","content":"Hello! \\"Quoted\\", a tab\\t, \\u00e9 and \\ud83d\\ude00."},"logprobs":null,\
            "finish_reason":"stop"}],"usage":{"prompt_tokens":19,"completion_tokens":22,"total_tokens":41}}""",
            """
            {
              "id": "chatcmpl-2",
              "choices": [{"index": 0, "message": {"role": "assistant", "content": null, "tool_calls": [{"id": "call_1",
                "type": "function", "function": {"name": "get_weather", "arguments": "{\\"city\\":\\"Zürich\\"}"}}]},
                "logprobs": {"content": [{"token": "中文", "logprob": -0.25e-3, "bytes": [228, 184, 173]}]},
                "finish_reason": "tool_calls"}],
              "usage": {"prompt_tokens": 0, "completion_tokens": -0, "prompt_tokens_details": {"cached_tokens": 3}},
              "note": "emoji 😀 and 𝄞", "flags": [true, false, null, 1.5E+10, -0.0, 123456789012345678901234567890]
            }
            """,
            "{\"choices\":[]}",
            "{\"usage\":null}",
            "{\"usage\":{}}",
            "{\"usage\":[1,2]}",
            "{\"choices\":[{\"usage\":{\"prompt_tokens\":99}}],\"usage\":{\"completion_tokens\":999999999}}"})
    void decidesTheUsualCompletionsAsTheParserDoes(String body) {
        var bytes = body.getBytes(StandardCharsets.UTF_8);

        assertThat(CompletionBytes.scan(bytes)).isNotNull().isEqualTo(CompletionScan.parsed(bytes, PARSER));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"us\\u0061ge\":{\"prompt_tokens\":1}}",
            "{\"a\":1,\"a\":2}",
            "{\"x\":{\"b\":[{\"c\":1,\"c\":1}]}}",
            "{\"usage\":{\"prompt_tokens\":12.0}}",
            "{\"usage\":{\"prompt_tokens\":1e1}}",
            "{\"usage\":{\"prompt_tokens\":2147483647}}",
            "{\"usage\":{\"prompt_tokens\":\"12\"}}",
            "{\"usage\":{\"prompt_tokens\":null}}",
            "\uFEFF{\"a\":1}",
            "{\"a\":1,}",
            "{\"a\":[1,]}",
            "{\"a\":01}",
            "{\"a\":tru}",
            "{\"a\":truex}",
            "{\"a\":1} x",
            "{\"a\":\"\\x\"}",
            "{\"a\":\"\\u12G4\"}",
            "{\"a\":\"tab\tinside\"}",
            "[1]",
            "",
            "{\"a\":1"})
    void leavesEverythingElseToTheParser(String body) {
        assertThat(CompletionBytes.scan(body.getBytes(StandardCharsets.UTF_8))).isNull();
    }

    @Test
    void leavesMalformedUtf8DeepNestingAndHugeNumbersToTheParser() {
        for (var bytes : new byte[][] {
                {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0x80, '"', '}'},
                {'{', '"', 'a', '"', ':', '"', (byte) 0x80, '"', '}'},
                {'{', '"', 'a', '"', ':', '"', (byte) 0xE2, (byte) 0x82, '"', '}'},
                {'{', '"', 'a', '"', ':', '"', (byte) 0xE0, (byte) 0x80, (byte) 0x80, '"', '}'},
                {'{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'},
                {'{', '"', 'a', '"', ':', '"', (byte) 0xF0, (byte) 0x80, (byte) 0x80, (byte) 0x80, '"', '}'},
                {'{', '"', 'a', '"', ':', '"', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"', '}'},
                {'{', '"', (byte) 0xFF, '"', ':', '1', '}'}}) {
            assertThat(CompletionBytes.scan(bytes)).as(Arrays.toString(bytes)).isNull();
        }
        var deep = "{\"a\":" + "[".repeat(70) + "]".repeat(70) + "}";
        assertThat(CompletionBytes.scan(deep.getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(CompletionScan.of(deep.getBytes(StandardCharsets.UTF_8), PARSER)).isEqualTo(new CompletionScan(false, null, null));
        var huge = "{\"a\":" + "9".repeat(101) + "}";
        assertThat(CompletionBytes.scan(huge.getBytes(StandardCharsets.UTF_8))).isNull();
    }

    /**
     * Random completions, and the same with a few bytes changed, added or cut: whenever the scan
     * answers, the parser answers the same; and it answers every clean one.
     */
    @Test
    void answersOnlyWhatTheParserWouldAnswerOnRandomBodies() {
        var random = new Random(20261206);
        int decidedMutants = 0;
        for (int round = 0; round < 20_000; round++) {
            boolean clean = round % 2 == 0;
            var bytes = new Generator(random, clean).completion().getBytes(StandardCharsets.UTF_8);
            var parsed = CompletionScan.parsed(bytes, PARSER);
            var scanned = CompletionBytes.scan(bytes);
            if (clean) {
                assertThat(scanned).as(new String(bytes, StandardCharsets.UTF_8)).isNotNull().isEqualTo(parsed);
            } else if (scanned != null) {
                assertThat(scanned).as(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(parsed);
            }
            var mutant = mutate(bytes, random);
            var mutantScan = CompletionBytes.scan(mutant);
            if (mutantScan != null) {
                decidedMutants++;
                assertThat(mutantScan).as(new String(mutant, StandardCharsets.ISO_8859_1)).isEqualTo(CompletionScan.parsed(mutant, PARSER));
            }
        }
        assertThat(decidedMutants).as("mutants the scan still answered, so that they test something").isGreaterThan(1_000);
    }

    private static byte[] mutate(byte[] bytes, Random random) {
        byte[] interesting = {'{', '}', '[', ']', ',', ':', '"', '\\', '0', '7', '-', 'e', '.', ' ', 'u', 'a',
                (byte) 0x80, (byte) 0xC3, (byte) 0xE2, (byte) 0xF0, (byte) 0xFF, 0x00, 0x1F};
        byte[] out = bytes;
        for (int edits = 1 + random.nextInt(3); edits > 0 && out.length > 1; edits--) {
            int at = random.nextInt(out.length);
            byte b = interesting[random.nextInt(interesting.length)];
            out = switch (random.nextInt(4)) {
                case 0 -> {
                    var copy = out.clone();
                    copy[at] = b;
                    yield copy;
                }
                case 1 -> concat(Arrays.copyOfRange(out, 0, at), Arrays.copyOfRange(out, at + 1, out.length));
                case 2 -> concat(Arrays.copyOfRange(out, 0, at), new byte[] {b}, Arrays.copyOfRange(out, at, out.length));
                default -> Arrays.copyOfRange(out, 0, at);
            };
        }
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (var part : parts) {
            length += part.length;
        }
        var out = new byte[length];
        int at = 0;
        for (var part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    /**
     * Writes random JSON completions. Clean ones stay inside the scan's case; the others may repeat
     * or escape names and write counts in forms the scan leaves to the parser.
     */
    private static final class Generator {

        private static final String[] NAMES = {"id", "choices", "message", "content", "usage", "prompt_tokens",
                "completion_tokens", "total_tokens", "index", "é名", "x"};
        private static final String[] NUMBERS = {"0", "-0", "7", "-12", "19", "999999999", "1.5", "-0.25", "2e3", "1E+2",
                "3.0e-4", "123456789012345678901234567890", "2147483648"};
        private static final String[] COUNTS = {"0", "12", "-3", "999999999", "12.0", "1e2", "2147483647", "\"12\"", "null",
                "{\"n\":1}", "[1]", "true", "1234567890"};

        private final Random random;
        private final boolean clean;
        private final StringBuilder out = new StringBuilder();

        Generator(Random random, boolean clean) {
            this.random = random;
            this.clean = clean;
        }

        String completion() {
            space();
            out.append('{');
            var names = new HashSet<String>();
            int members = random.nextInt(5);
            boolean first = true;
            for (int k = 0; k < members; k++) {
                first = comma(first);
                var name = pick(NAMES);
                // A clean body's usage is only ever the one written below.
                name(clean && name.equals("usage") ? "id" : name, names);
                value(1);
            }
            if (random.nextInt(3) > 0) {
                first = comma(first);
                name("usage", names);
                usage();
            }
            out.append('}');
            space();
            return out.toString();
        }

        private void usage() {
            if (!clean && random.nextInt(6) == 0) {
                value(1);
                return;
            }
            out.append('{');
            var names = new HashSet<String>();
            boolean first = true;
            for (int k = random.nextInt(4); k >= 0; k--) {
                first = comma(first);
                var name = pick(new String[] {"prompt_tokens", "completion_tokens", "total_tokens", "prompt_tokens_details"});
                name(name, names);
                if (name.endsWith("_details")) {
                    value(2);
                } else {
                    out.append(clean ? pick(new String[] {"0", "12", "-3", "999999999", "-0"}) : pick(COUNTS));
                }
            }
            space();
            out.append('}');
        }

        private void value(int depth) {
            space();
            int kind = depth > 6 ? 3 + random.nextInt(3) : random.nextInt(6);
            switch (kind) {
                case 0 -> {
                    out.append('{');
                    var names = new HashSet<String>();
                    boolean first = true;
                    for (int k = random.nextInt(4); k > 0; k--) {
                        first = comma(first);
                        name(pick(NAMES), names);
                        value(depth + 1);
                    }
                    space();
                    out.append('}');
                }
                case 1 -> {
                    out.append('[');
                    boolean first = true;
                    for (int k = random.nextInt(4); k > 0; k--) {
                        first = comma(first);
                        value(depth + 1);
                    }
                    space();
                    out.append(']');
                }
                case 2 -> out.append(pick(new String[] {"true", "false", "null"}));
                case 3 -> out.append(pick(NUMBERS));
                default -> string();
            }
            space();
        }

        private void name(String name, Set<String> taken) {
            space();
            if (clean) {
                while (!taken.add(name)) {
                    name = name + random.nextInt(10);
                }
                out.append('"').append(name).append('"');
            } else if (random.nextInt(8) == 0 && name.length() > 1) {
                out.append('"').append(String.format("\\u%04x", (int) name.charAt(0))).append(name, 1, name.length()).append('"');
            } else {
                out.append('"').append(name).append('"');
            }
            space();
            out.append(':');
        }

        private void string() {
            out.append('"');
            for (int k = random.nextInt(12); k > 0; k--) {
                switch (random.nextInt(8)) {
                    case 0 -> out.append(pick(new String[] {"\\n", "\\\"", "\\\\", "\\/", "\\t", "\\b", "\\f", "\\r"}));
                    case 1 -> out.append(String.format("\\u%04X", random.nextInt(0x10000)));
                    case 2 -> out.append(pick(new String[] {"é", "中", "😀", "𝄞", "\u007f", "\u2028", "\uFFFF"}));
                    default -> out.append((char) ('a' + random.nextInt(26)));
                }
            }
            out.append('"');
        }

        private boolean comma(boolean first) {
            if (!first) {
                space();
                out.append(',');
            }
            return false;
        }

        private void space() {
            if (random.nextInt(4) == 0) {
                out.append(pick(new String[] {" ", "\n", "\r\n  ", "\t"}));
            }
        }

        private String pick(String[] options) {
            return options[random.nextInt(options.length)];
        }
    }
}
