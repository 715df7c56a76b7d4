package dev.warden.gateway.control;

import dev.warden.gateway.api.GatewayException;
import dev.warden.gateway.decisionlog.DecisionQueries;
import dev.warden.gateway.decisionlog.DecisionRecord;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /admin/api/decisions}: the newest decision records. */
@RestController
class DecisionsController {

    private static final int MAX_LIMIT = 1000;

    private final DecisionQueries decisions;

    DecisionsController(DecisionQueries decisions) {
        this.decisions = decisions;
    }

    @GetMapping("/admin/api/decisions")
    DecisionPage newest(@RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw GatewayException.badRequest("limit", "'limit' must be between 1 and " + MAX_LIMIT + ".");
        }
        return new DecisionPage(decisions.newest(limit));
    }

    record DecisionPage(List<DecisionRecord> data) {
    }
}
