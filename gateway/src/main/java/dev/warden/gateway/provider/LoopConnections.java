package dev.warden.gateway.provider;

import dev.warden.policy.ProviderSpec;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.AttributeKey;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@link LoopUpstream}'s connections: kept per loop (a loop touches only its own, so they need no
 * lock) and per provider and address, and counted per provider on all loops, with the calls that
 * wait for a permit or a connection ({@link Slots}). A connection goes back to its loop's idle set
 * after a call unless a call elsewhere waits for a connection of its provider, or a policy since
 * its opening edited or removed its provider.
 */
final class LoopConnections {

    private static final AttributeKey<PoolKey> POOL = AttributeKey.valueOf("warden.upstream.pool");
    private static final AttributeKey<ProviderSpec> SPEC = AttributeKey.valueOf("warden.upstream.spec");
    private static final AttributeKey<Long> GENERATION = AttributeKey.valueOf("warden.upstream.generation");

    private final Consumer<ProviderSpec> measured;
    private final Supplier<Map<String, ProviderSpec>> inForce;
    /** Counts the policies activated: a connection made under an earlier one is checked against the providers in force once. */
    private volatile long generation;
    private final Map<String, Slots> slots = new ConcurrentHashMap<>();
    /** Idle connections by loop; each loop's map is only ever touched on that loop. */
    private final Map<EventLoop, Map<PoolKey, ArrayDeque<Channel>>> idle = new ConcurrentHashMap<>();

    /**
     * @param measured registers a provider's connection gauges, which count these connections too
     * @param inForce  the providers of the policy in force, by name
     */
    LoopConnections(Consumer<ProviderSpec> measured, Supplier<Map<String, ProviderSpec>> inForce) {
        this.measured = measured;
        this.inForce = inForce;
    }

    /** Where a connection goes: a provider at an address. */
    record PoolKey(String provider, String host, int port, boolean tls) {
    }

    /**
     * A provider's connections on every loop, and the calls waiting: for a permit (a call on either
     * client ending wakes the first), or, with one, for a connection (one closing wakes the first).
     * First come first; a call leaves its queue as it goes on or fails.
     */
    static final class Slots {
        final AtomicInteger open = new AtomicInteger();
        final AtomicInteger idle = new AtomicInteger();
        final ConcurrentLinkedQueue<LoopUpstream.Call> forPermit = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<LoopUpstream.Call> forConnection = new ConcurrentLinkedQueue<>();

        /** Wakes the first call in the queue, on its own loop, to look again. */
        static void wakeFirst(ConcurrentLinkedQueue<LoopUpstream.Call> queue) {
            var first = queue.peek();
            if (first != null) {
                first.wake();
            }
        }
    }

    Slots slots(String provider) {
        return slots.computeIfAbsent(provider, name -> new Slots());
    }

    /** The provider's slots, or null when no call has been made to it here. */
    Slots existing(String provider) {
        return slots.get(provider);
    }

    int inUse(String provider) {
        var bound = slots.get(provider);
        return bound == null ? 0 : Math.max(0, bound.open.get() - bound.idle.get());
    }

    int idle(String provider) {
        var bound = slots.get(provider);
        return bound == null ? 0 : bound.idle.get();
    }

    /** Calls waiting for a permit or a connection of the provider now. */
    int waiting(String provider) {
        var bound = slots.get(provider);
        return bound == null ? 0 : bound.forPermit.size() + bound.forConnection.size();
    }

    /** An open idle connection to {@code key} kept on {@code loop}, taken from the set; null when none. On {@code loop}. */
    Channel takeIdle(EventLoop loop, PoolKey key, Slots bound) {
        var pooled = idle.computeIfAbsent(loop, l -> new HashMap<>()).get(key);
        while (pooled != null && !pooled.isEmpty()) {
            var candidate = pooled.pollLast();
            bound.idle.decrementAndGet();
            if (candidate.isActive()) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * A connection being opened on {@code loop}, already counted in {@code bound.open}: marked
     * with its provider and key, and counted until it closes, when the first call waiting for a
     * connection of the provider is woken.
     */
    void opening(Channel opened, EventLoop loop, PoolKey key, ProviderSpec provider, Slots bound) {
        opened.attr(POOL).set(key);
        opened.attr(SPEC).set(provider);
        opened.attr(GENERATION).set(generation);
        measured.accept(provider);
        opened.closeFuture().addListener(closed -> {
            bound.open.decrementAndGet();
            var pooled = idle.get(loop);
            if (pooled != null && pooled.get(key) != null && pooled.get(key).remove(opened)) {
                bound.idle.decrementAndGet();
            }
            Slots.wakeFirst(bound.forConnection);
        });
    }

    /**
     * Has one idle connection to {@code key} closed on whichever loop but {@code loop} keeps one:
     * each other loop looks on itself, and the first that finds one closes it.
     */
    void closeOneIdleElsewhere(EventLoop loop, PoolKey key, Slots bound) {
        var closedOne = new AtomicBoolean();
        for (var other : idle.entrySet()) {
            if (other.getKey() == loop) {
                continue;
            }
            onLoop(other.getKey(), () -> {
                var kept = other.getValue().get(key);
                if (kept != null && !kept.isEmpty() && closedOne.compareAndSet(false, true)) {
                    bound.idle.decrementAndGet();
                    kept.pollFirst().close();
                }
            });
        }
    }

    /**
     * Keeps a connection for the next call on its loop, unless a call elsewhere holds a permit
     * and waits for a connection of its provider, or a policy since its opening edited or
     * removed its provider. On the connection's loop.
     */
    void release(Channel connection, boolean keepAlive) {
        var key = connection.attr(POOL).get();
        var bound = slots.get(key.provider());
        if (!keepAlive || !connection.isActive() || !bound.forConnection.isEmpty() || superseded(connection)) {
            connection.close(); // a waiting call opens its own on its own loop once this one is closed
            return;
        }
        bound.idle.incrementAndGet();
        idle.computeIfAbsent(connection.eventLoop(), l -> new HashMap<>()).computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(connection);
    }

    /**
     * Closes the idle connections of providers a new policy edits or removes, each on its loop;
     * one in use is closed when its call ends.
     */
    void retireSuperseded() {
        generation++;
        var providers = inForce.get();
        idle.forEach((loop, pooled) -> onLoop(loop, () -> pooled.values().forEach(connections -> List.copyOf(connections).forEach(connection -> {
            if (!connection.attr(SPEC).get().equals(providers.get(connection.attr(SPEC).get().name()))) {
                connection.close();
            }
        }))));
    }

    private boolean superseded(Channel connection) {
        long now = generation;
        if (connection.attr(GENERATION).get() == now) {
            return false;
        }
        var spec = connection.attr(SPEC).get();
        if (!spec.equals(inForce.get().get(spec.name()))) {
            return true;
        }
        connection.attr(GENERATION).set(now);
        return false;
    }

    /** Runs the task on the loop, unless the loop is shutting down, when its calls and connections end with it. */
    static void onLoop(EventLoop loop, Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException shuttingDown) {
            // nothing to wake or close there any more
        }
    }
}
