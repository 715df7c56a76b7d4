import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Measures what this machine charges a process for writing again to memory it left alone for a
 * while: fills an array of the given size, writes one byte in each 4 KB page of it in four timed
 * passes, sleeps, and times four passes more. Each pass also reports the process's page faults
 * as the kernel counts them, so a slow pass without new faults is slowed below the guest kernel
 * (by the hypervisor). Nothing else runs in it, so the JIT is not a factor: the passes are the
 * same loop, compiled before the sleep. Run as a single-file program, with a heap above the size:
 * {@code java -Xms3g -Xmx3g -XX:+AlwaysPreTouch IdleTouch.java megabytes idleSeconds}
 * (src/bench/RESULTS.md, item 67).
 */
public class IdleTouch {

    private static final int PAGE = 4096;
    /** Where the passes' sums go, so that the writes cannot be optimised away. */
    private static volatile long sink;

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: java IdleTouch.java megabytes idleSeconds");
            System.exit(2);
        }
        int megabytes = Integer.parseInt(args[0]);
        int idleSeconds = Integer.parseInt(args[1]);
        // chunks under G1's humongous size, so that the array fits a heap only a little larger
        byte[][] chunks = new byte[megabytes * 2][];
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = new byte[1 << 19];
        }
        for (int pass = 0; pass < 8; pass++) {
            if (pass == 4) {
                System.out.println("idle " + idleSeconds + " s");
                Thread.sleep(idleSeconds * 1000L);
            }
            long start = System.nanoTime();
            long sum = 0;
            for (byte[] chunk : chunks) {
                for (int at = 0; at < chunk.length; at += PAGE) {
                    chunk[at]++;
                    sum += chunk[at];
                }
            }
            long nanos = System.nanoTime() - start;
            sink += sum;
            String[] stat = Files.readString(Path.of("/proc/self/stat")).split(" ");
            System.out.printf("pass %d: %.1f ms, minor faults so far %s, major %s%n", pass, nanos / 1e6, stat[9], stat[11]);
            Thread.sleep(200);
        }
    }
}
