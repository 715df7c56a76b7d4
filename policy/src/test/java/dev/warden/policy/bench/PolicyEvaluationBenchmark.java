package dev.warden.policy.bench;

import dev.warden.policy.Decision;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.PolicyInput;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one policy decision, as the gateway pays it on every request: {@link PolicyEngine#evaluate}
 * against {@link BenchmarkBundle} (200 rules, 50 limits). The requests rotate through a mix of
 * {@value #REQUESTS}, so that neither the JIT nor the branch predictor sees one request only.
 * Run it with {@code src/bench/policy-eval.sh}; about 90 seconds.
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Threads(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 6)
public class PolicyEvaluationBenchmark {

    static final int REQUESTS = 64;

    private PolicyEngine engine;
    private PolicyInput[] requests;
    private int next;

    @Setup
    public void compile() {
        engine = PolicyEngine.compile(BenchmarkBundle.bundle(), ZoneOffset.UTC);
        requests = BenchmarkRequests.mix(REQUESTS).toArray(PolicyInput[]::new);
    }

    @Benchmark
    public Decision evaluate() {
        var request = requests[next];
        next = (next + 1) % REQUESTS;
        return engine.evaluate(request);
    }
}
