package dev.warden.gateway.api;

import dev.warden.gateway.exchange.ClientResponse;
import dev.warden.gateway.exchange.Exchange;
import dev.warden.gateway.provider.SseFeed;
import dev.warden.gateway.routing.Dispatch;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Component;

/**
 * A stream relayed on the event loop that read both its request and its upstream's bytes, with no
 * thread of its own (src/bench/RESULTS.md, items 68 and 69): each event the upstream's bytes
 * complete is relayed by the same {@link StreamSteps} as on a worker (as it is, or translated for
 * the client's surface), and what was written is sent when the upstream has nothing more queued,
 * so that events an upstream sent together leave together. While the client takes the bytes more
 * slowly than the upstream sends them, the upstream is not read ({@link ClientResponse#backlogged}),
 * so that a stream never buffers without bound; a client gone cancels the upstream at once, not at
 * the next event ({@link ClientResponse#whenGone}).
 */
@Component
class LoopStreamRelay {

    /**
     * Relays a stream whose first event the dispatch has read, its response's head already begun
     * by whoever made {@code steps}; the future completes on the loop once the stream has ended,
     * as the blocking relay returns: properly, in error, or with its client gone, its outcome on
     * the exchange.
     *
     * @param steps the stream's steps, which cancel {@code dispatch.feed()} when the client is gone
     */
    CompletableFuture<Void> relay(Dispatch dispatch, Exchange exchange, ClientResponse response, StreamSteps steps) {
        var run = new Run(dispatch.feed(), exchange, response, steps);
        run.start(dispatch);
        return run.done;
    }

    /** One stream in progress. */
    private final class Run {

        private final SseFeed feed;
        private final Exchange exchange;
        private final ClientResponse response;
        private final StreamSteps steps;
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        /** Whether the upstream is held back until the client has taken what was sent. */
        private boolean paused;
        /**
         * Whether the relay is at work: the feed tells it of a break its own abort caused (a client
         * gone cancels the upstream), and that is not a turn of its own.
         */
        private boolean busy;
        /** {@link System#nanoTime} since when the relay has waited for the upstream with nothing queued; 0 when it has not. */
        private long waitingSince;
        /**
         * Whether the feed told the relay of something while it was at work. A send that fails
         * closes the client's connection then and there, inside the flush; the connection's watch
         * cancels the upstream, and the feed reports the break to a relay still at work. Unless it
         * looks again, the relay then waits for an upstream that will never say anything more, and
         * its request stays in progress for good, unrecorded (src/bench/RESULTS.md, item 86).
         */
        private boolean toldWhileBusy;

        Run(SseFeed feed, Exchange exchange, ClientResponse response, StreamSteps steps) {
            this.feed = feed;
            this.exchange = exchange;
            this.response = response;
            this.steps = steps;
        }

        void start(Dispatch dispatch) {
            busy = true;
            try {
                if (!steps.relay(dispatch.firstEvent())) {
                    done.complete(null);
                    return;
                }
            } catch (IOException clientGone) {
                gone();
                return;
            } catch (Throwable e) {
                done.completeExceptionally(e);
                return;
            } finally {
                busy = false;
            }
            feed.listen(this::relayQueued);
            // a client gone while the upstream is silent cancels it at once: the feed then reports the
            // break, and the relay's error event finds the client gone, which is what is recorded
            var watch = response.whenGone(feed::cancel);
            done.whenComplete((ended, failure) -> watch.run());
            relayQueued();
        }

        /** Relays what the feed has queued; when it has nothing, sends what was written and waits for the upstream. */
        private void relayQueued() {
            if (busy) {
                // Told while at work: looked at again before the relay waits (see toldWhileBusy).
                toldWhileBusy = true;
                return;
            }
            if (done.isDone() || paused) {
                return;
            }
            busy = true;
            try {
                if (waitingSince != 0) {
                    exchange.waitedUpstream(System.nanoTime() - waitingSince);
                    waitingSince = 0;
                }
                while (true) {
                    var event = feed.poll();
                    if (event == null && feed.failure() != null) {
                        steps.broke(feed.failure().getMessage());
                        done.complete(null);
                        return;
                    }
                    if (event == null && !feed.ended()) {
                        toldWhileBusy = false;
                        steps.flush();
                        if (toldWhileBusy) {
                            continue;
                        }
                        if (response.backlogged(this::drained)) {
                            paused = true;
                            feed.pause();
                        } else {
                            waitingSince = System.nanoTime();
                        }
                        return;
                    }
                    if (!steps.relay(event)) {
                        done.complete(null);
                        return;
                    }
                }
            } catch (IOException clientGone) {
                gone();
            } catch (Throwable e) {
                done.completeExceptionally(e);
            } finally {
                busy = false;
            }
        }

        /** The client has taken what was sent: the upstream is read again. */
        private void drained() {
            paused = false;
            feed.resume();
            relayQueued();
        }

        private void gone() {
            steps.clientGone();
            done.complete(null);
        }
    }
}
