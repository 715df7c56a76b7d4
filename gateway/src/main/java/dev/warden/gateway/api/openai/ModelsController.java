package dev.warden.gateway.api.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.warden.gateway.api.GatewayException;
import dev.warden.gateway.exchange.Exchange;
import dev.warden.gateway.policy.ActivePolicy;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** OpenAI's {@code GET /v1/models}: the model names this caller may ask for, which are the routes. */
@RestController
class ModelsController {

    private final ActivePolicy policy;

    ModelsController(ActivePolicy policy) {
        this.policy = policy;
    }

    @GetMapping("/v1/models")
    ModelList list(HttpServletRequest request, HttpServletResponse response) {
        var bundle = policy.current();
        var exchange = Exchange.of(request);
        exchange.underBundle(bundle);
        exchange.stampHeaders(response);
        return new ModelList("list", bundle.routes().keySet().stream().map(ModelsController::model).toList());
    }

    @GetMapping("/v1/models/{*model}")
    Model one(@PathVariable String model, HttpServletRequest request, HttpServletResponse response) {
        var name = model.startsWith("/") ? model.substring(1) : model;
        var bundle = policy.current();
        Exchange.of(request).underBundle(bundle);
        var route = bundle.route(name).orElseThrow(() -> GatewayException.unknownModel(name));
        Exchange.of(request).stampHeaders(response);
        return model(route.name());
    }

    private static Model model(String name) {
        return new Model(name, "model", 0, "warden");
    }

    record ModelList(String object, List<Model> data) {
    }

    record Model(String id, String object, long created, @JsonProperty("owned_by") String ownedBy) {
    }
}
