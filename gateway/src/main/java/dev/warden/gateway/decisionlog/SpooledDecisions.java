package dev.warden.gateway.decisionlog;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A batch of decision records as the spool holds them: each the JSON of one {@link DecisionRecord}.
 * A writer that can store the JSON as it is (PostgreSQL can) never decodes it; {@link #records()}
 * decodes on demand, skipping and reporting a payload that cannot be read back.
 */
final class SpooledDecisions {

    private final List<byte[]> payloads;
    private final ObjectMapper json;
    private final Consumer<IOException> unreadable;
    private List<DecisionRecord> records;

    SpooledDecisions(List<byte[]> payloads, ObjectMapper json, Consumer<IOException> unreadable) {
        this.payloads = List.copyOf(payloads);
        this.json = json;
        this.unreadable = unreadable;
    }

    /** The records' JSON, in spool order. */
    List<byte[]> payloads() {
        return payloads;
    }

    int size() {
        return payloads.size();
    }

    /** The records decoded, once; a payload that does not decode is reported and left out. */
    List<DecisionRecord> records() {
        if (records == null) {
            var decoded = new ArrayList<DecisionRecord>(payloads.size());
            for (var payload : payloads) {
                try {
                    decoded.add(json.readValue(payload, DecisionRecord.class));
                } catch (IOException e) {
                    unreadable.accept(e);
                }
            }
            records = List.copyOf(decoded);
        }
        return records;
    }
}
