package org.neurolab.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.neurolab.simulator.internal.engine.Network;
import org.neurolab.simulator.internal.engine.NetworkBuilder;
import org.neurolab.simulator.internal.engine.YardstickNetwork;

/**
 * Whole-run benchmarks.
 *
 * <pre>
 * Bench sim [N K SECONDS] [--threads T] [--partitions P] [--seed S] [--warmup-s W]
 * Bench jmh [JMH options]          (the micro benchmarks in this jar, via org.openjdk.jmh.Main)
 * </pre>
 *
 * {@code sim} runs the yardstick of {@code docs/bench/izhikevich.md} and prints one line per
 * network in the key=value form of {@code brian2_izhikevich.py}; without N K SECONDS it runs
 * 1000×1000, 10000×100 and 100000×100 for 10 simulated seconds each. Notes go to stderr, so
 * stdout holds only result lines.
 *
 * <p>What is timed, as in the reference: the simulation loop alone. The network is built first
 * (not timed); the JIT is warmed on a separate network of the same size (different seed) for
 * {@code --warmup-s} simulated seconds (default 1); the measured network then runs 10 ms untimed,
 * as the reference's {@code run(10*ms)}, and the next SECONDS are timed.
 */
public final class Bench {

    private static final double[][] DEFAULT_NETWORKS = {{1000, 1000}, {10_000, 100}, {100_000, 100}};
    private static final double DEFAULT_SECONDS = 10;

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            usage(System.out);
            return;
        }
        switch (args[0]) {
            case "sim" -> sim(List.of(args).subList(1, args.length));
            case "recording" -> RecordingBench.run(List.of(args).subList(1, args.length));
            case "export" -> ExportBench.run(List.of(args).subList(1, args.length));
            case "intan" -> IntanBench.run(List.of(args).subList(1, args.length));
            case "scripting" -> org.neurolab.scripting.internal.ClosedLoopBench.run(List.of(args).subList(1, args.length));
            case "closedloop" -> org.neurolab.scripting.internal.RigClosedLoopBench.run(List.of(args).subList(1, args.length));
            case "startup" -> StartupBench.startup(List.of(args).subList(1, args.length));
            case "idle" -> StartupBench.idle(List.of(args).subList(1, args.length));
            case "dryrun" -> org.neurolab.scripting.internal.DryRunBench.run(List.of(args).subList(1, args.length));
            case "jmh" -> org.openjdk.jmh.Main.main(List.of(args).subList(1, args.length).toArray(String[]::new));
            default -> {
                System.err.println("unknown subcommand '" + args[0] + "'");
                usage(System.err);
                System.exit(2);
            }
        }
    }

    private static void usage(PrintStream out) {
        out.println("""
                usage: Bench sim [N K SECONDS] [--threads T] [--partitions P] [--seed S] [--warmup-s W]
                       Bench export [MINUTES MEAS]   export throughput of a raw recording (default 10 min, 4 arrays)
                       Bench scripting [--seconds S] [--rate HZ] [--languages js,py,js-options,py-options] [--paths fast,control,control+audit] [--runs N] [--settle S]
                       Bench closedloop [--seconds S] [--warmup S] [--settle S] [--languages py,js] [--paths control+audit,control] [--culture ID]
                                        (spike -> applied stimulation in lab time, scripts on the paced default simulated rig)
                       Bench intan [SECONDS] [--channels N] [--raw] [--warmup S]   (emulated RHX -> Intan driver -> detection -> storage, with CPU share)
                       Bench startup [--runs N] [--busy WORKERS]   (the distribution started N times, quiet then under busy-machine)
                       Bench idle [--settle S] [--seconds S]      (CPU share of an idle lab, per thread group)
                       Bench dryrun [--runs N] [--languages py,js] [--seed S] [--neurons N]
                       Bench jmh [JMH options, e.g. -f 1 -wi 3 -i 5 -p network=10000x100]
                sim without N K SECONDS runs 1000x1000, 10000x100 and 100000x100 for 10 s each.""");
    }

    private static void sim(List<String> args) {
        List<String> positional = new ArrayList<>();
        int threads = -1;
        int partitions = 2;
        long seed = 1;
        double warmupSeconds = 1;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--threads" -> threads = Integer.parseInt(value(args, ++i, arg));
                case "--partitions" -> partitions = Integer.parseInt(value(args, ++i, arg));
                case "--seed" -> seed = Long.parseLong(value(args, ++i, arg));
                case "--warmup-s" -> warmupSeconds = Double.parseDouble(value(args, ++i, arg));
                default -> {
                    if (arg.startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + arg + "; see Bench --help");
                    }
                    positional.add(arg);
                }
            }
        }
        List<double[]> networks = new ArrayList<>();
        if (positional.isEmpty()) {
            for (double[] nk : DEFAULT_NETWORKS) {
                networks.add(new double[] {nk[0], nk[1], DEFAULT_SECONDS});
            }
        } else if (positional.size() == 3) {
            networks.add(new double[] {Integer.parseInt(positional.get(0)), Integer.parseInt(positional.get(1)),
                Double.parseDouble(positional.get(2))});
        } else {
            throw new IllegalArgumentException("sim takes N K SECONDS or nothing, got " + positional);
        }
        System.err.printf(Locale.ROOT, "# %s %s, %d cores; wall time = simulation loop only (network built"
                        + " and JIT warmed beforehand)%n", System.getProperty("java.vm.name"),
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        for (double[] network : networks) {
            runOne((int) network[0], (int) network[1], network[2], seed, partitions, threads, warmupSeconds);
        }
    }

    private static String value(List<String> args, int index, String option) {
        if (index >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(index);
    }

    private static NetworkBuilder yardstick(int n, int k, long seed, int partitions, int threads) {
        NetworkBuilder builder = YardstickNetwork.builder(n, k, seed).partitions(partitions);
        return threads > 0 ? builder.threads(threads) : builder;
    }

    /** CPU time of this process (all its threads), ns: on a shared machine it shows what the wall time lost to others. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** The 1-minute load average as the OS reports it. */
    static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException | RuntimeException e) {
            return String.format(Locale.ROOT, "%.2f", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    static void runOne(int n, int k, double seconds, long seed, int partitions, int threads, double warmupSeconds) {
        if (warmupSeconds > 0) {
            long t0 = System.nanoTime();
            try (Network warm = yardstick(n, k, seed + 1, partitions, threads).build()) {
                warm.runMillis(warmupSeconds * 1000);
            }
            System.err.printf(Locale.ROOT, "# N=%d K=%d warm-up %.1f simulated s on a separate network: %.2f s%n",
                    n, k, warmupSeconds, (System.nanoTime() - t0) / 1e9);
        }
        long buildStart = System.nanoTime();
        try (Network network = yardstick(n, k, seed, partitions, threads).build()) {
            double buildSeconds = (System.nanoTime() - buildStart) / 1e9;
            network.runMillis(10);
            long spikesBefore = network.totalSpikes();
            long steps = Math.round(seconds * 1000 / network.timeStepMillis());
            long cpuStart = processCpuNanos();
            long start = System.nanoTime();
            network.run(steps);
            double wall = (System.nanoTime() - start) / 1e9;
            double cpu = (processCpuNanos() - cpuStart) / 1e9;
            long spikes = network.totalSpikes() - spikesBefore;
            int kEffective = (int) (network.synapseCount() / n);
            System.err.printf(Locale.ROOT, "# N=%d K=%d build %.2f s (not timed), threads=%d partitions=%d%n",
                    n, k, buildSeconds, network.threads(), network.partitions());
            System.out.printf(Locale.ROOT,
                    "neurolab-java N=%d K=%d sim_s=%s wall_s=%.3f realtime_x=%.3f spikes=%d rate_hz=%.2f "
                            + "neuron_updates_per_s=%.3e syn_events_per_s=%.3e cpu_s=%.3f load=%s%n",
                    n, kEffective, Double.toString(seconds), wall, seconds / wall, spikes, spikes / (double) n / seconds,
                    n * (double) steps / wall, spikes * (double) kEffective / wall, cpu, loadAverage());
            System.out.flush();
        }
    }
}
