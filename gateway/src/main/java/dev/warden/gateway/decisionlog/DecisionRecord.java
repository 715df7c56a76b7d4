package dev.warden.gateway.decisionlog;

import dev.warden.gateway.auth.Principal;
import dev.warden.gateway.exchange.Attempt;
import java.math.BigDecimal;
import java.time.Instant;
import dev.warden.policy.RuleMatch;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the gateway decided and did for one request: one record per request, whether it was
 * allowed, refused or failed.
 *
 * @param id             the decision id (UUIDv7), also sent to the client as {@code x-warden-decision-id}
 * @param createdAt      when the request arrived
 * @param principal      the caller, or null when the request was not authenticated
 * @param endpoint       the API path, for example {@code /v1/chat/completions}
 * @param stream         whether the client asked for a stream
 * @param modelRequested the model name the client asked for
 * @param route          the route that served it
 * @param provider       the provider that answered
 * @param modelUsed      the model that provider was asked for
 * @param status         the HTTP status the client received (503 for a request cut off before its answer; on the
 *                       event-loop front, 499 for one whose client left before it)
 * @param outcome        ok, denied, rejected, failed, client_aborted, upstream_interrupted, or cut_off (a stop
 *                       ended the request before it was answered)
 * @param errorType      a machine-readable error code, when not ok
 * @param reason         a human-readable reason, when not ok
 * @param bundleRevision the policy bundle in force
 * @param fallbackUsed   whether a target other than the first served the request
 * @param attempts       every upstream call, in order
 * @param tokensIn       prompt tokens reported by the upstream
 * @param tokensOut      completion tokens reported by the upstream
 * @param latencyMs      total time in the gateway
 * @param overheadMs     time spent in the gateway itself, excluding waiting on the upstream
 * @param ttftMs         time to the first streamed token
 * @param gitCommit      the git commit of the policy directory, when it is a checkout
 * @param matchedRules   the policy rules that matched, with their action and mode
 * @param labels         the client's labels and those rules added
 * @param auditFlags     audit flags rules set
 * @param redactions     how many matches of each kind were masked before the request left
 * @param costUsd        what the request cost, from the served model's price; null when unpriced
 * @param requestBody    the request as sent upstream, masked and cut, when a record rule asked for it
 * @param responseBody   the response's text, masked and cut, when a record rule asked for it
 * @param intent         what the last user message asks for, when the bundle's conditions used {@code request.intent}
 */
public record DecisionRecord(UUID id, Instant createdAt, Principal principal, String endpoint, boolean stream,
                             String modelRequested, String route, String provider, String modelUsed, int status,
                             String outcome, String errorType, String reason, String bundleRevision,
                             boolean fallbackUsed, List<Attempt> attempts, Integer tokensIn, Integer tokensOut,
                             double latencyMs, double overheadMs, Double ttftMs, String gitCommit,
                             List<RuleMatch> matchedRules, Map<String, String> labels, List<String> auditFlags,
                             Map<String, Integer> redactions, BigDecimal costUsd, String requestBody, String responseBody,
                             String intent) {

    public DecisionRecord {
        matchedRules = matchedRules == null ? List.of() : List.copyOf(matchedRules);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        auditFlags = auditFlags == null ? List.of() : List.copyOf(auditFlags);
        redactions = redactions == null ? Map.of() : Map.copyOf(redactions);
    }
}
