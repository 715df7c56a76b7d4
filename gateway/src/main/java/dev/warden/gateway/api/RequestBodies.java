package dev.warden.gateway.api;

import dev.warden.gateway.exchange.ClientRequest;
import java.io.IOException;
import org.springframework.stereotype.Component;

/** Reads request bodies with a size limit, so that no client can make the gateway buffer without bound. */
@Component
public class RequestBodies {

    private final long maxBytes;

    RequestBodies(GatewayProperties properties) {
        this.maxBytes = properties.maxBodySize().toBytes();
    }

    public byte[] read(ClientRequest request) throws IOException {
        long declared = request.declaredLength();
        if (declared > maxBytes) {
            throw GatewayException.tooLarge(maxBytes);
        }
        // A declared length is read into one array of that length (the container delivers no
        // more); without one, the JDK reads in 16 KB buffers, far more than most requests.
        var body = request.body().readNBytes((int) (declared >= 0 ? declared : Math.min(maxBytes + 1, Integer.MAX_VALUE - 8)));
        if (body.length > maxBytes) {
            throw GatewayException.tooLarge(maxBytes);
        }
        return body;
    }
}
