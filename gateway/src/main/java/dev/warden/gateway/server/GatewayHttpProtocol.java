package dev.warden.gateway.server;

import org.apache.coyote.AbstractProtocol;
import org.apache.coyote.Processor;
import org.apache.coyote.RequestGroupInfo;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.util.net.NioChannel;

/**
 * Tomcat's NIO HTTP/1.1 protocol, without its per-connection JMX bookkeeping. For every request
 * processor it creates, Tomcat registers a JMX name under one lock on its connection handler, and
 * removes it under the same lock when the processor is dropped; it keeps 200 processors, so a burst
 * of new connections beyond that takes the lock once per connection. Virtual threads that meet a
 * held monitor unmount and must be scheduled again to take it, so a burst queued behind it: with
 * 5,000 streams opened at 400 a second, a thread dump found 540 requests waiting for this lock,
 * and their clients waited seconds for a first byte. The registrations only feed Tomcat's JMX
 * request statistics, which the gateway does not publish (Spring Boot leaves Tomcat's MBean
 * registry off); its own metrics come from the decision records.
 */
public class GatewayHttpProtocol extends Http11NioProtocol {

    public GatewayHttpProtocol() {
        var handler = new UnregisteredHandler(this);
        getEndpoint().setHandler(handler);
        setHandler(handler);
    }

    /** Requests counted by the processors registered with the connection handler: none are. */
    long registeredRequests() {
        return ((RequestGroupInfo) getHandler().getGlobal()).getRequestCount();
    }

    private static final class UnregisteredHandler extends ConnectionHandler<NioChannel> {

        UnregisteredHandler(AbstractProtocol<NioChannel> protocol) {
            super(protocol);
        }

        @Override
        protected void register(Processor processor) {
            // Nothing to register: see the class comment.
        }

        @Override
        protected void unregister(Processor processor) {
            // Nothing was registered.
        }
    }
}
