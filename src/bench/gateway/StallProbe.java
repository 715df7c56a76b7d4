import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures how often this machine fails to run a thread that asks to run: sleeps 1 ms at a time,
 * on one platform thread, and records each wake-up that came more than a threshold late. Run at
 * idle and pinned to one CPU ({@code taskset}), what it finds is time the CPU itself was away, as
 * when a hypervisor runs something else on it; every request whose path needs that CPU then waits
 * too, whatever serves it. Nothing is allocated while it measures. Run as a single-file program:
 * {@code java StallProbe.java seconds thresholdMillis [absencesFile]}. Output: one line of
 * key=value pairs; with a file, also each absence as "startMicros endMicros" on the wall clock
 * (microseconds since the epoch, as OpenLoad's trace), to be matched with the requests it delayed.
 */
public class StallProbe {

    public static void main(String[] args) {
        double seconds = Double.parseDouble(args[0]);
        long threshold = (long) (Double.parseDouble(args[1]) * 1e6);
        long sleep = TimeUnit.MILLISECONDS.toNanos(1);
        var now = java.time.Instant.now();
        long epochOffset = now.getEpochSecond() * 1_000_000_000L + now.getNano() - System.nanoTime();
        long[] late = new long[(int) (seconds * 1000) + 1];
        long[] woke = new long[late.length];
        int stalls = 0;
        long started = System.nanoTime();
        long end = started + (long) (seconds * 1e9);
        for (long before = started; before < end; ) {
            LockSupport.parkNanos(sleep);
            long after = System.nanoTime();
            long overslept = after - before - sleep;
            if (overslept > threshold && stalls < late.length) {
                woke[stalls] = after;
                late[stalls++] = overslept;
            }
            before = after;
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        if (args.length > 2) {
            var lines = new StringBuilder();
            for (int i = 0; i < stalls; i++) {
                lines.append((woke[i] - late[i] + epochOffset) / 1000).append(' ').append((woke[i] + epochOffset) / 1000).append('\n');
            }
            try {
                java.nio.file.Files.writeString(java.nio.file.Path.of(args[2]), lines);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        long[] found = Arrays.copyOf(late, stalls);
        Arrays.sort(found);
        long total = Arrays.stream(found).sum();
        System.out.printf("STALLS count=%d per_s=%.1f share_pct=%.2f p50_ms=%.2f worst_ms=%.2f seconds=%.1f%n", stalls, stalls / elapsed,
                total / 1e7 / elapsed, stalls == 0 ? 0 : found[stalls / 2] / 1e6, stalls == 0 ? 0 : found[stalls - 1] / 1e6, elapsed);
    }
}
