package org.neurolab.bench;

import java.util.concurrent.TimeUnit;

import org.neurolab.simulator.internal.engine.Network;
import org.neurolab.simulator.internal.engine.YardstickNetwork;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one 0.5 ms engine step of the yardstick network (a step is 1/2000 of a simulated
 * second: real time needs ≤ 500 µs per step). The network keeps running across iterations, so
 * this measures the steady state after the onset transient.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EngineStepBenchmark {

    /** NxK of the yardstick. */
    @Param({"1000x1000", "10000x100", "100000x100"})
    public String network;

    /** Threads stepping the network (the partition count stays 2, so results do not change). */
    @Param({"1", "2"})
    public int threads;

    private Network net;

    @Setup(Level.Trial)
    public void build() {
        String[] nk = network.split("x");
        net = YardstickNetwork.builder(Integer.parseInt(nk[0]), Integer.parseInt(nk[1]), 1)
                .partitions(2).threads(threads).build();
        net.runMillis(200);
    }

    @Benchmark
    public long step() {
        net.step();
        return net.totalSpikes();
    }

    @TearDown(Level.Trial)
    public void close() {
        net.close();
    }
}
