package dev.warden.gateway.api;

import dev.warden.gateway.decisionlog.DecisionLogProperties;
import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * How a stream that ended properly leaves: with its end marker and the end of the response in one
 * write, in relaxed durability, or with the end marker sent at once and the response ended only
 * once the decision record is on disk, in strict durability, which promises that no response
 * ends before its record is safe. Sending the marker alone and then the response's end, after
 * the record, costs a second write to the client for every stream.
 */
@Component
public class StreamEnds {

    private final boolean endResponseAtOnce;

    @Autowired
    StreamEnds(DecisionLogProperties decisionLog) {
        this(decisionLog.durability());
    }

    StreamEnds(DecisionLogProperties.Durability durability) {
        this.endResponseAtOnce = durability != DecisionLogProperties.Durability.STRICT;
    }

    /** Sends what the stream has written, its end marker last. */
    public void end(ServletOutputStream out) throws IOException {
        if (endResponseAtOnce) {
            out.close();
        } else {
            out.flush();
        }
    }
}
