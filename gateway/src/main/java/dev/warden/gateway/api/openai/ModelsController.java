package dev.warden.gateway.api.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.warden.gateway.api.ClientLabels;
import dev.warden.gateway.api.GatewayException;
import dev.warden.gateway.api.PolicyInputs;
import dev.warden.gateway.api.ServletClient;
import dev.warden.gateway.exchange.ClientRequest;
import dev.warden.gateway.exchange.Exchange;
import dev.warden.gateway.policy.ActivePolicy;
import dev.warden.gateway.policy.PolicyProperties;
import dev.warden.policy.Decision;
import dev.warden.policy.PolicyEngine;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * OpenAI's {@code GET /v1/models}: the model names this caller may ask for. A model is the name
 * of a route; one that the policy would deny this caller is not listed.
 */
@RestController
class ModelsController {

    private final ActivePolicy policy;
    private final String org;
    private final Clock clock;

    ModelsController(ActivePolicy policy, PolicyProperties properties, Clock clock) {
        this.policy = policy;
        this.org = properties.org();
        this.clock = clock;
    }

    @GetMapping("/v1/models")
    ModelList list(HttpServletRequest request, HttpServletResponse response) {
        var engine = policy.engine();
        var client = ServletClient.request(request);
        var exchange = client.exchange();
        exchange.underBundle(engine.bundle());
        var labels = ClientLabels.of(client.header(ClientLabels.HEADER), null);
        var models = engine.bundle().routes().keySet().stream()
                .filter(model -> mayUse(engine, client, exchange, model, labels))
                .map(ModelsController::model).toList();
        exchange.stampHeaders(ServletClient.response(response));
        return new ModelList("list", models);
    }

    @GetMapping("/v1/models/{*model}")
    Model one(@PathVariable String model, HttpServletRequest request, HttpServletResponse response) {
        var name = model.startsWith("/") ? model.substring(1) : model;
        var engine = policy.engine();
        var client = ServletClient.request(request);
        var exchange = client.exchange();
        exchange.underBundle(engine.bundle());
        var labels = ClientLabels.of(client.header(ClientLabels.HEADER), null);
        if (engine.bundle().route(name).isEmpty() || !mayUse(engine, client, exchange, name, labels)) {
            throw GatewayException.unknownModel(name);
        }
        exchange.stampHeaders(ServletClient.response(response));
        return model(name);
    }

    private boolean mayUse(PolicyEngine engine, ClientRequest request, Exchange exchange, String model, Map<String, String> labels) {
        var body = JsonNodeFactory.instance.objectNode().put("model", model);
        var input = PolicyInputs.of(request, exchange.principal(), org, body, labels, clock.instant(), null, null,
                engine.readsHeaders());
        return !(engine.evaluate(input) instanceof Decision.Deny);
    }

    private static Model model(String name) {
        return new Model(name, "model", 0, "warden");
    }

    record ModelList(String object, List<Model> data) {
    }

    record Model(String id, String object, long created, @JsonProperty("owned_by") String ownedBy) {
    }
}
