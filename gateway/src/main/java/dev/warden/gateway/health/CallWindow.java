package dev.warden.gateway.health;

import java.util.Arrays;

/** The last calls to one target, in a ring: outcomes and latencies. */
final class CallWindow {

    static final int SIZE = 100;

    private final double[] latencies = new double[SIZE];
    private final boolean[] failures = new boolean[SIZE];
    private int next;
    private int count;

    synchronized void record(double latencyMs, boolean ok) {
        latencies[next] = latencyMs;
        failures[next] = !ok;
        next = (next + 1) % SIZE;
        count = Math.min(count + 1, SIZE);
    }

    synchronized ProviderHealth.Stats stats(String provider, String model, String circuit) {
        if (count == 0) {
            return new ProviderHealth.Stats(provider, model, circuit, 0, 0, 0, 0);
        }
        int failed = 0;
        for (int i = 0; i < count; i++) {
            failed += failures[i] ? 1 : 0;
        }
        var sorted = Arrays.copyOf(latencies, count);
        Arrays.sort(sorted);
        return new ProviderHealth.Stats(provider, model, circuit, count, (double) failed / count,
                percentile(sorted, 0.50), percentile(sorted, 0.95));
    }

    private static double percentile(double[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
    }
}
