package dev.warden.gateway.api;

import io.netty.channel.EventLoop;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The event loop a request was read on, where the parts of its path that never block run, and
 * the worker threads for any part that may: a stream, a call to a model in this process, a
 * quota lease that must wait for the store (src/bench/RESULTS.md, item 64).
 *
 * @param loop    the loop the request's connection belongs to
 * @param workers runs what must not run on the loop
 */
public record RequestLoop(EventLoop loop, Executor workers) {

    /** A step of the request path that may block. */
    @FunctionalInterface
    public interface BlockingStep {
        void run() throws IOException;
    }

    /** Runs the step on a worker; the future completes there, as the step ends. */
    public CompletableFuture<Void> onWorker(BlockingStep step) {
        var done = new CompletableFuture<Void>();
        try {
            workers.execute(() -> {
                try {
                    step.run();
                    done.complete(null);
                } catch (Throwable failure) {
                    done.completeExceptionally(failure);
                }
            });
        } catch (RuntimeException refused) {
            done.completeExceptionally(refused);
        }
        return done;
    }
}
