package dev.warden.gateway.api;

import io.netty.channel.EventLoop;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The event loop a request was read on, where the parts of its path that never block run, and
 * the worker threads for any part that may: intent classification or a call with a model in
 * this process, the refill of a quota lease from the store (src/bench/RESULTS.md, items 64, 65
 * and 69).
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

    /** A step of the request path that may block, and what it gives the steps after it. */
    @FunctionalInterface
    public interface BlockingCall<T> {
        T call() throws IOException;
    }

    /** Runs the step on a worker; the future completes there, as the step ends. */
    public CompletableFuture<Void> onWorker(BlockingStep step) {
        return supplyOnWorker(() -> {
            step.run();
            return null;
        });
    }

    /** Runs the call on a worker; the future completes there, with what the call returned. */
    public <T> CompletableFuture<T> supplyOnWorker(BlockingCall<T> call) {
        var done = new CompletableFuture<T>();
        try {
            workers.execute(() -> {
                try {
                    done.complete(call.call());
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
