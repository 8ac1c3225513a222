package org.neurolab.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code Bench startup} and {@code Bench idle}: the lab's distribution started as {@code ./neurolab run} starts it (its
 * {@code jvm.args}, {@code org.neurolab.runtime.Main run}), in a home of its own on a free port.
 *
 * <ul>
 * <li>{@code startup}: {@code --runs N} starts (default 3; the first in a fresh home, which lays the defaults, makes the
 * admin account and the stores; the others restart in the same home), each timed from the process start to the
 * launcher's "ready" line and to HTTP 200 from the Web Console (authenticated); then, with {@code --busy W} (default 3,
 * 0 = none), the same again while {@code shared/tools/busy-machine W} keeps the machine busy.</li>
 * <li>{@code idle}: one start, then after {@code --settle S} s (default 15) the lab's process CPU time over
 * {@code --seconds S} s (default 30) of an idle lab, as a share of one core, and per thread group (the simulated rig's
 * pacer thread, recording, scripting, the rest) from {@code /proc/PID/task/*}.</li>
 * </ul>
 * Each line gives the load average. Every lab started is stopped (SIGTERM, then killed after 30 s).
 */
final class StartupBench {
    private static final String PASSWORD = "bench-startup-password";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private StartupBench() {
    }

    static void startup(List<String> args) throws Exception {
        int runs = 3;
        int busy = 3;
        Path root = Path.of(System.getProperty("neurolab.root", ".")).toAbsolutePath().normalize();
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--runs" -> runs = Integer.parseInt(args.get(++i));
                case "--busy" -> busy = Integer.parseInt(args.get(++i));
                case "--root" -> root = Path.of(args.get(++i)).toAbsolutePath().normalize();
                default -> throw new IllegalArgumentException("unknown option " + args.get(i) + " (known: --runs N --busy WORKERS --root DIR)");
            }
        }
        Path dist = distribution(root);
        System.err.printf(Locale.ROOT, "# startup: %d starts of %s (first in a fresh home), then %s; %d cores%n", runs, dist,
                busy > 0 ? "the same under shared/tools/busy-machine " + busy : "no busy run", Runtime.getRuntime().availableProcessors());
        measureStarts(dist, runs, "quiet");
        if (busy > 0) {
            Path tool = root.resolveSibling("shared").resolve("tools/busy-machine");
            if (!Files.isExecutable(tool)) tool = Path.of("/work/shared/tools/busy-machine");
            if (!Files.isExecutable(tool)) throw new IllegalStateException("no busy-machine tool at " + tool + " (use --busy 0)");
            Process load = new ProcessBuilder(tool.toString(), Integer.toString(busy), "3600").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                Thread.sleep(5_000); // let the load average climb a little
                measureStarts(dist, runs, "busy-machine-" + busy);
            } finally {
                stopTree(load);
            }
        }
    }

    private static void measureStarts(Path dist, int runs, String condition) throws Exception {
        Path home = Files.createTempDirectory("neurolab-bench-home-");
        try {
            for (int k = 1; k <= runs; k++) {
                int port = freePort();
                long t0 = System.nanoTime();
                Lab lab = Lab.start(dist, home, port);
                try {
                    String ready = lab.awaitLine("NeuroLab OS ready", Duration.ofMinutes(5));
                    double readyS = (System.nanoTime() - t0) / 1e9;
                    awaitHttp200(port, Duration.ofMinutes(2));
                    double httpS = (System.nanoTime() - t0) / 1e9;
                    String own = ready.replaceAll(".*ready in (\\d+) ms.*", "$1");
                    System.out.printf(Locale.ROOT, "startup condition=%s run=%d home=%s ready_s=%.2f launcher_ready_ms=%s http200_s=%.2f load=%s%n",
                            condition, k, k == 1 ? "fresh" : "restart", readyS, own, httpS, Bench.loadAverage());
                    System.out.flush();
                } finally {
                    lab.stop();
                }
            }
        } finally {
            deleteTree(home);
        }
    }

    static void idle(List<String> args) throws Exception {
        double settle = 15;
        double seconds = 30;
        Path root = Path.of(System.getProperty("neurolab.root", ".")).toAbsolutePath().normalize();
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--settle" -> settle = Double.parseDouble(args.get(++i));
                case "--seconds" -> seconds = Double.parseDouble(args.get(++i));
                case "--root" -> root = Path.of(args.get(++i)).toAbsolutePath().normalize();
                default -> throw new IllegalArgumentException("unknown option " + args.get(i) + " (known: --settle S --seconds S --root DIR)");
            }
        }
        Path dist = distribution(root);
        Path home = Files.createTempDirectory("neurolab-bench-home-");
        try {
            Lab lab = Lab.start(dist, home, freePort());
            try {
                lab.awaitLine("NeuroLab OS ready", Duration.ofMinutes(5));
                Thread.sleep(Math.round(settle * 1000));
                long pid = lab.process.pid();
                Map<String, Long> before = threadTicks(pid);
                long t0 = System.nanoTime();
                Thread.sleep(Math.round(seconds * 1000));
                Map<String, Long> after = threadTicks(pid);
                double wall = (System.nanoTime() - t0) / 1e9;
                Map<String, Double> groups = new HashMap<>();
                double total = 0;
                for (Map.Entry<String, Long> e : after.entrySet()) {
                    long ticks = e.getValue() - before.getOrDefault(e.getKey(), 0L);
                    double share = ticks / 100.0 / wall; // USER_HZ is 100 on Linux
                    total += share;
                    groups.merge(group(e.getKey().substring(e.getKey().indexOf(' ') + 1)), share, Double::sum);
                }
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "idle seconds=%.0f lab_cpu_share=%.3f", wall, total));
                for (String g : List.of("sim-rig", "recording", "scripting", "jit-gc", "other"))
                    line.append(String.format(Locale.ROOT, " %s=%.3f", g, groups.getOrDefault(g, 0.0)));
                System.out.println(line.append(" load=").append(Bench.loadAverage()));
            } finally {
                lab.stop();
            }
        } finally {
            deleteTree(home);
        }
    }

    private static String group(String thread) {
        if (thread.startsWith("sim-rig") || thread.startsWith("neurolab-sim")) return "sim-rig";
        if (thread.startsWith("stream-") || thread.startsWith("recording")) return "recording";
        if (thread.startsWith("neurolab-scrip") || thread.startsWith("scripting") || thread.startsWith("Truffle")) return "scripting";
        if (thread.startsWith("C2 ") || thread.startsWith("C1 ") || thread.startsWith("G1 ") || thread.startsWith("GC ") || thread.startsWith("VM ")) return "jit-gc";
        return "other";
    }

    /** utime + stime per thread ("tid name"), in clock ticks. */
    private static Map<String, Long> threadTicks(long pid) throws IOException {
        Map<String, Long> ticks = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException e) {
                    continue; // the thread ended
                }
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                String name = stat.substring(open + 1, close);
                String[] f = stat.substring(close + 2).split(" ");
                ticks.put(task.getFileName() + " " + name, Long.parseLong(f[11]) + Long.parseLong(f[12]));
            }
        }
        return ticks;
    }

    private static Path distribution(Path root) {
        Path dist = root.resolve("runtime/target/neurolab");
        if (!Files.isRegularFile(dist.resolve("jvm.args")))
            throw new IllegalStateException("no distribution at " + dist + ": build the project first (./neurolab build)");
        return dist;
    }

    private static void awaitHttp200(int port, Duration timeout) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/system/console/bundles"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(10)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("no HTTP 200 from the Web Console on port " + port + " within " + timeout);
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void stopTree(Process p) throws InterruptedException {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /** One lab process, its output read line by line. */
    private static final class Lab {
        final Process process;
        final List<String> lines = new ArrayList<>();

        private Lab(Process process) {
            this.process = process;
            Thread.ofPlatform().daemon().name("bench-lab-output").start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String l; (l = r.readLine()) != null; ) {
                        synchronized (lines) {
                            lines.add(l);
                            lines.notifyAll();
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
            });
        }

        static Lab start(Path dist, Path home, int port) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder(java, "@" + dist.resolve("jvm.args"), "-cp", dist.resolve("boot") + "/*",
                    "org.neurolab.runtime.Main", "run", "--port", Integer.toString(port), "--home", home.toString())
                    .directory(home.toFile()).redirectErrorStream(true);
            pb.environment().put("NEUROLAB_ADMIN_PASSWORD", PASSWORD);
            return new Lab(pb.start());
        }

        String awaitLine(String prefix, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            synchronized (lines) {
                int seen = 0;
                while (true) {
                    for (; seen < lines.size(); seen++) if (lines.get(seen).startsWith(prefix)) return lines.get(seen);
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || !process.isAlive() && seen == lines.size())
                        throw new IllegalStateException("no line '" + prefix + "' within " + timeout + "; the lab said: " + String.join("\n", lines));
                    TimeUnit.NANOSECONDS.timedWait(lines, Math.min(left, 200_000_000L));
                }
            }
        }

        void stop() throws InterruptedException {
            process.destroy(); // SIGTERM: the lab's shutdown hook stops every bundle
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
