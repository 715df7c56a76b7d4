package dev.warden.gateway;

import dev.warden.gateway.api.GatewayFailures;
import dev.warden.gateway.api.ModelEndpoint;
import dev.warden.gateway.api.ModelEndpointServlet;
import jakarta.servlet.Filter;
import java.util.List;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.boot.web.servlet.filter.OrderedRequestContextFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.CharacterEncodingFilter;
import org.springframework.web.filter.FormContentFilter;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * How the model endpoints are served: by one servlet mapped to their exact paths (everything else,
 * {@code /v1/models} and the control API included, goes through Spring MVC).
 *
 * <p>Spring's own servlet filters (character encoding, form content, request context and HTTP
 * observation) do nothing for the model endpoints: those read and write raw bytes, read no
 * thread-local and are measured by the gateway's own {@code warden_requests_seconds}, which
 * {@code http.server.requests} would only repeat with fewer labels. Spring Boot maps them to every
 * path; here they are mapped to Spring MVC's servlet by name instead, so Tomcat leaves them out of
 * a model request's filter chain altogether. Tomcat builds that chain for every request and takes
 * a lock on the context's filter configurations once per filter in it, which virtual threads
 * queued on while thousands of streams were opened; a model request's chain now holds only the
 * gateway's exchange and API key filters.
 *
 * <p>All of it is for a running server: the command line ({@code keys create}) starts the
 * application without one, and Spring's web filters do not exist there.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class GatewayEndpoints {

    static final String SERVLET_NAME = "modelEndpoints";
    static final String SPRING_MVC = DispatcherServletAutoConfiguration.DEFAULT_DISPATCHER_SERVLET_BEAN_NAME;

    @Bean
    ServletRegistrationBean<ModelEndpointServlet> modelEndpointServlet(List<ModelEndpoint> endpoints, GatewayFailures failures) {
        var servlet = new ModelEndpointServlet(endpoints, failures);
        var registration = new ServletRegistrationBean<>(servlet, servlet.paths());
        registration.setName(SERVLET_NAME);
        registration.setLoadOnStartup(1);
        return registration;
    }

    /** Declaring it replaces the request-context filter Spring Boot would declare. */
    @Bean
    OrderedRequestContextFilter requestContextFilter() {
        return new OrderedRequestContextFilter();
    }

    @Bean
    FilterRegistrationBean<OrderedRequestContextFilter> requestContextFilterForSpringMvc(OrderedRequestContextFilter filter) {
        return forSpringMvc(filter);
    }

    /** Spring Boot declares the filter under the same condition. */
    @Bean
    @ConditionalOnProperty(name = "server.servlet.encoding.enabled", havingValue = "true", matchIfMissing = true)
    FilterRegistrationBean<CharacterEncodingFilter> characterEncodingFilterForSpringMvc(CharacterEncodingFilter filter) {
        return forSpringMvc(filter);
    }

    /** Spring Boot declares the filter under the same condition. */
    @Bean
    @ConditionalOnProperty(name = "spring.mvc.formcontent.filter.enabled", havingValue = "true", matchIfMissing = true)
    FilterRegistrationBean<FormContentFilter> formContentFilterForSpringMvc(FormContentFilter filter) {
        return forSpringMvc(filter);
    }

    /** Keeps Spring Boot's HTTP observation filter, as it configures it, for Spring MVC only. */
    @Bean
    static BeanPostProcessor observationFilterForSpringMvc() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof FilterRegistrationBean<?> registration && registration.getFilter() instanceof ServerHttpObservationFilter) {
                    registration.setUrlPatterns(List.of());
                    registration.setServletNames(List.of(SPRING_MVC));
                }
                return bean;
            }
        };
    }

    /** A registration of a filter bean for Spring MVC's servlet only, in the filter's own order. */
    private static <T extends Filter> FilterRegistrationBean<T> forSpringMvc(T filter) {
        var registration = new FilterRegistrationBean<>(filter);
        registration.setServletNames(List.of(SPRING_MVC));
        if (filter instanceof Ordered ordered) {
            registration.setOrder(ordered.getOrder());
        }
        return registration;
    }
}
