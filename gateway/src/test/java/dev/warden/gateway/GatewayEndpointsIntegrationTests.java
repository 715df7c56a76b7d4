package dev.warden.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.gateway.auth.ApiKeyFilter;
import dev.warden.gateway.exchange.ExchangeFilter;
import java.util.Arrays;
import java.util.Set;
import org.apache.catalina.Context;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.web.filter.CharacterEncodingFilter;
import org.springframework.web.filter.FormContentFilter;
import org.springframework.web.filter.RequestContextFilter;
import org.springframework.web.filter.ServerHttpObservationFilter;

/** Which filters Tomcat puts in a request's chain, read from the context's filter mappings. */
class GatewayEndpointsIntegrationTests extends WardenIntegrationTest {

    @Autowired
    ServletWebServerApplicationContext context;

    @Test
    void aModelRequestsChainHoldsOnlyTheGatewaysOwnFilters() throws Exception {
        assertThat(filtersFor(GatewayEndpoints.SERVLET_NAME, "/v1/chat/completions"))
                .containsExactlyInAnyOrder(ExchangeFilter.class, ApiKeyFilter.class);
        assertThat(filtersFor(GatewayEndpoints.SERVLET_NAME, "/v1/messages"))
                .containsExactlyInAnyOrder(ExchangeFilter.class, ApiKeyFilter.class);
    }

    @Test
    void springMvcRequestsKeepSpringsFilters() throws Exception {
        var filters = filtersFor(GatewayEndpoints.SPRING_MVC, "/v1/models");

        assertThat(filters).contains(ExchangeFilter.class, ApiKeyFilter.class);
        for (var spring : new Class<?>[] {CharacterEncodingFilter.class, FormContentFilter.class, RequestContextFilter.class,
                ServerHttpObservationFilter.class}) {
            assertThat(filters).as("%s", spring.getSimpleName()).anyMatch(spring::isAssignableFrom);
        }
        assertThat(filtersFor(GatewayEndpoints.SPRING_MVC, "/actuator/health")).anyMatch(CharacterEncodingFilter.class::isAssignableFrom);
    }

    private Set<Class<?>> filtersFor(String servlet, String path) throws ClassNotFoundException {
        var tomcat = ((TomcatWebServer) context.getWebServer()).getTomcat();
        var web = (Context) tomcat.getHost().findChildren()[0];
        var classes = new java.util.HashSet<Class<?>>();
        for (FilterMap map : web.findFilterMaps()) {
            if (applies(map, servlet, path)) {
                var filter = web.findFilterDef(map.getFilterName());
                classes.add(filter.getFilter() != null ? filter.getFilter().getClass() : Class.forName(filter.getFilterClass()));
            }
        }
        return classes;
    }

    /** As Tomcat's filter factory matches a REQUEST dispatch: by servlet name, or by URL pattern. */
    private static boolean applies(FilterMap map, String servlet, String path) {
        if (map.getMatchAllServletNames() || Arrays.asList(map.getServletNames()).contains(servlet)) {
            return true;
        }
        if (map.getMatchAllUrlPatterns()) {
            return true;
        }
        return Arrays.stream(map.getURLPatterns()).anyMatch(pattern -> pattern.equals(path)
                || pattern.equals("/*") || pattern.endsWith("/*") && path.startsWith(pattern.substring(0, pattern.length() - 1)));
    }
}
