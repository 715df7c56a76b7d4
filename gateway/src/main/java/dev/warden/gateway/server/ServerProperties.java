package dev.warden.gateway.server;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param platformThreads requests run on a pooled platform thread while fewer than this many are
 *                        in progress, on a virtual thread beyond (default: one per core; 0: every
 *                        request on a virtual thread). See {@link PlatformFirstExecutor}.
 * @param front           what takes the public port ({@code server.port}): {@code netty} serves
 *                        the model endpoints from event loops and relays every other request to
 *                        Tomcat, which then listens on a loopback port of its own (package
 *                        {@code dev.warden.gateway.front}); {@code tomcat} serves every request
 *                        from the servlet container. Null when unset: {@code netty}, unless
 *                        {@code server.ssl} is on ({@link FrontOn} decides)
 * @param loopUpstream    with the {@code netty} front, whether a whole answer or a stream from
 *                        an HTTP or HTTPS target is fetched and relayed on the event loop that
 *                        read its request, with no thread of its own; in strict decision-log
 *                        durability the decision log's sync thread waits for the disk and the
 *                        response ends on the loop once the record is there (default true;
 *                        false runs every model request on a worker thread)
 * @param eventLoops      how many event loops the {@code netty} front serves connections from
 *                        (default: one per core)
 */
@ConfigurationProperties("warden.server")
public record ServerProperties(Integer platformThreads, Front front, Boolean loopUpstream, Integer eventLoops) {

    public enum Front { TOMCAT, NETTY }

    public ServerProperties {
        platformThreads = platformThreads == null ? Runtime.getRuntime().availableProcessors() : platformThreads;
        if (platformThreads < 0) {
            throw new IllegalArgumentException("warden.server.platform-threads must be 0 or more");
        }
        loopUpstream = loopUpstream == null || loopUpstream;
        eventLoops = eventLoops == null ? Runtime.getRuntime().availableProcessors() : eventLoops;
        if (eventLoops < 1) {
            throw new IllegalArgumentException("warden.server.event-loops must be 1 or more");
        }
    }
}
