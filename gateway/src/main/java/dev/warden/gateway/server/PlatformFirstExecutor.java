package dev.warden.gateway.server;

import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs request processing (Tomcat's, and the event-loop front's) on a pooled platform thread while few requests are in
 * progress, and on a new virtual thread otherwise.
 *
 * <p>A request's thread blocks on the upstream's answer. A platform thread sleeps in the kernel's
 * read, and the kernel wakes it when the answer arrives. A virtual thread registers the socket
 * with the JDK's poller and unmounts; the poller's thread wakes on the answer and must wake a
 * carrier to mount it again. When the machine is not busy, that is two thread wake-ups and an
 * {@code epoll_ctl} more for every upstream read, on the path of every request. When it is busy,
 * the carriers are awake anyway and the virtual thread's hand-offs are cheap queue operations,
 * while every platform thread would add the kernel's context switches between as many threads as
 * requests in progress. Hence the rule: a platform thread while fewer requests are in progress
 * than there are platform threads (by default one per core), a virtual thread beyond, which also
 * serves the many long streams and slow models that must not each hold a platform thread.
 * src/bench/RESULTS.md (item 55) has the measurements.
 */
public final class PlatformFirstExecutor implements Executor, AutoCloseable {

    private final int platformThreads;
    private final ThreadPoolExecutor platform;
    private final ThreadFactory virtualThreads = Thread.ofVirtual().name("request-v-", 0).factory();
    private final AtomicInteger inProgress = new AtomicInteger();

    PlatformFirstExecutor(int platformThreads) {
        this.platformThreads = platformThreads;
        ThreadFactory platformThreadsFactory = Thread.ofPlatform().daemon().name("request-p-", 0).factory();
        // A synchronous queue takes a task only when a platform thread is waiting for one. When
        // none is (one just done with a task is not waiting yet), the pool, at its maximum,
        // rejects the task, and it gets a virtual thread.
        this.platform = new ThreadPoolExecutor(platformThreads, platformThreads, 0, TimeUnit.SECONDS, new SynchronousQueue<>(),
                platformThreadsFactory, (task, pool) -> virtualThreads.newThread(task).start());
        this.platform.prestartAllCoreThreads();
    }

    @Override
    public void execute(Runnable task) {
        Runnable counted = () -> {
            try {
                task.run();
            } finally {
                inProgress.decrementAndGet();
            }
        };
        if (inProgress.getAndIncrement() < platformThreads) {
            platform.execute(counted);
        } else {
            virtualThreads.newThread(counted).start();
        }
    }

    /** Lets the platform threads finish what they run and end; later tasks run on virtual threads. */
    @Override
    public void close() {
        platform.shutdown();
    }
}
