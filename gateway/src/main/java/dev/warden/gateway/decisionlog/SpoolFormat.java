package dev.warden.gateway.decisionlog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The JSON a decision record is spooled as: the same document Jackson's mapper writes for a
 * {@link DecisionRecord} (dates as ISO-8601 text), written field by field. Every request's record
 * is written on that request's thread, and the bean serialiser's per-property dispatch cost about
 * a tenth of a request's CPU. The shipper reads it back with the mapper when it must, and
 * PostgreSQL reads its fields by these names; a test holds it equal to the mapper's output.
 */
final class SpoolFormat {

    private final JsonFactory factory;

    SpoolFormat(JsonFactory factory) {
        this.factory = factory;
    }

    byte[] write(DecisionRecord record) throws IOException {
        var out = new ByteArrayOutputStream(1024);
        try (var g = factory.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("id", record.id().toString());
            g.writeStringField("createdAt", record.createdAt().toString());
            var principal = record.principal();
            if (principal == null) {
                g.writeNullField("principal");
            } else {
                g.writeObjectFieldStart("principal");
                string(g, "keyId", principal.keyId() == null ? null : principal.keyId().toString());
                string(g, "team", principal.team());
                string(g, "user", principal.user());
                string(g, "keyName", principal.keyName());
                g.writeEndObject();
            }
            string(g, "endpoint", record.endpoint());
            g.writeBooleanField("stream", record.stream());
            string(g, "modelRequested", record.modelRequested());
            string(g, "route", record.route());
            string(g, "provider", record.provider());
            string(g, "modelUsed", record.modelUsed());
            g.writeNumberField("status", record.status());
            string(g, "outcome", record.outcome());
            string(g, "errorType", record.errorType());
            string(g, "reason", record.reason());
            string(g, "bundleRevision", record.bundleRevision());
            g.writeBooleanField("fallbackUsed", record.fallbackUsed());
            if (record.attempts() == null) {
                g.writeNullField("attempts");
            } else {
                g.writeArrayFieldStart("attempts");
                for (var attempt : record.attempts()) {
                    g.writeStartObject();
                    string(g, "provider", attempt.provider());
                    string(g, "model", attempt.model());
                    g.writeNumberField("status", attempt.status());
                    string(g, "error", attempt.error());
                    g.writeNumberField("latencyMs", attempt.latencyMs());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            integer(g, "tokensIn", record.tokensIn());
            integer(g, "tokensOut", record.tokensOut());
            g.writeNumberField("latencyMs", record.latencyMs());
            g.writeNumberField("overheadMs", record.overheadMs());
            if (record.ttftMs() == null) {
                g.writeNullField("ttftMs");
            } else {
                g.writeNumberField("ttftMs", record.ttftMs());
            }
            string(g, "gitCommit", record.gitCommit());
            g.writeArrayFieldStart("matchedRules");
            for (var match : record.matchedRules()) {
                g.writeStartObject();
                string(g, "rule", match.rule());
                string(g, "action", match.action());
                string(g, "mode", match.mode() == null ? null : match.mode().name());
                g.writeBooleanField("enforced", match.enforced());
                g.writeEndObject();
            }
            g.writeEndArray();
            stringMap(g, "labels", record.labels());
            strings(g, "auditFlags", record.auditFlags());
            g.writeObjectFieldStart("redactions");
            for (var count : record.redactions().entrySet()) {
                integer(g, count.getKey(), count.getValue());
            }
            g.writeEndObject();
            if (record.costUsd() == null) {
                g.writeNullField("costUsd");
            } else {
                g.writeNumberField("costUsd", record.costUsd());
            }
            string(g, "requestBody", record.requestBody());
            string(g, "responseBody", record.responseBody());
            string(g, "intent", record.intent());
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    private static void string(JsonGenerator g, String name, String value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeStringField(name, value);
        }
    }

    private static void integer(JsonGenerator g, String name, Integer value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, value.intValue());
        }
    }

    private static void stringMap(JsonGenerator g, String name, Map<String, String> values) throws IOException {
        g.writeObjectFieldStart(name);
        for (var entry : values.entrySet()) {
            string(g, entry.getKey(), entry.getValue());
        }
        g.writeEndObject();
    }

    private static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (var value : values) {
            g.writeString(value);
        }
        g.writeEndArray();
    }
}
