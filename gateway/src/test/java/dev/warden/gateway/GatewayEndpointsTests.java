package dev.warden.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.gateway.api.ModelEndpoint;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

class GatewayEndpointsTests {

    private static final ModelEndpoint CHAT = new ModelEndpoint() {
        @Override
        public String path() {
            return "/v1/chat/completions";
        }

        @Override
        public void serve(HttpServletRequest request, HttpServletResponse response) {
        }
    };

    private final org.springframework.web.filter.RequestContextFilter filter = new GatewayEndpoints().requestContextFilter(List.of(CHAT));

    @Test
    void leavesTheRequestContextUnsetForModelEndpointsAndSetsItForEverythingElse() throws Exception {
        assertThat(contextSeenAt("/v1/chat/completions")).isNull();
        assertThat(contextSeenAt("/v1/models")).isNotNull();
        assertThat(contextSeenAt("/admin/api/keys")).isNotNull();
    }

    private RequestAttributes contextSeenAt(String path) throws Exception {
        var seen = new AtomicReference<RequestAttributes>();
        var request = new MockHttpServletRequest("POST", path);
        filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> seen.set(RequestContextHolder.getRequestAttributes()));
        return seen.get();
    }
}
