package dev.warden.gateway.decisionlog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.warden.gateway.json.PooledJson;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SpoolFormatTests {

    private final ObjectMapper json = PooledJson.mapper().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    private final SpoolFormat format = new SpoolFormat(json.getFactory());

    @Test
    void writesTheDocumentJacksonWritesForEveryField() throws Exception {
        for (var record : List.of(DecisionRecords.full(UUID.randomUUID()), DecisionRecords.sparse(Instant.now()))) {
            var written = format.write(record);

            assertThat(json.readTree(written)).isEqualTo(json.readTree(json.writeValueAsBytes(record)));
            assertThat(json.readValue(written, DecisionRecord.class)).isEqualTo(record);
        }
    }

    @Test
    void escapesWhatJsonMustEscape() throws Exception {
        var awkward = new DecisionRecord(UUID.randomUUID(), Instant.now(), null, "/v1/chat/completions", false, null, null, null,
                null, 400, "rejected", "bad", "quote \" backslash \\ newline \n nul \u0000 bell \u0007 emoji 🙂", null, false,
                List.of(), null, null, 1, 1, null, null, null, null, null, null, null, "</script>", null, null);

        assertThat(json.readValue(format.write(awkward), DecisionRecord.class)).isEqualTo(awkward);
    }
}
