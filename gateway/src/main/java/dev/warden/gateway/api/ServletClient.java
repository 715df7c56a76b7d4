package dev.warden.gateway.api;

import dev.warden.gateway.exchange.ClientRequest;
import dev.warden.gateway.exchange.ClientResponse;
import dev.warden.gateway.exchange.Exchange;
import dev.warden.gateway.exchange.ExchangeFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Collections;
import org.apache.catalina.connector.ClientAbortException;

/** The servlet container's requests and responses as the request path's {@link ClientRequest} and {@link ClientResponse}. */
public final class ServletClient {

    private ServletClient() {
    }

    /** The request, with the exchange {@link ExchangeFilter} opened for it (null outside the gateway's paths). */
    public static ClientRequest request(HttpServletRequest request) {
        return new Request(request, ExchangeFilter.of(request));
    }

    public static ClientResponse response(HttpServletResponse response) {
        return new Response(response);
    }

    private record Request(HttpServletRequest servlet, Exchange exchange) implements ClientRequest {

        @Override
        public String method() {
            return servlet.getMethod();
        }

        @Override
        public String path() {
            return servlet.getRequestURI();
        }

        @Override
        public String header(String name) {
            return servlet.getHeader(name);
        }

        @Override
        public Iterable<String> headerNames() {
            return Collections.list(servlet.getHeaderNames());
        }

        @Override
        public long declaredLength() {
            return servlet.getContentLengthLong();
        }

        @Override
        public InputStream body() throws IOException {
            return servlet.getInputStream();
        }
    }

    private record Response(HttpServletResponse servlet) implements ClientResponse {

        @Override
        public void status(int status) {
            servlet.setStatus(status);
        }

        @Override
        public void header(String name, String value) {
            servlet.setHeader(name, value);
        }

        @Override
        public void contentType(String type) {
            servlet.setContentType(type);
        }

        @Override
        public void contentLength(int length) {
            servlet.setContentLength(length);
        }

        @Override
        public boolean committed() {
            return servlet.isCommitted();
        }

        @Override
        public void resetBuffer() {
            servlet.resetBuffer();
        }

        @Override
        public OutputStream body() throws IOException {
            return servlet.getOutputStream();
        }

        @Override
        public boolean isClientGone(Throwable failure) {
            return failure instanceof ClientAbortException || ClientResponse.super.isClientGone(failure);
        }
    }
}
