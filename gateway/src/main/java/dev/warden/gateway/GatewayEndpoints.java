package dev.warden.gateway;

import dev.warden.gateway.api.GatewayFailures;
import dev.warden.gateway.api.ModelEndpoint;
import dev.warden.gateway.api.ModelEndpointServlet;
import io.micrometer.observation.ObservationPredicate;
import java.util.List;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * How the model endpoints are served: by one servlet mapped to their exact paths (everything else,
 * {@code /v1/models} and the control API included, goes through Spring MVC), and measured by the
 * gateway's own {@code warden_requests_seconds} rather than also by Spring's
 * {@code http.server.requests}, which would time the same requests again with fewer labels.
 */
@Configuration(proxyBeanMethods = false)
class GatewayEndpoints {

    @Bean
    ServletRegistrationBean<ModelEndpointServlet> modelEndpointServlet(List<ModelEndpoint> endpoints, GatewayFailures failures) {
        var servlet = new ModelEndpointServlet(endpoints, failures);
        var registration = new ServletRegistrationBean<>(servlet, servlet.paths());
        registration.setName("modelEndpoints");
        registration.setLoadOnStartup(1);
        return registration;
    }

    @Bean
    ObservationPredicate modelEndpointsUnobserved(List<ModelEndpoint> endpoints) {
        var paths = endpoints.stream().map(ModelEndpoint::path).toList();
        return (name, context) -> !(context instanceof ServerRequestObservationContext request
                && paths.contains(request.getCarrier().getRequestURI()));
    }
}
