package dev.warden.gateway.decisionlog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.warden.gateway.json.PooledJson;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SpoolFormatTests {

    private final ObjectMapper json = PooledJson.mapper().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    @Test
    void writesTheDocumentJacksonWritesForEveryField() throws Exception {
        for (var record : List.of(DecisionRecords.full(UUID.randomUUID()), DecisionRecords.sparse(Instant.now()))) {
            var written = SpoolFormat.write(record);

            assertThat(json.readTree(written)).isEqualTo(json.readTree(json.writeValueAsBytes(record)));
            assertThat(json.readValue(written, DecisionRecord.class)).isEqualTo(record);
        }
    }

    @Test
    void leavesTheReservedBytesFreeAndWritesTheSameDocumentAfterThem() {
        var record = DecisionRecords.full(UUID.randomUUID());
        var reserved = new byte[] {1, 2, 3, 4, 5, 6, 7, 8};

        var buffer = SpoolFormat.write(record, reserved.length);
        System.arraycopy(reserved, 0, buffer.array(), 0, reserved.length); // what the spool does with them

        assertThat(Arrays.copyOfRange(buffer.array(), reserved.length, buffer.size())).isEqualTo(SpoolFormat.write(record));
        assertThat(buffer.toByteArray()).isEqualTo(SpoolFormat.write(record));
    }

    @Test
    void escapesWhatJsonMustEscape() throws Exception {
        var awkward = new DecisionRecord(UUID.randomUUID(), Instant.now(), null, "/v1/chat/completions", false, null, null, null,
                null, 400, "rejected", "bad", "quote \" backslash \\ newline \n nul \u0000 bell \u0007 emoji 🙂", null, false,
                List.of(), null, null, 1, 1, null, null, null, null, null, null, null, "</script>", null, null);

        assertThat(json.readValue(SpoolFormat.write(awkward), DecisionRecord.class)).isEqualTo(awkward);
    }

    @Test
    void writesEveryControlCharacterAndNonAsciiTextAsJsonThatReadsBackEqual() throws Exception {
        var text = new StringBuilder("tab \t cr \r unit separator \u001f delete \u007f é 日本 ");
        for (char c = 0; c < 0x20; c++) {
            text.append(c);
        }
        var record = awkwardReason(text.toString());

        var written = SpoolFormat.write(record);

        assertThat(json.readValue(written, DecisionRecord.class)).isEqualTo(record);
        assertThat(new String(written, java.nio.charset.StandardCharsets.UTF_8)).contains("\\u001f", "é 日本");
    }

    @Test
    void aLoneSurrogateDoesNotMakeTheRecordUnwritable() throws Exception {
        // Jackson's generator refuses a split surrogate, which would have lost the whole record.
        var record = awkwardReason("model \ud800 name");

        var read = json.readValue(SpoolFormat.write(record), DecisionRecord.class);

        assertThat(read.reason()).isEqualTo("model ? name");
    }

    @Test
    void labelsAndRedactionKindsAreEscapedAsFieldNames() throws Exception {
        var record = new DecisionRecord(UUID.randomUUID(), Instant.now(), null, "/v1/chat/completions", false, null, null, null,
                null, 200, "ok", null, null, null, false, List.of(), null, null, 1, 1, null, null, null,
                java.util.Map.of("quote\"key", "v\\1", "plain", "x"), List.of("a\"flag"), java.util.Map.of("kind\n", 2),
                null, null, null, null);

        assertThat(json.readValue(SpoolFormat.write(record), DecisionRecord.class)).isEqualTo(record);
    }

    private static DecisionRecord awkwardReason(String reason) {
        return new DecisionRecord(UUID.randomUUID(), Instant.now(), null, "/v1/chat/completions", false, null, null, null,
                null, 400, "rejected", "bad", reason, null, false, List.of(), null, null, 1.5, 0.25, Double.valueOf(3), null, null,
                null, null, null, new java.math.BigDecimal("0.000125"), null, null, null);
    }
}
