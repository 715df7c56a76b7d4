package dev.warden.gateway.control;

import dev.warden.gateway.api.GatewayException;
import dev.warden.gateway.policy.ActivePolicy;
import dev.warden.gateway.policy.PolicyHistory;
import dev.warden.policy.BundleDiff;
import dev.warden.policy.PolicyBundle;
import dev.warden.policy.PolicyException;
import dev.warden.policy.PolicyLoader;
import dev.warden.policy.PolicyProblem;
import dev.warden.policy.PolicySource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /admin/api/policies}: validate a bundle, apply it (validated, then activated atomically),
 * see the active one and the history, roll back. A bundle is sent as {@code {"files": {"path":
 * "yaml text"}}}; an invalid one is refused with every problem, and the active bundle stays.
 */
@RestController
class PoliciesController {

    private static final int MAX_FILES = 1000;

    private final ActivePolicy policy;
    private final PolicyHistory history;

    PoliciesController(ActivePolicy policy, PolicyHistory history) {
        this.policy = policy;
        this.history = history;
    }

    record BundleFiles(Map<String, String> files) {
    }

    record Validation(boolean valid, String revision, List<PolicyProblem> problems) {
    }

    record Applied(String revision, String gitCommit, List<String> changes, String summary) {
    }

    record Active(String revision, String gitCommit, Map<String, String> files, Refusal lastRefused) {
    }

    record Refusal(String at, String origin, List<PolicyProblem> problems) {
    }

    @PostMapping("/admin/api/policies/validate")
    ResponseEntity<Validation> validate(@RequestBody BundleFiles request) {
        try {
            var bundle = load(request);
            return ResponseEntity.ok(new Validation(true, bundle.revision(), List.of()));
        } catch (PolicyException e) {
            return ResponseEntity.unprocessableEntity().body(new Validation(false, null, e.problems()));
        }
    }

    @PutMapping("/admin/api/policies")
    ResponseEntity<Object> apply(@RequestBody BundleFiles request,
                                 @RequestHeader(name = "x-warden-actor", defaultValue = "control-api") String actor) {
        try {
            var bundle = load(request);
            return ResponseEntity.ok(applied(bundle, policy.activate(bundle, abbreviate(actor), "api")));
        } catch (PolicyException e) {
            policy.refused(e, "api");
            return ResponseEntity.unprocessableEntity().body(new Validation(false, null, e.problems()));
        }
    }

    @GetMapping("/admin/api/policies")
    Active active() {
        var bundle = policy.current();
        var files = new LinkedHashMap<String, String>();
        bundle.sources().forEach(source -> files.put(source.name(), source.content()));
        var refused = policy.lastFailure().map(f -> new Refusal(f.at().toString(), f.origin(), f.problems())).orElse(null);
        return new Active(bundle.revision(), bundle.gitCommit().orElse(null), files, refused);
    }

    @GetMapping("/admin/api/policies/history")
    List<PolicyHistory.Entry> history(@RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > 1000) {
            throw GatewayException.badRequest("limit", "'limit' must be between 1 and 1000.");
        }
        return history.newest(limit);
    }

    @PostMapping("/admin/api/policies/rollback/{revision}")
    Applied rollback(@PathVariable String revision,
                     @RequestHeader(name = "x-warden-actor", defaultValue = "control-api") String actor) {
        var files = history.files(revision).orElseThrow(() -> new GatewayException(HttpStatus.NOT_FOUND,
                "invalid_request_error", "revision_not_found", "revision", "No revision " + revision + " in the policy history."));
        var bundle = PolicyLoader.fromSources(files);
        return applied(bundle, policy.activate(bundle, abbreviate(actor), "rollback"));
    }

    private static PolicyBundle load(BundleFiles request) {
        if (request.files() == null || request.files().isEmpty()) {
            throw GatewayException.badRequest("files", "'files' must map file paths to their YAML text.");
        }
        if (request.files().size() > MAX_FILES) {
            throw GatewayException.badRequest("files", "A bundle may have at most " + MAX_FILES + " files.");
        }
        request.files().forEach((name, content) -> {
            if (name == null || name.isBlank() || content == null) {
                throw GatewayException.badRequest("files", "Every file needs a path and text.");
            }
        });
        return PolicyLoader.fromSources(request.files().entrySet().stream()
                .map(entry -> new PolicySource(entry.getKey(), entry.getValue())).toList());
    }

    private static Applied applied(PolicyBundle bundle, BundleDiff diff) {
        return new Applied(bundle.revision(), bundle.gitCommit().orElse(null),
                diff.changes().stream().map(BundleDiff.Change::toString).toList(), diff.summary());
    }

    private static String abbreviate(String actor) {
        var clean = actor.replaceAll("[^A-Za-z0-9 ._@:-]", "_");
        return clean.length() > 100 ? clean.substring(0, 100) : clean;
    }
}
