package dev.warden.gateway.provider;

import dev.warden.policy.ProviderSpec;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import io.netty.handler.ssl.SslContext;
import io.netty.util.NetUtil;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import dev.warden.gateway.policy.ActivePolicy;
import dev.warden.gateway.provider.LoopConnections.PoolKey;
import dev.warden.gateway.provider.LoopConnections.Slots;
import dev.warden.gateway.policy.PolicyActivated;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Upstream answers fetched on the event loop that serves the client, with no thread of their
 * own: the request is written and its answer read by the loop's selector, and the caller
 * continues on that loop when the answer is whole (src/bench/RESULTS.md, item 64), or, for a
 * stream that began with a 2xx, at its head, its body then pushed to a {@link Receiver} as it
 * comes (item 68). It takes the
 * requests {@link ProviderAdapter}s prepare for the blocking client, so that a provider's
 * translation is one piece of code whichever client sends it, and hands back an
 * {@link UpstreamResponse} held in memory, so that everything after the call is the same too.
 *
 * <p>HTTP and HTTPS ({@link #serves}); the caller sends anything else with the blocking client.
 * Connections are kept per loop and per provider and address ({@link LoopConnections}), idle
 * ones for at most {@link #MAX_IDLE}; a provider's {@code maxConnections} bounds its calls in progress on
 * this client and the blocking one together ({@link ProviderPermits}) and its connections on all
 * loops, and a call beyond either waits no longer than the connect limit, as the blocking
 * client's calls do. Time limits are the provider's: the connect limit, and the
 * read limit between any two reads from the request's write to the answer's end; the caller
 * keeps the total.
 */
@Component
public class LoopUpstream {

    static final Duration MAX_IDLE = Duration.ofSeconds(30);
    /** How much of a stream's body is read and dropped after its reader is done with it, to keep its connection. */
    static final int MAX_DISCARDED = 64 * 1024;
    /**
     * How often a waiting call looks again on its own, should a wake-up not come: the blocking
     * client takes permits without queueing, so the one a wake-up was for may already be gone.
     */
    private static final Duration LOOK_AGAIN = Duration.ofMillis(25);
    private static final AttributeKey<Call> CALL = AttributeKey.valueOf("warden.upstream.call");

    private final ProviderPermits permits;
    private final Duration lookAgain;
    private final SslContext tls;
    private final LoopConnections connections;

    @Autowired
    LoopUpstream(ProviderClients blocking, ActivePolicy policy, ProviderPermits permits) {
        this(LoopMessages.defaultTls(), permits, blocking::measured, () -> policy.current().providers());
        blocking.countAlso(new ProviderClients.OtherConnections() {
            @Override
            public int inUse(String provider) {
                return connections.inUse(provider);
            }

            @Override
            public int idle(String provider) {
                return connections.idle(provider);
            }
        });
    }

    /**
     * @param tls             the client side of TLS, for providers over HTTPS
     * @param permits  a provider's calls in progress on this client and the blocking one, which its bound counts together
     * @param measured registers a provider's connection gauges, which count these connections too
     * @param inForce  the providers of the policy in force, by name
     */
    LoopUpstream(SslContext tls, ProviderPermits permits, Consumer<ProviderSpec> measured, Supplier<Map<String, ProviderSpec>> inForce) {
        this(tls, permits, measured, inForce, LOOK_AGAIN);
    }

    /** @param lookAgain how often a waiting call looks again on its own ({@link #LOOK_AGAIN}) */
    LoopUpstream(SslContext tls, ProviderPermits permits, Consumer<ProviderSpec> measured, Supplier<Map<String, ProviderSpec>> inForce,
                 Duration lookAgain) {
        this.tls = tls;
        this.permits = permits;
        this.lookAgain = lookAgain;
        this.connections = new LoopConnections(measured, inForce);
        // a permit the blocking client gives back is a call here that may go on
        permits.onGiven(provider -> {
            var bound = connections.existing(provider);
            if (bound != null) {
                Slots.wakeFirst(bound.forPermit);
            }
        });
    }

    /**
     * Closes the idle connections of providers a new policy edits or removes, each on its loop;
     * one in use is closed when its call ends. A call under the old policy still in progress
     * finishes on its connection, as on the blocking client's retired pools.
     */
    @EventListener(PolicyActivated.class)
    void retireSuperseded() {
        connections.retireSuperseded();
    }

    /** Calls waiting for a permit or a connection of the provider now. */
    int waiting(String provider) {
        return connections.waiting(provider);
    }

    /** Whether calls to this provider can be sent from the loop: over HTTP or HTTPS. */
    public static boolean serves(ProviderSpec provider) {
        var scheme = provider.baseUrl() == null ? null : provider.baseUrl().getScheme();
        return "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
    }

    /**
     * Sends the request from {@code loop}; the future completes on that loop, with the whole
     * answer or an {@link UpstreamFailure}. {@link Call#cancel} drops the call and its connection.
     *
     * @param maxResponseBytes a longer body is not kept: reading the response's body then fails
     */
    public Call send(EventLoop loop, ProviderSpec provider, HttpUriRequestBase request, long maxResponseBytes) {
        return send(loop, provider, request, maxResponseBytes, null);
    }

    /**
     * {@link #send} a stream: an answer with a 2xx status completes the future at its head, with a
     * response whose body is not read from it: it is pushed to {@code receiver} as it comes, with
     * no bound on its length, and the read limit runs between its reads while the receiver does
     * not {@link Flow#pause} them. Any other status is read whole, as without, and the receiver
     * hears nothing more than {@link Receiver#attached}. The receiver is given here, before any
     * byte can come, so that none has to be kept for it.
     *
     * @param receiver null for a call whose answer is read whole whatever its status
     */
    public Call send(EventLoop loop, ProviderSpec provider, HttpUriRequestBase request, long maxResponseBytes, Receiver receiver) {
        var call = new Call(loop, provider, (int) Math.min(Integer.MAX_VALUE - 8, maxResponseBytes), receiver);
        if (receiver != null) {
            receiver.attached(call);
        }
        try {
            call.uri = request.getUri();
            call.message = LoopMessages.request(request, call.uri);
            call.key = new PoolKey(provider.name(), call.uri.getHost(), LoopMessages.port(call.uri), LoopMessages.tls(call.uri));
        } catch (IOException | URISyntaxException e) {
            call.fail(new UpstreamFailure(UpstreamFailure.Kind.BROKEN, "provider '" + provider.name() + "' failed: " + e.getMessage(), e));
            return call;
        }
        loop.execute(call::acquire);
        return call;
    }

    /** Where a stream's body goes, on the call's loop, as it comes. */
    public interface Receiver {

        /** Called once, as the call is sent, before any of the others; on the sender's thread. */
        void attached(Flow flow);

        /** Some of the body; the buffer is the call's again once this returns. */
        void bytes(ByteBuf content);

        /** The body ended as HTTP ends it; the connection went back to the pool. */
        void end();

        /** The body broke off: the connection failed or closed, the read limit passed, or the call was cancelled. */
        void broken(IOException cause);
    }

    /** What a {@link Receiver} may ask of the stream it reads, on the call's loop. */
    public interface Flow {

        /** Stops reading the upstream (its bytes wait in the socket) and its read limit, until {@link #resume}. */
        void pause();

        void resume();

        /** Drops the stream and its connection; the receiver is told it {@link Receiver#broken}. */
        void cancel();
    }

    /** One call in progress. All of it runs on its loop but {@link #send}'s first lines. */
    public final class Call implements Flow {

        private final EventLoop loop;
        private final ProviderSpec provider;
        private final CompletableFuture<UpstreamResponse> answer = new CompletableFuture<>();
        private URI uri;
        private PoolKey key;
        private DefaultFullHttpRequest message;
        private Channel channel;
        private ScheduledFuture<?> timer;
        private long lastRead;
        /** {@link System#nanoTime} until which the call waits for a permit or a connection; 0 when it does not. */
        private long waitingUntil;
        /** The queue the call waits in, or null. */
        private ConcurrentLinkedQueue<Call> queuedIn;
        /** Whether this wait had an idle connection on another loop closed for it: once per wait. */
        private boolean reclaimed;
        private HttpResponse head;
        /** {@link System#nanoTime} when the answer's head came; 0 before. */
        private long headAt;
        private ByteBuf body;
        private boolean tooLong;
        /** Whether the call holds one of its provider's permits ({@link ProviderPermits}), from before its connection to its end. */
        private boolean permitted;
        /** Whether the call has its connection or is opening one: a late wake-up then finds nothing to do. */
        private boolean started;

        private final int maxResponseBytes;
        /**
         * Where a 2xx answer's body is pushed (null: the call is not a stream); once its reader is
         * done, what drops the rest ({@link #discardRest}).
         */
        private Receiver receiver;
        /** Whether the body is being pushed: the answer has completed at its head, and the call goes on until the body's end. */
        private boolean pushing;
        /** Whether a pushed body has ended, broken off or been dropped. */
        private boolean pushed;
        private boolean paused;

        private Call(EventLoop loop, ProviderSpec provider, int maxResponseBytes, Receiver receiver) {
            this.loop = loop;
            this.provider = provider;
            this.maxResponseBytes = maxResponseBytes;
            this.receiver = receiver;
        }

        /** Has the call, waiting for a permit or a connection, look again on its loop. */
        void wake() {
            LoopConnections.onLoop(loop, this::acquire);
        }

        /** Completes on the call's loop. */
        public CompletableFuture<UpstreamResponse> answer() {
            return answer;
        }

        /**
         * {@link System#nanoTime} when the answer's head came, or 0 if it did not: a call's latency
         * ends there, as on the blocking client, which hands the response over at its head.
         * Read on the call's loop.
         */
        public long headAt() {
            return headAt;
        }

        /** Drops the call and its connection, and a stream's body; nothing once it has ended. */
        @Override
        public void cancel() {
            cancel("the call was cancelled");
        }

        /** {@link #cancel}, saying why: a time limit, say, which a stream's receiver then reports. */
        public void cancel(String why) {
            if (!loop.inEventLoop()) {
                loop.execute(() -> cancel(why));
            } else if (pushing) {
                broken(new IOException(why));
            } else {
                fail(new UpstreamFailure(UpstreamFailure.Kind.BROKEN, why, null));
            }
        }

        @Override
        public void pause() {
            if (pushing && !pushed && !paused) {
                paused = true;
                cancelTimer();
                channel.config().setAutoRead(false);
            }
        }

        @Override
        public void resume() {
            if (paused) {
                paused = false;
                if (!pushed) {
                    channel.config().setAutoRead(true);
                    lastRead = System.nanoTime();
                    timer = loop.schedule(this::checkRead, provider.timeouts().read().toNanos(), TimeUnit.NANOSECONDS);
                }
            }
        }

        private void acquire() {
            if (answer.isDone() || started) {
                return;
            }
            cancelTimer(); // a wait for a connection, if any: a call holds no other timer before its write
            var bound = connections.slots(provider.name());
            if (!permitted && !takePermit(bound)) {
                waitForSlot(bound);
                return;
            }
            var kept = connections.takeIdle(loop, key, bound);
            if (kept != null) {
                leaveQueue(bound);
                write(kept);
                return;
            }
            int max = provider.maxConnections();
            while (true) {
                int open = bound.open.get();
                if (open >= max) {
                    // Its permit says fewer than max calls are in progress, so some of these are idle, on other loops:
                    // one is closed, and its closing wakes the first call waiting for a connection.
                    queue(bound, bound.forConnection);
                    closeOneIdleElsewhere(bound);
                    waitForSlot(bound);
                    return;
                }
                if (bound.open.compareAndSet(open, open + 1)) {
                    break;
                }
            }
            leaveQueue(bound);
            resolveAndConnect(bound);
        }

        /** The call goes on: it leaves its queue, if it was in one, and the next there looks too, as more may have come free. */
        private void leaveQueue(Slots bound) {
            started = true;
            var was = queuedIn;
            if (!stopWaiting(bound) && was != null) {
                Slots.wakeFirst(was);
            }
        }

        /**
         * Takes a permit for the call, first come, first served: only a call that no other waits
         * for one ahead of may take it, so that under saturation newer calls do not pass a queued
         * one by until its wait runs out. A call that finds none queues before it tries once more,
         * so that a permit given back in between, which wakes the first queued call, is not missed.
         */
        private boolean takePermit(Slots bound) {
            if (!firstForPermit(bound) || !permits.tryTake(provider)) {
                queue(bound, bound.forPermit);
                if (!firstForPermit(bound) || !permits.tryTake(provider)) {
                    return false;
                }
            }
            permitted = true;
            return true;
        }

        private boolean firstForPermit(Slots bound) {
            var first = bound.forPermit.peek();
            // A call whose loop has stopped can never take its turn (its wake-ups are refused): it leaves the queue.
            while (first != null && first != this && first.loop.isShuttingDown()) {
                bound.forPermit.remove(first);
                first = bound.forPermit.peek();
            }
            return first == null || first == this;
        }

        private void givePermit() {
            if (permitted) {
                permitted = false;
                permits.give(provider);
            }
        }

        /** Queues the call in {@code queue}, moving it from the other if it was there; its wait's limit runs from the first. */
        private void queue(Slots bound, ConcurrentLinkedQueue<Call> queue) {
            if (waitingUntil == 0) {
                waitingUntil = System.nanoTime() + provider.timeouts().connect().toNanos();
            }
            if (queuedIn != queue) {
                leaveQueued();
                queuedIn = queue;
                queue.add(this);
            }
        }

        /**
         * Waits, queued, for a permit or a connection of the provider, no longer than the connect
         * limit from the first wait; it is woken as one comes free, and looks again now and then
         * ({@link #LOOK_AGAIN}).
         */
        private void waitForSlot(Slots bound) {
            long left = waitingUntil - System.nanoTime();
            if (left <= 0) {
                stopWaiting(bound);
                var limit = provider.timeouts().connect();
                fail(new UpstreamFailure(UpstreamFailure.Kind.UNREACHABLE, "provider '" + provider.name() + "' has all "
                        + provider.maxConnections() + " of its connections (maxConnections) in use, and none came free within "
                        + limit.toMillis() + " ms", null));
                return;
            }
            timer = loop.schedule(this::acquire, Math.min(left, lookAgain.toNanos()), TimeUnit.NANOSECONDS);
        }

        /**
         * Has one idle connection of the provider closed on whichever other loop keeps one, once
         * per wait: each other loop looks on itself, and the first that finds one closes it.
         */
        private void closeOneIdleElsewhere(Slots bound) {
            if (reclaimed || bound.idle.get() == 0) {
                return;
            }
            reclaimed = true;
            connections.closeOneIdleElsewhere(loop, key, bound);
        }

        /**
         * Takes the call out of its queue, if it was in one; the call next in line, if this one was
         * first, looks now, since it may go on in its place. Returns whether it was woken.
         */
        private boolean stopWaiting(Slots bound) {
            waitingUntil = 0;
            reclaimed = false;
            return leaveQueued();
        }

        /** Leaves the queue the call is in, if any, waking the next if this one was first; returns whether it did. */
        private boolean leaveQueued() {
            if (queuedIn == null) {
                return false;
            }
            var was = queuedIn;
            boolean first = was.peek() == this;
            was.remove(this);
            queuedIn = null;
            if (first) {
                Slots.wakeFirst(was);
            }
            return first;
        }

        /**
         * Connects once the host's address is known: an address in the URL at once, a name looked
         * up on a thread of its own (the JDK's lookup blocks), so that the loop never waits for DNS.
         */
        private void resolveAndConnect(Slots bound) {
            var literal = NetUtil.createByteArrayFromIpAddressString(key.host());
            if (literal != null) {
                try {
                    connect(bound, new InetSocketAddress(InetAddress.getByAddress(key.host(), literal), key.port()));
                } catch (UnknownHostException e) {
                    notConnected(bound, e);
                }
                return;
            }
            Thread.ofVirtual().name("upstream-lookup").start(() -> {
                try {
                    var address = new InetSocketAddress(InetAddress.getByName(key.host()), key.port());
                    loop.execute(() -> connect(bound, address));
                } catch (UnknownHostException e) {
                    loop.execute(() -> notConnected(bound, e));
                }
            });
        }

        /** The slot taken for a connection that was never made is given back. */
        private void notConnected(Slots bound, IOException cause) {
            bound.open.decrementAndGet();
            Slots.wakeFirst(bound.forConnection);
            fail(UpstreamFailure.classify(provider.name(), cause));
        }

        private void connect(Slots bound, InetSocketAddress address) {
            if (answer.isDone()) {
                notConnected(bound, new IOException("the call was cancelled")); // the failure is not used: the call has ended
                return;
            }
            var limit = provider.timeouts().connect();
            var connecting = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, limit.toMillis()))
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            if (key.tls()) {
                                channel.pipeline().addLast(LoopMessages.tlsHandler(tls, channel, key.host(), key.port(), limit));
                            }
                            channel.pipeline().addLast(new HttpClientCodec(),
                                    new IdleStateHandler(0, 0, MAX_IDLE.toSeconds(), TimeUnit.SECONDS), new Answers());
                        }
                    })
                    .connect(address);
            var opened = connecting.channel();
            connections.opening(opened, loop, key, provider, bound);
            connecting.addListener(done -> {
                if (done.isSuccess()) {
                    write(opened);
                } else {
                    var cause = done.cause();
                    fail(UpstreamFailure.classify(provider.name(), cause instanceof io.netty.channel.ConnectTimeoutException
                            ? new SocketTimeoutException("connect timed out after " + limit.toMillis() + " ms")
                            : cause instanceof IOException io ? io : new ConnectException(String.valueOf(cause.getMessage()))));
                }
            });
        }

        private void write(Channel connection) {
            if (answer.isDone()) {
                connections.release(connection, true);
                return;
            }
            channel = connection;
            connection.attr(CALL).set(this);
            lastRead = System.nanoTime();
            long limit = provider.timeouts().read().toNanos();
            timer = loop.schedule(this::checkRead, limit, TimeUnit.NANOSECONDS);
            connection.writeAndFlush(message.retainedDuplicate()).addListener(written -> {
                if (!written.isSuccess() && channel == connection) {
                    failed(written.cause());
                }
            });
        }

        /** Fires when the read limit may have passed since the last read; re-arms itself if it has not. */
        private void checkRead() {
            long limit = provider.timeouts().read().toNanos();
            long left = lastRead + limit - System.nanoTime();
            if (left > 0) {
                timer = loop.schedule(this::checkRead, left, TimeUnit.NANOSECONDS);
                return;
            }
            broken(new SocketTimeoutException("the upstream sent nothing for " + provider.timeouts().read().toMillis() + " ms"));
        }

        /** A part of the answer: its head, some of its body, or its end. */
        private void read(HttpObject part) {
            lastRead = System.nanoTime();
            if (part.decoderResult().isFailure()) {
                broken(new IOException("the upstream's answer is not HTTP: " + part.decoderResult().cause().getMessage(),
                        part.decoderResult().cause()));
                return;
            }
            if (part instanceof HttpResponse head) {
                if (head.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
                    return; // a 100 Continue nobody asked for; the real head follows
                }
                this.head = head;
                headAt = lastRead;
                if (receiver != null && head.status().codeClass() == HttpStatusClass.SUCCESS) {
                    pushing = true;
                    answer.complete(UpstreamResponse.pushed(LoopMessages.head(head), this::discardRest, this::cancel));
                    if (part instanceof HttpContent content) {
                        push(content);
                    }
                    return;
                }
                long declared = HttpUtil.getContentLength(head, -1L);
                body = Unpooled.buffer((int) Math.max(0, Math.min(declared, Math.min(maxResponseBytes, 1 << 20))));
            }
            if (pushing) {
                if (part instanceof HttpContent content) {
                    push(content);
                }
                return;
            }
            if (part instanceof HttpContent content && head != null) {
                var bytes = content.content();
                if (!tooLong && body.readableBytes() + (long) bytes.readableBytes() > maxResponseBytes) {
                    tooLong = true;
                    body.clear();
                } else if (!tooLong) {
                    body.writeBytes(bytes);
                }
                if (content instanceof LastHttpContent) {
                    answered();
                }
            }
        }

        /**
         * Some of a stream's body, to its receiver. At the body's end the connection
         * goes back first, so that a receiver that ends with the last bytes (at the stream's end
         * marker, say) and closes the response finds the call over, not a call to drop.
         */
        private void push(HttpContent content) {
            if (pushed) {
                return;
            }
            boolean last = content instanceof LastHttpContent;
            if (last) {
                pushed = true;
                cancelTimer();
                var connection = channel;
                channel = null;
                connection.attr(CALL).set(null);
                connection.config().setAutoRead(true);
                connections.release(connection, HttpUtil.isKeepAlive(head));
                givePermit();
                message.release();
            }
            var bytes = content.content();
            if (bytes.isReadable()) {
                receiver.bytes(bytes);
            }
            if (last) {
                receiver.end();
            }
        }

        /**
         * A stream's response closed before its body ended (its reader is done with it: the
         * stream's end marker came before HTTP's end): the rest is read and dropped, so that the
         * connection can be kept, as the blocking client reads what is left on close; no more
         * than {@link #MAX_DISCARDED} bytes of it, and under the read limit, or it is closed.
         */
        private void discardRest() {
            if (!loop.inEventLoop()) {
                loop.execute(this::discardRest);
                return;
            }
            if (!pushing || pushed) {
                return;
            }
            receiver = new Receiver() {
                private long discarded;

                @Override
                public void attached(Flow flow) {
                }

                @Override
                public void bytes(ByteBuf content) {
                    discarded += content.readableBytes();
                    if (discarded > MAX_DISCARDED) {
                        cancel("the upstream sent more than " + MAX_DISCARDED + " bytes after the stream's reader was done");
                    }
                }

                @Override
                public void end() {
                }

                @Override
                public void broken(IOException cause) {
                }
            };
            resume();
        }

        private void answered() {
            cancelTimer();
            var whole = LoopMessages.head(head);
            var bytes = ByteBufUtil.getBytes(body);
            body.release();
            body = null;
            var connection = channel;
            channel = null;
            connection.attr(CALL).set(null);
            connections.release(connection, HttpUtil.isKeepAlive(head) && !tooLong);
            givePermit();
            message.release();
            answer.complete(tooLong ? UpstreamResponse.brokenBody(whole, new UpstreamFailure(UpstreamFailure.Kind.BROKEN,
                    "the upstream response exceeds " + maxResponseBytes + " bytes", null)) : UpstreamResponse.inMemory(whole, bytes));
        }

        /**
         * The connection failed, or the answer could not be read, or the read limit passed. Before
         * the answer's head this is the call's failure; after it, the call is answered with that
         * head and a body whose reading fails so, as from the blocking client, which hands over
         * the head and meets the failure as the body is read.
         */
        private void broken(IOException cause) {
            if (pushing) {
                if (!pushed) {
                    pushed = true;
                    drop();
                    receiver.broken(cause);
                }
                return;
            }
            if (answer.isDone()) {
                return;
            }
            if (head == null) {
                fail(UpstreamFailure.classify(provider.name(), cause));
                return;
            }
            var whole = LoopMessages.head(head);
            var failure = answer;
            fail(null);
            failure.complete(UpstreamResponse.brokenBody(whole, cause));
        }

        private void failed(Throwable cause) {
            broken(cause instanceof IOException io ? io : new IOException(String.valueOf(cause.getMessage()), cause));
        }

        /** Ends the call with the failure, dropping its connection; with null, drops only (the caller completes it). */
        private void fail(UpstreamFailure failure) {
            if (answer.isDone()) {
                return;
            }
            drop();
            if (failure != null) {
                answer.completeExceptionally(failure);
            }
        }

        /** Lets go of all the call holds: its wait, its timer, its connection (closed), its buffers and its permit. */
        private void drop() {
            cancelTimer();
            var bound = connections.existing(provider.name());
            if (bound != null) {
                stopWaiting(bound);
            }
            if (channel != null) {
                channel.attr(CALL).set(null);
                channel.close();
                channel = null;
            }
            if (message != null && message.refCnt() > 0) {
                message.release();
            }
            if (body != null) {
                body.release();
                body = null;
            }
            givePermit();
        }

        private void cancelTimer() {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }
    }

    /** Hands the answer's parts to the connection's call; a connection that breaks or idles with none is closed. */
    private static final class Answers extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            var call = context.channel().attr(CALL).get();
            try {
                if (call == null) {
                    context.close(); // an answer nobody asked for: the connection is out of step
                } else if (message instanceof HttpObject part) {
                    call.read(part);
                }
            } finally {
                ReferenceCountUtil.release(message);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            var call = context.channel().attr(CALL).get();
            if (call != null) {
                call.failed(new IOException("the connection closed before the answer was whole"));
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext context, Object event) {
            if (event instanceof IdleStateEvent && context.channel().attr(CALL).get() == null) {
                context.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            var call = context.channel().attr(CALL).get();
            if (call != null) {
                call.failed(cause);
            }
            context.close();
        }
    }
}
