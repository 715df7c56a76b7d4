package dev.warden.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.Filter;
import jakarta.servlet.http.MappingMatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletMapping;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

class GatewayEndpointsTests {

    @Test
    void leavesTheRequestContextUnsetForModelEndpointsAndSetsItForEverythingElse() throws Exception {
        var filter = new GatewayEndpoints().requestContextFilter();

        assertThat(contextSeen(filter, request("/v1/chat/completions", GatewayEndpoints.SERVLET_NAME))).isNull();
        assertThat(contextSeen(filter, request("/v1/models", "dispatcherServlet"))).isNotNull();
    }

    @Test
    void theObservationFilterStepsAsideForModelEndpointsOnly() throws Exception {
        var observed = new AtomicBoolean();
        Filter observation = (request, response, chain) -> {
            observed.set(true);
            chain.doFilter(request, response);
        };
        var filter = new GatewayEndpoints.OutsideModelEndpoints(observation);
        var passedOn = new AtomicBoolean();

        filter.doFilter(request("/v1/chat/completions", GatewayEndpoints.SERVLET_NAME), new MockHttpServletResponse(),
                (request, response) -> passedOn.set(true));

        assertThat(passedOn).isTrue();
        assertThat(observed).isFalse();
        filter.doFilter(request("/actuator/health", "dispatcherServlet"), new MockHttpServletResponse(), (request, response) -> { });
        assertThat(observed).isTrue();
    }

    private static MockHttpServletRequest request(String path, String servlet) {
        var request = new MockHttpServletRequest("POST", path);
        request.setHttpServletMapping(new MockHttpServletMapping(path, path, servlet, MappingMatch.EXACT));
        return request;
    }

    private static RequestAttributes contextSeen(Filter filter, MockHttpServletRequest request) throws Exception {
        var seen = new AtomicReference<RequestAttributes>();
        filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> seen.set(RequestContextHolder.getRequestAttributes()));
        return seen.get();
    }
}
