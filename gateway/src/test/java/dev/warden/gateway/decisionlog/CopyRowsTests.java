package dev.warden.gateway.decisionlog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CopyRowsTests {

    private static final List<String> COLUMNS = Arrays.stream(CopyRows.COLUMNS.split(",")).map(String::strip).toList();

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void writesEveryFieldOfASpooledRecordInColumnOrder() throws Exception {
        var record = DecisionRecords.full(UUID.randomUUID());

        var row = row(SpoolFormat.write(record));

        assertThat(row).hasSize(COLUMNS.size());
        assertThat(column(row, "id")).isEqualTo(record.id().toString());
        assertThat(Instant.parse(column(row, "created_at"))).isEqualTo(record.createdAt());
        assertThat(column(row, "key_id")).isEqualTo(record.principal().keyId().toString());
        assertThat(column(row, "team")).isEqualTo("payments");
        assertThat(column(row, "user_id")).isEqualTo("ana@example.com");
        assertThat(column(row, "stream")).isEqualTo("t");
        assertThat(column(row, "status")).isEqualTo("200");
        assertThat(column(row, "error_type")).isNull();
        assertThat(Double.parseDouble(column(row, "ttft_ms"))).isEqualTo(1.0E-4);
        assertThat(column(row, "cost_usd")).isEqualTo("0.00012345");
        assertThat(json.readTree(column(row, "labels"))).isEqualTo(json.valueToTree(record.labels()));
        assertThat(json.readTree(column(row, "attempts")).size()).isEqualTo(2);
        assertThat(column(row, "request_body")).isEqualTo(record.requestBody());
        assertThat(column(row, "response_body")).isEqualTo("line one\nline two\ttabbed");
        assertThat(column(row, "intent")).isEqualTo("explain");
    }

    @Test
    void givesAbsentAndNullFieldsTheColumnsDefaults() {
        var row = row(SpoolFormat.write(DecisionRecords.sparse(Instant.now())));

        assertThat(column(row, "key_id")).isNull();
        assertThat(column(row, "team")).isNull();
        assertThat(column(row, "stream")).isEqualTo("f");
        assertThat(column(row, "fallback_used")).isEqualTo("f");
        assertThat(column(row, "attempts")).isEqualTo("[]");
        assertThat(column(row, "matched_rules")).isEqualTo("[]");
        assertThat(column(row, "labels")).isEqualTo("{}");
        assertThat(column(row, "audit_flags")).isEqualTo("[]");
        assertThat(column(row, "redactions")).isEqualTo("{}");
        assertThat(column(row, "tokens_in")).isNull();

        var minimal = row(bytes("{\"id\":\"x\",\"status\":400}"));
        assertThat(column(minimal, "stream")).isEqualTo("f");
        assertThat(column(minimal, "attempts")).isEqualTo("[]");
        assertThat(column(minimal, "endpoint")).isNull();
    }

    @Test
    void unescapesJsonStringsAndEscapesThemForCopy() {
        var row = row(bytes("{\"reason\":\"tab\\t nl\\n cr\\r back\\\\ quote\\\" slash\\/ bell\\u0007 pair\\ud83d\\ude42 raw🙂 é\\u00e9"
                + " lone\\ud800 nul\\u0000 bs\\u005c\"}"));

        assertThat(column(row, "reason"))
                .isEqualTo("tab\t nl\n cr\r back\\ quote\" slash/ bell\u0007 pair🙂 raw🙂 éé lone\uFFFD nul\uFFFD bs\\");
    }

    @Test
    void keepsJsonColumnsAsJsonWithBackslashesEscapedForCopy() throws Exception {
        var row = row(bytes("{\"labels\":{\"a\\\"b\":\"c\\\\d\\n\",\"nul\":\"x\\u0000y\",\"not-nul\":\"\\\\u0000\"}, \"attempts\" : [ 1 ,\n2 ]}"));

        assertThat(column(row, "labels")).isEqualTo("{\"a\\\"b\":\"c\\\\d\\n\",\"nul\":\"x\\uFFFDy\",\"not-nul\":\"\\\\u0000\"}");
        assertThat(json.readTree(column(row, "labels")).get("a\"b").asText()).isEqualTo("c\\d\n");
        assertThat(json.readTree(column(row, "labels")).get("not-nul").asText()).isEqualTo("\\u0000");
        assertThat(json.readTree(column(row, "attempts"))).isEqualTo(json.readTree("[1,2]"));
    }

    @Test
    void takesFieldsInAnyOrderSkipsUnknownOnesAndKeepsTheLastOfARepeatedOne() {
        var row = row(bytes("{\"future\":{\"deep\":[true,null,{\"x\":1.5e3}]},\"status\":200,\"principal\":{\"team\":\"a\",\"keyName\":\"k\"},"
                + "\"principal\":{\"user\":\"u\"},\"id\":\"first\",\"id\":\"second\"}"));

        assertThat(column(row, "id")).isEqualTo("second");
        assertThat(column(row, "status")).isEqualTo("200");
        assertThat(column(row, "team")).as("the second principal replaces the first").isNull();
        assertThat(column(row, "user_id")).isEqualTo("u");
    }

    @Test
    void refusesARecordOfAnotherShapeAndKeepsTheRowsBeforeIt() {
        var rows = new CopyRows(16);
        assertThat(rows.append(SpoolFormat.write(DecisionRecords.sparse(Instant.now())))).isTrue();
        int length = rows.length();

        for (var refused : List.of("{\"status\":\"200\"}", "{\"endpoint\":5}", "{\"principal\":{\"team\":[]}}", "{\"stream\":1}",
                "{\"labels\":\"a\"}", "{\"principal\":\"me\"}", "{\"id\":\"x\"", "{\"id\":\"x\"} trailing", "[1]", "",
                "{\"reason\":\"a\u0001b\"}", "{\"status\":01}", "{\"id\":\"\\x\"}", "{\"future\":" + "[".repeat(100) + "]".repeat(100) + "}")) {
            assertThat(rows.append(bytes(refused))).as(refused).isFalse();
            assertThat(rows.length()).as(refused).isEqualTo(length);
        }
        assertThat(rows(Arrays.copyOf(rows.bytes(), rows.length()))).hasSize(1);
    }

    @Test
    void appendsOneLinePerRecordGrowingAsItMust() {
        var rows = new CopyRows(8);
        var records = List.of(DecisionRecords.full(UUID.randomUUID()), DecisionRecords.sparse(Instant.now()),
                DecisionRecords.full(UUID.randomUUID()));
        for (var record : records) {
            assertThat(rows.append(SpoolFormat.write(record))).isTrue();
        }

        var parsed = rows(Arrays.copyOf(rows.bytes(), rows.length()));
        assertThat(parsed).extracting(row -> column(row, "id")).containsExactlyElementsOf(records.stream().map(r -> r.id().toString()).toList());
        rows.clear();
        assertThat(rows.length()).isZero();
    }

    @Test
    void writesTheMapsOfAFullRecordAsJsonThatReadsBackEqual() throws Exception {
        var record = new DecisionRecord(UUID.randomUUID(), Instant.now(), null, "/v1/chat/completions", false, null, null, null,
                null, 200, "ok", null, null, null, false, List.of(), null, null, 1, 1, null, null, List.of(),
                Map.of("tab\tkey", "new\nline", "back\\slash", "\u0000"), List.of("a\"b"), Map.of("e\u0000mail", 3), null, null, null, null);

        var row = row(SpoolFormat.write(record));

        assertThat(json.readTree(column(row, "labels"))).isEqualTo(json.readTree("{\"tab\\tkey\":\"new\\nline\",\"back\\\\slash\":\"\\uFFFD\"}"));
        assertThat(json.readTree(column(row, "audit_flags"))).isEqualTo(json.readTree("[\"a\\\"b\"]"));
        assertThat(json.readTree(column(row, "redactions"))).isEqualTo(json.readTree("{\"e\\uFFFDmail\":3}"));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> row(byte[] record) {
        var rows = new CopyRows(64);
        assertThat(rows.append(record)).as(new String(record, StandardCharsets.UTF_8)).isTrue();
        var parsed = rows(Arrays.copyOf(rows.bytes(), rows.length()));
        assertThat(parsed).hasSize(1);
        return parsed.getFirst();
    }

    private static String column(List<String> row, String name) {
        return row.get(COLUMNS.indexOf(name));
    }

    /** COPY's text format read as PostgreSQL reads it: a row a line, tab between columns, \N for null, backslash escapes. */
    private static List<List<String>> rows(byte[] copy) {
        var rows = new ArrayList<List<String>>();
        var row = new ArrayList<String>();
        var value = new ByteArrayOutputStream();
        boolean isNull = false;
        for (int i = 0; i < copy.length; i++) {
            byte b = copy[i];
            if (b == '\t' || b == '\n') {
                row.add(isNull ? null : value.toString(StandardCharsets.UTF_8));
                value.reset();
                isNull = false;
                if (b == '\n') {
                    rows.add(row);
                    row = new ArrayList<>();
                }
            } else if (b == '\\') {
                byte escape = copy[++i];
                switch (escape) {
                    case 'N' -> isNull = true;
                    case 'n' -> value.write('\n');
                    case 'r' -> value.write('\r');
                    case 't' -> value.write('\t');
                    case 'b' -> value.write('\b');
                    case 'f' -> value.write('\f');
                    case '\\' -> value.write('\\');
                    default -> throw new AssertionError("an escape COPY would not read as meant: \\" + (char) escape);
                }
            } else {
                assertThat(b).as("a raw tab, newline or carriage return inside a value").isNotEqualTo((byte) '\r');
                value.write(b);
            }
        }
        assertThat(row).as("the last row ends with a newline").isEmpty();
        return rows;
    }
}
