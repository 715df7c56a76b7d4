package dev.warden.gateway.api;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.springframework.stereotype.Component;

/** Reads request bodies with a size limit, so that no client can make the gateway buffer without bound. */
@Component
public class RequestBodies {

    private final long maxBytes;

    RequestBodies(GatewayProperties properties) {
        this.maxBytes = properties.maxBodySize().toBytes();
    }

    public byte[] read(HttpServletRequest request) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            throw GatewayException.tooLarge(maxBytes);
        }
        var body = request.getInputStream().readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
        if (body.length > maxBytes) {
            throw GatewayException.tooLarge(maxBytes);
        }
        return body;
    }
}
