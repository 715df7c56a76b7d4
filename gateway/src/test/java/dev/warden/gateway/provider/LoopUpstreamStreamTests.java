package dev.warden.gateway.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Streams read on an event loop: the answer at its head, its body pushed as it comes, held back, broken off, and the connection after. */
class LoopUpstreamStreamTests extends LoopUpstreamFixture {

    private static final String STREAM = "{\"stream\":true}";
    /** Longer than the fixture's: a stream's tests are about its body, not about a slow connect. */
    private static final Duration CONNECT = Duration.ofSeconds(1);

    @Test
    void answersAtTheHeadPushesTheBodyAsItComesAndKeepsTheConnectionAfterItsEnd() throws Exception {
        var provider = provider(CONNECT, Duration.ofSeconds(5), 4);
        var feed = new SseFeed();
        var call = upstream.send(loop, provider, post(provider, "/stream", STREAM), 1024, feed);

        var response = call.answer().get(5, TimeUnit.SECONDS);
        assertThat(response.status()).as("answered before the body's end, which waits for the gate").isEqualTo(200);
        var events = drain(feed);
        await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 1);
        assertThat(events.getFirst().data()).contains("\"a\"");
        assertThat(onLoop(feed::ended)).isFalse();
        assertThat(permits.inUse(provider.name())).as("the call holds its permit until the body's end").isEqualTo(1);

        gate.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> onLoop(feed::ended));
        assertThat(events).extracting(SseEvent::data).containsExactly(events.getFirst().data(), "[DONE]");
        assertThat(permits.inUse(provider.name())).isZero();
        response.close();

        var again = new SseFeed();
        assertThat(upstream.send(loop, provider, post(provider, "/stream", STREAM), 1024, again).answer().get(5, TimeUnit.SECONDS).status())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> onLoop(again::ended));
        assertThat(connections.get()).as("the second stream went on the first's connection").isEqualTo(1);
    }

    @Test
    void readsAnAnswerThatIsNotA2xxWhole() throws Exception {
        var provider = provider(CONNECT, Duration.ofSeconds(5), 4);

        var feed = new SseFeed();
        var response = upstream.send(loop, provider, post(provider, "/unavailable", STREAM), 1024, feed).answer().get(5, TimeUnit.SECONDS);

        assertThat(response.status()).isEqualTo(503);
        assertThat(new String(response.readBody(1024), StandardCharsets.UTF_8)).contains("overloaded");
        assertThat(onLoop(feed::poll)).as("nothing pushed").isNull();
        assertThat(onLoop(feed::ended)).isFalse();
    }

    @Test
    void theReadLimitBreaksOffAStreamThatFallsSilentButNotOneHeldBack() throws Exception {
        var provider = provider(CONNECT, Duration.ofMillis(300), 4);

        var broken = new SseFeed();
        upstream.send(loop, provider, post(provider, "/stream", STREAM), 1024, broken).answer().get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> onLoop(broken::failure) != null);
        assertThat(onLoop(broken::failure)).hasMessage("the upstream sent nothing for 300 ms");
        assertThat(permits.inUse(provider.name())).isZero();

        var feed = new SseFeed();
        // held back by its reader as its first bytes come, on the loop, so that no pause of the test's thread lets the limit pass first
        upstream.send(loop, provider, post(provider, "/stream", STREAM), 1024, pausingAtFirstBytes(feed)).answer().get(5, TimeUnit.SECONDS);
        // well past the read limit: a stream held back by its own reader is not silent
        await().during(Duration.ofMillis(900)).atMost(Duration.ofSeconds(3)).until(() -> onLoop(feed::failure) == null);
        gate.countDown();
        // the upstream's end now waits in the socket, unread
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !onLoop(feed::ended) && onLoop(feed::failure) == null);
        assertThat(onLoop(feed::failure)).isNull();
        assertThat(onLoop(feed::ended)).as("nothing is read while held back").isFalse();

        loop.submit(feed::resume).get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> onLoop(feed::ended));
        assertThat(onLoop(feed::failure)).isNull();
    }

    @Test
    void cancellingMidStreamDropsItsConnectionAndTellsTheReceiverWhy() throws Exception {
        var provider = provider(CONNECT, Duration.ofSeconds(5), 4);
        var feed = new SseFeed();
        var call = upstream.send(loop, provider, post(provider, "/stream", STREAM), 1024, feed);
        call.answer().get(5, TimeUnit.SECONDS);

        call.cancel("the total time limit of 1 s");

        await().atMost(Duration.ofSeconds(5)).until(() -> onLoop(feed::failure) != null);
        assertThat(onLoop(feed::failure)).hasMessage("the total time limit of 1 s");
        assertThat(permits.inUse(provider.name())).isZero();
        gate.countDown();
        var again = new SseFeed();
        upstream.send(loop, provider, post(provider, "/stream", STREAM), 1024, again).answer().get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> onLoop(again::ended));
        assertThat(connections.get()).as("the cancelled stream's connection was not kept").isEqualTo(2);
    }

    @Test
    void aReaderThatClosesTheResponseAtTheEndMarkerLeavesTheConnectionToBeKept() throws Exception {
        var provider = provider(CONNECT, Duration.ofSeconds(5), 4);
        for (var path : List.of("/fixed", "/done-then-gate", "/fixed")) {
            var feed = new SseFeed();
            var response = upstream.send(loop, provider, post(provider, path, STREAM), 1024, feed).answer().get(5, TimeUnit.SECONDS);
            var closed = closeAtEndMarker(feed, response);
            await().atMost(Duration.ofSeconds(5)).until(closed::isDone);
            if (path.equals("/done-then-gate")) {
                assertThat(permits.inUse(provider.name())).as("the rest of the body is still read").isEqualTo(1);
                gate.countDown();
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> permits.inUse(provider.name()) == 0);
        }
        assertThat(connections.get()).as("one connection for the three streams").isEqualTo(1);
    }

    @Test
    void abortingMidStreamDropsTheConnection() throws Exception {
        var provider = provider(CONNECT, Duration.ofSeconds(5), 4);
        var feed = new SseFeed();
        var response = upstream.send(loop, provider, post(provider, "/done-then-gate", STREAM), 1024, feed).answer().get(5, TimeUnit.SECONDS);

        response.abort();

        await().atMost(Duration.ofSeconds(5)).until(() -> onLoop(feed::failure) != null);
        assertThat(permits.inUse(provider.name())).isZero();
        gate.countDown();
        var again = new SseFeed();
        upstream.send(loop, provider, post(provider, "/fixed", STREAM), 1024, again).answer().get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> onLoop(again::ended));
        assertThat(connections.get()).isEqualTo(2);
    }

    /** Reads the stream as the relay does, closing the response as the end marker is taken; completes then. */
    private java.util.concurrent.CompletableFuture<Void> closeAtEndMarker(SseFeed feed, UpstreamResponse response)
            throws Exception {
        var closed = new java.util.concurrent.CompletableFuture<Void>();
        loop.submit(() -> {
            Runnable take = () -> {
                for (var event = feed.poll(); event != null; event = feed.poll()) {
                    if (event.data().equals("[DONE]")) {
                        response.close();
                        closed.complete(null);
                    }
                }
            };
            feed.listen(take);
            take.run();
        }).get(5, TimeUnit.SECONDS);
        return closed;
    }

    /** A receiver that gives everything to the feed, and holds the stream back as its first bytes come. */
    private static LoopUpstream.Receiver pausingAtFirstBytes(SseFeed feed) {
        return new LoopUpstream.Receiver() {
            private boolean paused;

            @Override
            public void attached(LoopUpstream.Flow flow) {
                feed.attached(flow);
            }

            @Override
            public void bytes(ByteBuf content) {
                feed.bytes(content);
                if (!paused) {
                    paused = true;
                    feed.pause();
                }
            }

            @Override
            public void end() {
                feed.end();
            }

            @Override
            public void broken(IOException cause) {
                feed.broken(cause);
            }
        };
    }

    /** Reads the feed's state on its loop, where the feed writes it. */
    private <T> T onLoop(Callable<T> read) throws Exception {
        return loop.submit(read).get(5, TimeUnit.SECONDS);
    }

    /** The feed's events as they are queued, taken on its loop. */
    private List<SseEvent> drain(SseFeed feed) throws Exception {
        var events = new CopyOnWriteArrayList<SseEvent>();
        loop.submit(() -> {
            Runnable take = () -> {
                for (var event = feed.poll(); event != null; event = feed.poll()) {
                    events.add(event);
                }
            };
            feed.listen(take);
            take.run();
        }).get(5, TimeUnit.SECONDS);
        return events;
    }
}
