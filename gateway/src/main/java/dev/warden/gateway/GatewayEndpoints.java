package dev.warden.gateway;

import dev.warden.gateway.api.GatewayFailures;
import dev.warden.gateway.api.ModelEndpoint;
import dev.warden.gateway.api.ModelEndpointServlet;
import io.micrometer.observation.ObservationPredicate;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Set;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.boot.web.servlet.filter.OrderedRequestContextFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * How the model endpoints are served: by one servlet mapped to their exact paths (everything else,
 * {@code /v1/models} and the control API included, goes through Spring MVC), and measured by the
 * gateway's own {@code warden_requests_seconds} rather than also by Spring's
 * {@code http.server.requests}, which would time the same requests again with fewer labels.
 * Spring's request-context filter skips them too.
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

    /**
     * Spring's filter that puts the request and its locale in thread-locals, for everything but the
     * model endpoints: nothing on their path reads them (Spring MVC's dispatcher sets its own), and
     * every request runs on a new virtual thread, for which setting them first creates the thread's
     * thread-local map. Declaring it replaces the one Spring Boot would register for every path.
     */
    @Bean
    OrderedRequestContextFilter requestContextFilter(List<ModelEndpoint> endpoints) {
        var paths = Set.copyOf(endpoints.stream().map(ModelEndpoint::path).toList());
        return new OrderedRequestContextFilter() {
            @Override
            protected boolean shouldNotFilter(HttpServletRequest request) {
                return paths.contains(request.getRequestURI());
            }
        };
    }
}
