package dev.warden.gateway.control;

import dev.warden.gateway.decisionlog.DecisionRecord;
import dev.warden.policy.RuleMatch;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Decision records as CSV rows (RFC 4180 quoting), for spreadsheets and billing tools. */
final class DecisionCsv {

    static final String HEADER = "id,created_at,team,user,key_id,endpoint,stream,model_requested,route,provider,model_used,status,"
            + "outcome,error_type,reason,tokens_in,tokens_out,cost_usd,latency_ms,overhead_ms,ttft_ms,bundle_revision,fallback_used,"
            + "matched_rules,intent";

    private DecisionCsv() {
    }

    static String row(DecisionRecord r) {
        var principal = r.principal();
        return Stream.of(r.id(), r.createdAt(), principal == null ? null : principal.team(), principal == null ? null : principal.user(),
                        principal == null ? null : principal.keyId(), r.endpoint(), r.stream(), r.modelRequested(), r.route(), r.provider(),
                        r.modelUsed(), r.status(), r.outcome(), r.errorType(), r.reason(), r.tokensIn(), r.tokensOut(), r.costUsd(),
                        r.latencyMs(), r.overheadMs(), r.ttftMs(), r.bundleRevision(), r.fallbackUsed(),
                        r.matchedRules().stream().map(RuleMatch::rule).collect(Collectors.joining(";")), r.intent())
                .map(DecisionCsv::cell).collect(Collectors.joining(","));
    }

    private static String cell(Object value) {
        if (value == null) {
            return "";
        }
        var text = value.toString();
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }
}
