package dev.warden.gateway.exchange;

import dev.warden.gateway.auth.Principal;
import dev.warden.gateway.decisionlog.DecisionRecord;
import dev.warden.policy.Decision;
import dev.warden.policy.PolicyBundle;
import dev.warden.policy.RuleMatch;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The state of one gateway request from arrival to its decision record. A request is served by
 * one thread at a time, so this is deliberately a plain mutable object; it becomes an immutable
 * {@link DecisionRecord} when the request ends. The one exception is a request cut off by a stop
 * ({@link Exchanges#cutOff}), whose record is read off it by the stopping thread while the
 * request's own may still be at work: that record is a best effort, built again if the read
 * meets a change.
 */
public final class Exchange {

    public static final String HEADER_DECISION_ID = "x-warden-decision-id";
    public static final String HEADER_ROUTE = "x-warden-route";
    public static final String HEADER_OVERHEAD = "x-warden-overhead-ms";

    private final UUID id;
    private final Instant startedAt;
    private final long startNanos;
    private final String endpoint;
    private final List<Attempt> attempts = new ArrayList<>(2);
    private Principal principal;
    private String bundleRevision;
    private String gitCommit;
    private List<RuleMatch> matchedRules = List.of();
    private Map<String, String> labels = Map.of();
    private List<String> auditFlags = List.of();
    private Map<String, Integer> redactions = Map.of();
    private BigDecimal costUsd;
    private BodyRecorder bodies;
    private String requestBody;
    private String modelRequested;
    private boolean stream;
    private String route;
    private String intent;
    private String provider;
    private String modelUsed;
    private long upstreamNanos;
    private long firstTokenNanos = -1;
    private double overheadMs = -1;
    private Integer tokensIn;
    private Integer tokensOut;
    private Integer failedStatus;
    private String outcome;
    private String errorType;
    private String reason;

    public Exchange(String endpoint, Instant startedAt, long startNanos) {
        this.id = DecisionIds.next(startedAt.toEpochMilli());
        this.endpoint = endpoint;
        this.startedAt = startedAt;
        this.startNanos = startNanos;
    }

    public UUID id() {
        return id;
    }

    /** Whether the request came in on Anthropic's API, whose errors have their own shape. */
    public boolean isAnthropic() {
        return endpoint.startsWith("/v1/messages");
    }

    public String modelRequested() {
        return modelRequested;
    }

    public Principal principal() {
        return principal;
    }

    public void authenticated(Principal principal) {
        this.principal = principal;
    }

    public void underBundle(PolicyBundle bundle) {
        this.bundleRevision = bundle.revision();
        this.gitCommit = bundle.gitCommit().orElse(null);
    }

    /** Records what the policy decided: the rules that matched and, when allowed, the plan's labels and flags. */
    public void decided(Decision decision, Map<String, String> clientLabels) {
        this.matchedRules = decision.matched();
        if (decision instanceof Decision.Allow allow) {
            this.labels = allow.plan().labels();
            this.auditFlags = List.copyOf(allow.plan().auditFlags());
        } else {
            this.labels = clientLabels;
        }
    }

    /** Keeps this request's bodies on its record, masked and cut to size, as a record rule asked. */
    public void recordBodies(BodyRecorder recorder, String request) {
        this.bodies = recorder;
        this.requestBody = recorder.cut(request);
    }

    /** The recorder of the response's body, or null when bodies are not kept. */
    public BodyRecorder bodies() {
        return bodies;
    }

    public void cost(BigDecimal usd) {
        this.costUsd = usd;
    }

    public Integer tokensIn() {
        return tokensIn;
    }

    public Integer tokensOut() {
        return tokensOut;
    }

    public String provider() {
        return provider;
    }

    public String modelUsed() {
        return modelUsed;
    }

    public void redacted(Map<String, Integer> counts) {
        this.redactions = counts;
    }

    public void requested(String model, boolean stream) {
        this.modelRequested = model;
        this.stream = stream;
    }

    /** The request's intent, as policies saw it. */
    public void classified(String intent) {
        this.intent = intent;
    }

    public void routed(String route) {
        this.route = route;
    }

    /** Records a finished call to a target and counts its duration as time spent upstream. */
    public void attempted(Attempt attempt, long nanos) {
        attempts.add(attempt);
        upstreamNanos += nanos;
    }

    public void servedBy(String provider, String model) {
        this.provider = provider;
        this.modelUsed = model;
    }

    /** Counts time spent waiting on the upstream after it first answered (reading a body or stream). */
    public void waitedUpstream(long nanos) {
        upstreamNanos += nanos;
    }

    public void firstToken(long nanoTime) {
        if (firstTokenNanos < 0) {
            firstTokenNanos = nanoTime;
        }
    }

    public void usage(Integer in, Integer out) {
        this.tokensIn = in;
        this.tokensOut = out;
    }

    public void fail(int status, String errorType, String reason) {
        this.failedStatus = status;
        this.outcome = status >= 500 ? "failed" : status == 403 ? "denied" : "rejected";
        this.errorType = errorType;
        this.reason = reason;
    }

    /** The response was cut short after it started: by the client going away, or by the upstream. */
    public void interrupted(String outcome, String errorType, String reason) {
        this.outcome = outcome;
        this.errorType = errorType;
        this.reason = reason;
    }

    /** Whether the response's status and headers were set to leave ({@link #stampHeaders}): the client may have them. */
    public boolean hasBegun() {
        return overheadMs >= 0;
    }

    /** Whether an outcome other than the status's own was set ({@link #interrupted}, a refusal). */
    public boolean hasOutcome() {
        return outcome != null;
    }

    /**
     * Sets the route and overhead headers. Called once, just before the response commits, so the
     * overhead covers all the gateway's own work up to the first byte, minus upstream waiting.
     */
    public void stampHeaders(ClientResponse response) {
        overheadMs = millis(System.nanoTime() - startNanos - upstreamNanos);
        response.header(HEADER_ROUTE, routeHeader());
        response.header(HEADER_OVERHEAD, milliseconds(overheadMs));
    }

    /** Milliseconds with three decimals, as "%.3f" writes them; String.format cost more than the rest of the headers. */
    static String milliseconds(double millis) {
        long thousandths = Math.round(Math.max(0, millis) * 1000);
        long fraction = thousandths % 1000;
        return (thousandths / 1000) + (fraction < 10 ? ".00" : fraction < 100 ? ".0" : ".") + fraction;
    }

    private String routeHeader() {
        return provider != null ? provider + "/" + modelUsed : route != null ? route : "none";
    }

    public String routeName() {
        return route;
    }

    public DecisionRecord complete(int responseStatus, long endNanos) {
        return complete(responseStatus, endNanos, true);
    }

    /** The record without the attempts and bodies, which another thread may be changing as this one reads them. */
    DecisionRecord completeWithoutDetail(int responseStatus, long endNanos) {
        return complete(responseStatus, endNanos, false);
    }

    private DecisionRecord complete(int responseStatus, long endNanos, boolean detail) {
        int status = failedStatus != null ? failedStatus : responseStatus;
        var finalOutcome = outcome != null ? outcome : status < 400 ? "ok" : status >= 500 ? "failed" : "rejected";
        double latency = millis(endNanos - startNanos);
        double overhead = overheadMs >= 0 ? overheadMs : millis(endNanos - startNanos - upstreamNanos);
        Double ttft = firstTokenNanos < 0 ? null : millis(firstTokenNanos - startNanos);
        return new DecisionRecord(id, startedAt, principal, endpoint, stream, modelRequested, route, provider, modelUsed,
                status, finalOutcome, errorType, reason, bundleRevision, attempts.size() > 1 && provider != null,
                detail ? List.copyOf(attempts) : List.of(), tokensIn, tokensOut, latency, overhead, ttft, gitCommit, matchedRules,
                labels, auditFlags, redactions, costUsd, detail ? requestBody : null,
                detail && bodies != null ? bodies.response() : null, intent);
    }

    private static double millis(long nanos) {
        return Math.max(0, nanos) / 1_000_000.0;
    }
}
