package dev.warden.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.exchange.ClientRequest;
import dev.warden.gateway.exchange.Exchange;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** Failures become the client's error shape and the exchange's outcome, whatever HTTP layer writes them. */
class GatewayFailuresTests {

    private final ObjectMapper json = new ObjectMapper();
    private final GatewayFailures failures = new GatewayFailures(new ErrorWriter(json));

    @Test
    void aClientGoneIsRecordedAndNothingIsWritten() throws Exception {
        var exchange = new Exchange("/v1/chat/completions", Instant.now(), System.nanoTime());
        var response = new RecordedResponse(true);

        failures.write(RecordedResponse.GONE, new Request(exchange), response);

        assertThat(exchange.complete(200, System.nanoTime()).outcome()).isEqualTo("client_aborted");
        assertThat(response.status).isZero();
        assertThat(response.body.size()).isZero();
    }

    @Test
    void aGatewayErrorIsWrittenInTheClientsShapeWithTheExchangesHeaders() throws Exception {
        var openAi = new Exchange("/v1/chat/completions", Instant.now(), System.nanoTime());
        var response = new RecordedResponse(false);

        failures.write(new GatewayException(HttpStatus.FORBIDDEN, "permission_error", "policy_denied", null, "Denied."),
                new Request(openAi), response);

        assertThat(response.status).isEqualTo(403);
        assertThat(response.contentType).isEqualTo("application/json");
        assertThat(response.headers).containsKeys(Exchange.HEADER_ROUTE, Exchange.HEADER_OVERHEAD);
        var openAiError = json.readTree(response.body.text()).path("error");
        assertThat(openAiError.path("code").asText()).isEqualTo("policy_denied");
        assertThat(openAiError.path("type").asText()).isEqualTo("permission_error");
        assertThat(openAi.complete(403, System.nanoTime()).outcome()).isEqualTo("denied");

        var anthropic = new Exchange("/v1/messages", Instant.now(), System.nanoTime());
        var toAnthropic = new RecordedResponse(false);
        failures.write(new GatewayException(HttpStatus.SERVICE_UNAVAILABLE, "upstream_error", "no_available_target", null, "None."),
                new Request(anthropic), toAnthropic);

        assertThat(toAnthropic.status).isEqualTo(503);
        var anthropicError = json.readTree(toAnthropic.body.text());
        assertThat(anthropicError.path("type").asText()).isEqualTo("error");
        assertThat(anthropicError.path("error").path("type").asText()).isEqualTo("overloaded_error");
    }

    private record Request(Exchange exchange) implements ClientRequest {

        @Override
        public String method() {
            return "POST";
        }

        @Override
        public String path() {
            return exchange.isAnthropic() ? "/v1/messages" : "/v1/chat/completions";
        }

        @Override
        public String header(String name) {
            return null;
        }

        @Override
        public Iterable<String> headerNames() {
            return List.of();
        }

        @Override
        public long declaredLength() {
            return -1;
        }

        @Override
        public InputStream body() {
            return InputStream.nullInputStream();
        }
    }
}
