package dev.warden.gateway.front;

import dev.warden.gateway.api.ErrorWriter;
import dev.warden.gateway.auth.ApiKeys;
import dev.warden.gateway.exchange.Exchanges;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The public port served from Netty's event loops (one per core) instead of the servlet
 * container: each request is read whole on its connection's loop, then served on a virtual thread
 * of its own (a platform thread while few are in progress, as on the servlet side), the model endpoints by {@link ModelExchanges} and everything else relayed to the
 * servlet side on its loopback port by {@link ServletRelay}. The request path itself is the
 * servlet side's, unchanged, behind {@code ClientRequest} and {@code ClientResponse}; what the
 * front saves is the servlet container's share of a request (src/bench/RESULTS.md, item 63).
 *
 * <p>Started after the servlet side (whose port it needs) and stopped before it: a stop closes
 * the port, closes each connection between requests and has each in a request close once it is
 * answered, its response saying {@code Connection: close} if it has not begun, then waits up to
 * the drain time for requests in progress.
 */
public final class NettyFront implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(NettyFront.class);

    /** Between requests, a connection is kept this long (as Tomcat's keep-alive timeout). */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(60);

    private final InetAddress address;
    private final int requestedPort;
    private final IntSupplier servletPort;
    private final ModelExchanges models;
    private final Exchanges exchanges;
    private final ApiKeys keys;
    private final ErrorWriter errors;
    private final long maxBodyBytes;
    private final Executor threads;
    private final boolean loopUpstream;
    private final int maxConnections;
    private final int eventLoops;
    private final Duration drain;
    private final AtomicInteger connections = new AtomicInteger();
    /** The connections open now, told to drain when the front stops. */
    private final Set<Channel> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger inProgress = new AtomicInteger();
    private final Requests requests = new Requests();
    /** Completed when no request is in progress once a stop has begun. */
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private volatile boolean stopping;
    private volatile Running running;

    private record Running(EventLoopGroup accept, EventLoopGroup loops, ServletRelay relay, Channel server) {
    }

    /**
     * @param threads        runs each request once it is read (the servlet side's executor, so that both count against one bound)
     * @param loopUpstream   whether model requests begin on the loop ({@link ModelExchanges#serveOnLoop})
     * @param maxConnections connections beyond this many are closed as they are accepted (Tomcat's {@code max-connections})
     * @param eventLoops     how many loops serve the connections
     * @param drain          how long a stop waits for requests in progress (the servlet side's graceful shutdown's time)
     * @param exchanges      where the requests still in progress when the drain ends are recorded as cut off
     */
    NettyFront(InetAddress address, int port, IntSupplier servletPort, ModelExchanges models, ApiKeys keys, ErrorWriter errors,
               long maxBodyBytes, Executor threads, boolean loopUpstream, int maxConnections, int eventLoops, Duration drain,
               Exchanges exchanges) {
        this.exchanges = exchanges;
        this.eventLoops = eventLoops;
        this.drain = drain;
        this.loopUpstream = loopUpstream;
        this.errors = errors;
        this.address = address;
        this.requestedPort = port;
        this.servletPort = servletPort;
        this.models = models;
        this.keys = keys;
        this.maxBodyBytes = maxBodyBytes;
        this.threads = threads;
        this.maxConnections = maxConnections;
    }

    /** The port the front listens on (the one asked for, or the one found when 0 was). */
    public int port() {
        var current = running;
        if (current == null) {
            throw new IllegalStateException("The front is not running.");
        }
        return ((InetSocketAddress) current.server().localAddress()).getPort();
    }

    @Override
    public synchronized void start() {
        if (running != null) {
            return;
        }
        int servlet = servletPort.getAsInt();
        var relay = new ServletRelay(servlet, errors);
        EventLoopGroup accept = new NioEventLoopGroup(1, new DefaultThreadFactory("front-accept", true));
        EventLoopGroup loops = new NioEventLoopGroup(eventLoops, new DefaultThreadFactory("front-loop", true));
        try {
            var server = new ServerBootstrap().group(accept, loops).channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 10_000)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            if (connections.incrementAndGet() > maxConnections) {
                                connections.decrementAndGet();
                                channel.close();
                                return;
                            }
                            open.add(channel);
                            channel.closeFuture().addListener(closed -> {
                                open.remove(channel);
                                connections.decrementAndGet();
                            });
                            var keyCheck = new KeyCheck(models, keys);
                            channel.pipeline().addLast(
                                    new IdleStateHandler(0, 0, KEEP_ALIVE.toSeconds(), TimeUnit.SECONDS),
                                    new HttpServerCodec(),
                                    keyCheck,
                                    new BoundedAggregator(maxBodyBytes),
                                    new FrontHandler(models, relay, errors, requests, maxBodyBytes, keyCheck));
                            if (stopping) {
                                // accepted as the port closed, after the stop told the others to drain
                                channel.pipeline().fireUserEventTriggered(FrontHandler.DRAIN);
                            }
                        }
                    })
                    .bind(new InetSocketAddress(address, requestedPort)).syncUninterruptibly().channel();
            running = new Running(accept, loops, relay, server);
        } catch (RuntimeException e) {
            accept.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IllegalStateException("The front cannot listen on " + address.getHostAddress() + ":" + requestedPort + ": "
                    + e.getMessage(), e);
        }
        log.info("Warden listening on {}:{} (event loops); the servlet side on 127.0.0.1:{}", address.getHostAddress(), port(), servlet);
    }

    @Override
    public synchronized void stop() {
        var current = running;
        if (current == null) {
            return;
        }
        running = null;
        current.server().close().syncUninterruptibly();
        stopping = true;
        for (var connection : open) {
            connection.pipeline().fireUserEventTriggered(FrontHandler.DRAIN);
        }
        if (inProgress.get() == 0) {
            drained.complete(null);
        }
        try {
            if (!drainedInTime()) {
                // Every client's connection is through this front, and closes with its loops: what
                // is in progress now, here or on the servlet side, is recorded as cut off first, not
                // as whatever its connection's closing makes of it (a client gone).
                exchanges.cutOff();
            }
        } finally {
            current.loops().shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            current.accept().shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            try {
                current.relay().close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Waits up to the drain time for the requests in progress; returns whether none is left. */
    private boolean drainedInTime() {
        try {
            drained.get(drain.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            log.warn("{} requests still in progress after {} ms are cut off", inProgress.get(), drain.toMillis());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Where the front's requests run, each counted while in progress so that a stop can wait for it. */
    final class Requests implements Executor {

        /** Runs a request on a thread of its own. */
        @Override
        public void execute(Runnable request) {
            begin();
            try {
                threads.execute(() -> {
                    try {
                        request.run();
                    } finally {
                        end();
                    }
                });
            } catch (RuntimeException e) {
                end();
                throw e;
            }
        }

        /** Whether model requests begin on their loop. */
        boolean onLoop() {
            return loopUpstream;
        }

        /** The threads for what a request begun on its loop must not do there; it is counted as a whole. */
        Executor workers() {
            return threads;
        }

        void begin() {
            inProgress.incrementAndGet();
        }

        void end() {
            if (inProgress.decrementAndGet() == 0 && stopping) {
                drained.complete(null);
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running != null;
    }

    /**
     * After the servlet side's start (Spring Boot's web server starts 2048 phases below the
     * default, its graceful shutdown 1024 below) and so stopped before either.
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 512;
    }
}
