package dev.warden.gateway.decisionlog;

import java.util.Map;

/**
 * The JSON a decision record is spooled as: the same document Jackson's mapper writes for a
 * {@link DecisionRecord} (dates as ISO-8601 text), written field by field into a
 * {@link JsonBuffer}. Every request's record is written on that request's thread: Jackson's bean
 * serialiser cost about a tenth of a request's CPU, and its generator, driven field by field,
 * still cost a tenth (nesting-context checks and a character-by-character string encoder). The
 * shipper reads it back with the mapper when it must, and PostgreSQL reads its fields by these
 * names; a test holds it equal to the mapper's output.
 */
final class SpoolFormat {

    private SpoolFormat() {
    }

    /** Most records fit (a record with four matched rules and two labels is about 1,150 bytes); larger ones carry bodies. */
    private static final int TYPICAL_BYTES = 2048;

    static byte[] write(DecisionRecord record) {
        return write(record, 0).toByteArray();
    }

    /**
     * The record's JSON after {@code reserved} free bytes, where the spool writes its frame's
     * header: the record then goes to the spool from this buffer, not through two more copies.
     */
    static JsonBuffer write(DecisionRecord record, int reserved) {
        var json = new JsonBuffer(TYPICAL_BYTES, reserved).startObject();
        json.name("id").uuid(record.id());
        json.name("createdAt").instant(record.createdAt());
        var principal = record.principal();
        json.name("principal");
        if (principal == null) {
            json.nullValue();
        } else {
            json.startObject();
            json.name("keyId").uuid(principal.keyId());
            json.name("team").string(principal.team());
            json.name("user").string(principal.user());
            json.name("keyName").string(principal.keyName());
            json.endObject();
        }
        json.name("endpoint").string(record.endpoint());
        json.name("stream").bool(record.stream());
        json.name("modelRequested").string(record.modelRequested());
        json.name("route").string(record.route());
        json.name("provider").string(record.provider());
        json.name("modelUsed").string(record.modelUsed());
        json.name("status").number(record.status());
        json.name("outcome").string(record.outcome());
        json.name("errorType").string(record.errorType());
        json.name("reason").string(record.reason());
        json.name("bundleRevision").string(record.bundleRevision());
        json.name("fallbackUsed").bool(record.fallbackUsed());
        json.name("attempts");
        if (record.attempts() == null) {
            json.nullValue();
        } else {
            json.startArray();
            for (var attempt : record.attempts()) {
                json.startObject();
                json.name("provider").string(attempt.provider());
                json.name("model").string(attempt.model());
                json.name("status").number(attempt.status());
                json.name("error").string(attempt.error());
                json.name("latencyMs").number(attempt.latencyMs());
                json.endObject();
            }
            json.endArray();
        }
        json.name("tokensIn").number(record.tokensIn());
        json.name("tokensOut").number(record.tokensOut());
        json.name("latencyMs").number(record.latencyMs());
        json.name("overheadMs").number(record.overheadMs());
        json.name("ttftMs").number(record.ttftMs());
        json.name("gitCommit").string(record.gitCommit());
        json.name("matchedRules").startArray();
        for (var match : record.matchedRules()) {
            json.startObject();
            json.name("rule").string(match.rule());
            json.name("action").string(match.action());
            json.name("mode").string(match.mode() == null ? null : match.mode().name());
            json.name("enforced").bool(match.enforced());
            json.endObject();
        }
        json.endArray();
        json.name("labels");
        strings(json, record.labels());
        json.name("auditFlags").startArray();
        for (var flag : record.auditFlags()) {
            json.string(flag);
        }
        json.endArray();
        json.name("redactions").startObject();
        for (var count : record.redactions().entrySet()) {
            json.escapedName(count.getKey()).number(count.getValue());
        }
        json.endObject();
        json.name("costUsd").number(record.costUsd());
        json.name("requestBody").string(record.requestBody());
        json.name("responseBody").string(record.responseBody());
        json.name("intent").string(record.intent());
        return json.endObject();
    }

    private static void strings(JsonBuffer json, Map<String, String> values) {
        json.startObject();
        for (var entry : values.entrySet()) {
            json.escapedName(entry.getKey()).string(entry.getValue());
        }
        json.endObject();
    }
}
