package dev.warden.gateway;

import dev.warden.gateway.api.GatewayFailures;
import dev.warden.gateway.api.ModelEndpoint;
import dev.warden.gateway.api.ModelEndpointServlet;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.List;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.boot.web.servlet.filter.OrderedRequestContextFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * How the model endpoints are served: by one servlet mapped to their exact paths (everything else,
 * {@code /v1/models} and the control API included, goes through Spring MVC). Two of Spring's
 * filters step aside for them, as they do nothing there: the HTTP observation filter (the model
 * endpoints are measured by the gateway's own {@code warden_requests_seconds}, which
 * {@code http.server.requests} would only repeat with fewer labels) and the request-context filter
 * (nothing on their path reads the thread-locals it sets). Every request runs on a new virtual
 * thread, for which each first thread-local also creates the thread's map; the two filters cost
 * about 3% of a model request's CPU.
 */
@Configuration(proxyBeanMethods = false)
class GatewayEndpoints {

    static final String SERVLET_NAME = "modelEndpoints";

    @Bean
    ServletRegistrationBean<ModelEndpointServlet> modelEndpointServlet(List<ModelEndpoint> endpoints, GatewayFailures failures) {
        var servlet = new ModelEndpointServlet(endpoints, failures);
        var registration = new ServletRegistrationBean<>(servlet, servlet.paths());
        registration.setName(SERVLET_NAME);
        registration.setLoadOnStartup(1);
        return registration;
    }

    /** Whether the container mapped the request to the model endpoints' servlet. */
    static boolean forModelEndpoints(HttpServletRequest request) {
        var mapping = request.getHttpServletMapping();
        return mapping != null && SERVLET_NAME.equals(mapping.getServletName());
    }

    /** Declaring it replaces the request-context filter Spring Boot would register for every path. */
    @Bean
    OrderedRequestContextFilter requestContextFilter() {
        return new OrderedRequestContextFilter() {
            @Override
            protected boolean shouldNotFilter(HttpServletRequest request) {
                return forModelEndpoints(request);
            }
        };
    }

    /** Keeps Spring Boot's HTTP observation filter, as it configures it, for everything but the model endpoints. */
    @Bean
    static BeanPostProcessor observationFilterOutsideModelEndpoints() {
        return new BeanPostProcessor() {
            @Override
            @SuppressWarnings("unchecked")
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof FilterRegistrationBean<?> registration && registration.getFilter() instanceof ServerHttpObservationFilter filter) {
                    ((FilterRegistrationBean<Filter>) registration).setFilter(new OutsideModelEndpoints(filter));
                }
                return bean;
            }
        };
    }

    /** A filter that passes model endpoint requests straight on. */
    static final class OutsideModelEndpoints implements Filter {

        private final Filter filter;

        OutsideModelEndpoints(Filter filter) {
            this.filter = filter;
        }

        @Override
        public void init(FilterConfig config) throws ServletException {
            filter.init(config);
        }

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
            if (request instanceof HttpServletRequest http && forModelEndpoints(http)) {
                chain.doFilter(request, response);
            } else {
                filter.doFilter(request, response, chain);
            }
        }

        @Override
        public void destroy() {
            filter.destroy();
        }
    }
}
