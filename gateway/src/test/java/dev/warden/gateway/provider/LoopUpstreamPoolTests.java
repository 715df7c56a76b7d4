package dev.warden.gateway.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoop;
import io.netty.channel.nio.NioEventLoopGroup;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The event-loop client's connections: kept for the next call, retired by a policy, and bounded with the blocking client's. */
class LoopUpstreamPoolTests extends LoopUpstreamFixture {

    @Test
    void keepsTheConnectionForTheNextCallOnTheSameLoop() throws Exception {
        var provider = provider(Duration.ofSeconds(2), 4);
        for (int i = 0; i < 5; i++) {
            assertThat(call(provider).status()).isEqualTo(200);
        }
        assertThat(connections.get()).isEqualTo(1);
    }

    @Test
    void aConnectionKeptIdleOnAnotherLoopIsClosedForACallThatNeedsItsPlaceWhicheverLoopKeepsIt() throws Exception {
        var provider = provider(Duration.ofSeconds(2), 1);
        var others = new NioEventLoopGroup(3);
        try {
            // the one connection moves from loop to loop, so that every loop has kept it once and one keeps it now
            for (var each : others) {
                assertThat(upstream.send((EventLoop) each, provider, post(provider, "/", "{}"), 1024).answer().get(5, TimeUnit.SECONDS)
                        .status()).isEqualTo(200);
            }

            var answer = call(provider);

            assertThat(answer.status()).isEqualTo(200);
            assertThat(connections.get()).isEqualTo(4);
        } finally {
            others.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void closesTheKeptConnectionsOfAProviderANewPolicyEditsAndKeepsThoseOfOneItDoesNot() throws Exception {
        var kept = provider(Duration.ofSeconds(2), 4);
        inForce = java.util.Map.of(kept.name(), kept);
        call(kept);
        upstream.retireSuperseded();
        call(kept);
        assertThat(connections.get()).as("a policy that leaves the provider as it was").isEqualTo(1);

        var edited = kept.withMaxConnections(9);
        inForce = java.util.Map.of(edited.name(), edited);
        upstream.retireSuperseded();
        call(edited);
        assertThat(connections.get()).as("a policy that edits it").isEqualTo(2);
    }

    @Test
    void aCallBeyondTheProvidersConnectionsWaitsTheConnectLimitAndSaysWhichBound() throws Exception {
        var provider = provider(Duration.ofSeconds(5), 1).withMaxConnections(1);
        var holding = upstream.send(loop, provider, post(provider, "/slow", "{}"), 1024).answer();

        var beyond = upstream.send(loop, provider, post(provider, "/v1/chat/completions", "{}"), 1024).answer();

        assertFailure(beyond, UpstreamFailure.Kind.UNREACHABLE,
                "provider 'local' has all 1 of its connections (maxConnections) in use, and none came free within 200 ms");
        gate.countDown();
        assertThat(holding.get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
        // the freed connection serves the next call
        assertThat(upstream.send(loop, provider, post(provider, "/v1/chat/completions", "{}"), 1024).answer().get(5, TimeUnit.SECONDS)
                .status()).isEqualTo(429);
    }

    @Test
    void aCallCancelledWhileWaitingForAConnectionLeavesItToTheNextWaitingCall() throws Exception {
        var provider = provider(Duration.ofSeconds(3), Duration.ofSeconds(5), 1);
        var holding = upstream.send(loop, provider, post(provider, "/slow", "{}"), 1024).answer();
        var cancelled = upstream.send(loop, provider, post(provider, "/v1/chat/completions", "{}"), 1024);
        var next = upstream.send(loop, provider, post(provider, "/v1/chat/completions", "{}"), 1024).answer();
        await().atMost(Duration.ofSeconds(5)).until(() -> upstream.waiting("local") == 2);

        cancelled.cancel();
        gate.countDown();

        assertFailure(cancelled.answer(), UpstreamFailure.Kind.BROKEN, "the call was cancelled");
        assertThat(holding.get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(next.get(5, TimeUnit.SECONDS).status()).as("the call still waiting gets the freed connection").isEqualTo(429);
    }

    @Test
    void callsInProgressOnTheBlockingClientCountAgainstTheBound() throws Exception {
        var provider = provider(Duration.ofSeconds(5), 1).withMaxConnections(1);
        assertThat(permits.tryTake(provider)).as("a stream on the blocking client").isTrue();

        var answer = upstream.send(loop, provider, post(provider, "/v1/chat/completions", "{}"), 1024).answer();

        assertFailure(answer, UpstreamFailure.Kind.UNREACHABLE,
                "provider 'local' has all 1 of its connections (maxConnections) in use, and none came free within 200 ms");
        assertThat(permits.inUse("local")).as("the failed call gave back nothing it did not take").isEqualTo(1);
    }

    @Test
    void aCallWaitingForThePermitOfABlockingCallGoesOnWhenThatCallEnds() throws Exception {
        var provider = provider(Duration.ofSeconds(5), Duration.ofSeconds(5), 1);
        // a call that looks again on its own only after the test's limit: the permit given back must wake it
        var upstream = new LoopUpstream(LoopMessages.defaultTls(), permits, spec -> { }, () -> inForce, Duration.ofSeconds(60));
        assertThat(permits.tryTake(provider)).isTrue();
        var answer = upstream.send(loop, provider, post(provider, "/v1/chat/completions", "{}"), 1024).answer();
        await().atMost(Duration.ofSeconds(5)).until(() -> upstream.waiting("local") == 1);

        permits.give(provider);

        assertThat(answer.get(5, TimeUnit.SECONDS).status()).isEqualTo(429);
        assertThat(permits.inUse("local")).as("given back as the call ended").isZero();
        assertThat(upstream.waiting("local")).isZero();
    }

    @Test
    void aPermitGivenBackGoesToTheCallThatWaitedForItNotToANewerOne() throws Exception {
        var provider = provider(Duration.ofSeconds(5), Duration.ofSeconds(5), 1);
        // a call that looks again on its own only after the test's limit: only wake-ups move it
        var upstream = new LoopUpstream(LoopMessages.defaultTls(), permits, spec -> { }, () -> inForce, Duration.ofSeconds(60));
        var otherLoops = new NioEventLoopGroup(1);
        try {
            var waiterLoop = otherLoops.next();
            assertThat(permits.tryTake(provider)).as("a call on the blocking client").isTrue();
            var waited = upstream.send(waiterLoop, provider, post(provider, "/slow", "{}"), 1024).answer();
            await().atMost(Duration.ofSeconds(5)).until(() -> upstream.waiting("local") == 1);
            // The waiting call's loop is busy, so its wake-up waits there while a newer call's loop is free.
            var busy = new CountDownLatch(1);
            waiterLoop.execute(() -> awaitQuietly(busy));

            permits.give(provider);
            var newer = upstream.send(loop, provider, post(provider, "/v1/chat/completions", "{}"), 1024).answer();

            await().atMost(Duration.ofSeconds(5)).until(() -> upstream.waiting("local") == 2);
            assertThat(newer).as("queued behind the call that waited, though the permit is free").isNotDone();
            busy.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> slowArrived.get() == 1);
            assertThat(newer).as("its turn comes when the permit is given back again").isNotDone();
            gate.countDown();
            assertThat(waited.get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
            assertThat(newer.get(5, TimeUnit.SECONDS).status()).isEqualTo(429);
            assertThat(permits.inUse("local")).isZero();
        } finally {
            otherLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aPermitGivenBackWhileTheWaitingCallsLoopShutsDownIsStillGivenBack() throws Exception {
        var provider = provider(Duration.ofSeconds(5), Duration.ofSeconds(5), 1);
        var closing = new NioEventLoopGroup(1);
        assertThat(permits.tryTake(provider)).isTrue();
        upstream.send(closing.next(), provider, post(provider, "/v1/chat/completions", "{}"), 1024);
        await().atMost(Duration.ofSeconds(5)).until(() -> upstream.waiting("local") == 1);
        closing.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();

        permits.give(provider); // the waiting call's loop refuses its wake-up: nothing for the giver to handle

        assertThat(permits.inUse("local")).isZero();
        // the call left behind in the queue, whose loop is gone, does not keep a later call from its turn
        assertThat(upstream.send(loop, provider, post(provider, "/v1/chat/completions", "{}"), 1024).answer().get(5, TimeUnit.SECONDS)
                .status()).isEqualTo(429);
    }

    @Test
    void aCallHoldsItsProvidersPermitUntilItEnds() throws Exception {
        var provider = provider(Duration.ofSeconds(5), 4);
        var holding = upstream.send(loop, provider, post(provider, "/slow", "{}"), 1024).answer();
        await().atMost(Duration.ofSeconds(5)).until(() -> permits.inUse("local") == 1);

        gate.countDown();

        assertThat(holding.get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(permits.inUse("local")).isZero();
    }
}
