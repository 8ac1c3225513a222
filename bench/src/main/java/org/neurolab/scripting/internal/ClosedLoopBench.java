package org.neurolab.scripting.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.neurolab.api.clock.LabClock;
import org.neurolab.api.control.Caller;
import org.neurolab.api.control.CommandGuard;
import org.neurolab.api.control.CommandJournal;
import org.neurolab.api.control.CommandReceipt;
import org.neurolab.api.control.Dose;
import org.neurolab.api.control.ExchangeMedium;
import org.neurolab.api.control.GuardDecision;
import org.neurolab.api.control.LabControl;
import org.neurolab.api.control.LabSession;
import org.neurolab.api.control.Stimulate;
import org.neurolab.api.driver.DeviceInfo;
import org.neurolab.api.driver.DeviceKind;
import org.neurolab.api.driver.MeaDriver;
import org.neurolab.api.driver.SignalListener;
import org.neurolab.api.lab.CultureRegistry;
import org.neurolab.api.lab.CultureState;
import org.neurolab.api.lab.Electrode;
import org.neurolab.api.lab.MeaLayout;
import org.neurolab.api.lab.Organoid;
import org.neurolab.api.lab.Provenance;
import org.neurolab.api.signal.SpikeBatch;
import org.neurolab.api.stimulation.PulseTrain;
import org.neurolab.api.stimulation.StimulatorRange;
import org.neurolab.control.StandaloneControl;
import org.neurolab.ethics.StandaloneAudit;
import org.neurolab.scripting.RunLimits;
import org.neurolab.scripting.RunRecord;
import org.neurolab.scripting.RunRequest;
import org.neurolab.scripting.RunState;
import org.neurolab.scripting.ScriptSource;

/**
 * {@code Bench scripting}: closed-loop latency of experiment scripts, from a spike batch delivered by the driver's
 * thread to the stimulation the script's callback issues ({@code issued}: lab.stimulate called) and to the command
 * accepted ({@code accepted}: it returned, after every check, guard and journal, with the driver called). Real scripts
 * in both languages run by the lab's own {@link ScriptRunner} (shared engines, CONSTRAINED sandbox) in real time;
 * batches come from a feeder thread at a fixed rate, as from an acquisition thread. Three command paths:
 * <ul>
 * <li>{@code fast}: a session that accepts at once, so the scripting path alone is measured;</li>
 * <li>{@code control}: the lab's control service (culture check, stimulator range, guard board with an in-memory
 * guard, the driver), no journal;</li>
 * <li>{@code control+audit}: the same with the ethics bundle's audit journal, which forces each entry to disk
 * before the command may reach the driver (checkpoints signed in the background);</li>
 * <li>{@code control+audit-sync-checkpoints}: as the audit log was before: every 8th command also waits for a signed
 * checkpoint to be forced to disk.</li>
 * </ul>
 * Each (path, language) runs once to warm the JIT (not reported), then {@code --runs} times (default 1) measured, each
 * in a new context as the lab runs scripts. Every line gives the whole measured run and, as {@code settled_*}, the
 * batches from {@code --settle} seconds (default 2) after the loop started on: a new context spends its first second
 * or so compiling and re-specialising the run's code. {@code called}: the batch arriving to its callback called on
 * the script's thread (the wake-up share). {@code load}: the 1-minute load average at the end of the run. Languages
 * {@code js-options} and {@code py-options} send the command as the preludes did before they passed the pulse's
 * parameters one by one, for a comparison in the same run.
 */
public final class ClosedLoopBench {
    static final String MEA = "bench/mea0";
    static final Organoid CULTURE = new Organoid("bench-o1", MEA, List.of(0, 1, 2, 3, 4, 5, 6, 7),
            new Provenance("SIM-iPSC", "bench", "simulated-no-donor", LocalDate.now().minusDays(100)), CultureState.ACTIVE);
    static final Caller CALLER = new Caller("bench", Set.of("researcher"), "research");

    private ClosedLoopBench() {
    }

    public static void run(List<String> args) throws Exception {
        double seconds = 10;
        double rateHz = 100;
        List<String> languages = List.of("js", "py");
        List<String> paths = List.of("fast", "control", "control+audit-sync-checkpoints", "control+audit");
        Path auditDir = null;
        int checkpointEvery = 8;
        int runs = 1;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--seconds" -> seconds = Double.parseDouble(args.get(++i));
                case "--rate" -> rateHz = Double.parseDouble(args.get(++i));
                case "--languages" -> languages = List.of(args.get(++i).split(","));
                case "--paths" -> paths = List.of(args.get(++i).split(","));
                case "--audit-dir" -> auditDir = Path.of(args.get(++i));
                case "--checkpoint-every" -> checkpointEvery = Integer.parseInt(args.get(++i));
                case "--runs" -> runs = Integer.parseInt(args.get(++i));
                case "--settle" -> settleMs = Math.round(Double.parseDouble(args.get(++i)) * 1000);
                default -> throw new IllegalArgumentException("unknown option " + args.get(i)
                        + " (known: --seconds S --rate HZ --languages js,py --paths fast,control,control+audit-sync-checkpoints,control+audit --audit-dir DIR --checkpoint-every N --runs N --settle S)");
            }
        }
        System.err.printf(Locale.ROOT, "closed loop: %s s per run at %.0f batches/s, languages %s, paths %s; warm-up run first, then the measured run%n",
                seconds, rateHz, languages, paths);
        Feeder feeder = new Feeder(rateHz);
        Culture culture = new Culture();
        LabClock clock = StandaloneControl.realTimeClock();
        for (String path : paths) {
            Path dir = null;
            StandaloneAudit log = null;
            LabControl control;
            switch (path) {
                case "fast" -> control = new FastControl(feeder);
                case "control" -> control = standalone(culture, clock, new FeederMea(feeder), Map.of());
                case "control+audit" -> {
                    dir = auditDir != null ? Files.createDirectories(auditDir) : Files.createTempDirectory(Path.of("."), "bench-audit-");
                    log = StandaloneAudit.open(dir, checkpointEvery);
                    control = standalone(culture, clock, new FeederMea(feeder), Map.of("audit", log));
                    System.err.println("audit log in " + dir.toAbsolutePath() + " (checkpoint every " + checkpointEvery + " entries)");
                }
                case "control+audit-sync-checkpoints" -> {
                    // the audit log as it was before checkpoints moved off the append path: every N-th append also signs
                    // and forces a checkpoint before the command may go on (the log's own background checkpoints are off)
                    dir = auditDir != null ? Files.createDirectories(auditDir) : Files.createTempDirectory(Path.of("."), "bench-audit-");
                    StandaloneAudit opened = StandaloneAudit.open(dir, Integer.MAX_VALUE);
                    log = opened;
                    CommandJournal audit = opened;
                    int every = checkpointEvery;
                    AtomicLong appended = new AtomicLong();
                    CommandJournal inline = new CommandJournal() {
                        @Override
                        public void append(org.neurolab.api.control.CommandRecord record) throws Exception {
                            audit.append(record);
                            if (appended.incrementAndGet() % every == 0) opened.checkpoint();
                        }
                    };
                    control = standalone(culture, clock, new FeederMea(feeder), Map.of("audit", inline));
                    System.err.println("audit log in " + dir.toAbsolutePath() + " (checkpoint signed inline every " + checkpointEvery + " entries)");
                }
                default -> throw new IllegalArgumentException("unknown path '" + path + "' (fast, control, control+audit-sync-checkpoints, control+audit)");
            }
            ScriptRunner runner = new ScriptRunner(control, culture, clock);
            try {
                for (String lang : languages) {
                    measure(runner, lang, seconds);                       // warm-up
                    for (int k = 0; k < runs; k++) {
                        Map<String, Object> r = measure(runner, lang, seconds);
                        System.out.println(line(path, lang, r, rateHz, seconds) + " load=" + loadAverage());
                    }
                }
            } finally {
                runner.deactivate();
                if (log != null) log.close();
                if (dir != null && auditDir == null) deleteTree(dir);
            }
        }
        feeder.stop();
    }

    /** The lab's control over one array, its one guard allowing in memory (standing in for the ethics guard's decision). */
    static LabControl standalone(CultureRegistry cultures, LabClock clock, MeaDriver mea, Map<String, CommandJournal> journals) {
        CommandGuard allow = request -> GuardDecision.allow(List.of("bench.allow v1"));
        return StandaloneControl.open(cultures, clock, List.of(mea), Map.of("bench-allow", allow), journals).control();
    }

    /** The 1-minute load average, as the OS reports it (other work on the machine shows here). */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return String.format(Locale.ROOT, "%.2f", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    /** How long after the loop starts its latencies also count as "settled" (the run's own code warm), in ms. */
    static long settleMs = 2_000;

    static Map<String, Object> measure(ScriptRunner runner, String lang, double seconds) throws InterruptedException {
        long ms = Math.round(seconds * 1000);
        // "js-options", "py-options": the command sent as the preludes sent it before they passed the pulse's parameters one
        // by one (an options object/dict the host looked up key by key; Python: the six keys the old _pulse always built)
        String stimulate = switch (lang) {
            case "js" -> "lab.stimulate(o, [e], 1, {phaseUs: 100})";
            case "js-options" -> "_host.stimulate(o, [e], 1, {phaseUs: 100})";
            case "py" -> "lab.stimulate(o, [e], 1, phase_us=100)";
            case "py-options" -> "_host.stimulate(o, list([e]), 1, {\"phaseUs\": 100, \"interphaseUs\": 0, \"polarity\": \"cathodic-first\", \"count\": 1, "
                    + "\"periodUs\": 0, \"monophasic\": False})";
            default -> throw new IllegalArgumentException("unknown language '" + lang + "' (js, py, js-options, py-options)");
        };
        String code = lang.startsWith("js") ? """
                const o = lab.organoids()[0];
                const e = lab.electrodes(o)[0];
                let n = 0;
                lab.onSpikes(o, (batch) => { %s; n++; });
                const settled = lab.now() + %d;
                lab.wait(%d);
                lab.result('answered', n);
                for (const [key, l] of [['latency', lab.closedLoopLatency()], ['settled', lab.closedLoopLatency(settled)]])
                    lab.result(key, [l.count, l.issuedP50, l.issuedP99, l.issuedP999, l.acceptedP50, l.acceptedP99, l.acceptedP999, l.coalesced,
                                     l.calledP50, l.calledP99, l.calledP999]);
                """.formatted(stimulate, settleMs, ms) : """
                o = lab.organoids()[0]
                e = lab.electrodes(o)[0]
                n = [0]
                def answer(batch):
                    %s
                    n[0] += 1
                lab.on_spikes(o, answer)
                settled = lab.now() + %d
                lab.wait(%d)
                lab.result("answered", n[0])
                for key, l in (("latency", lab.closed_loop_latency()), ("settled", lab.closed_loop_latency(settled))):
                    lab.result(key, [l["count"], l["issued_p50_us"], l["issued_p99_us"], l["issued_p999_us"],
                                     l["accepted_p50_us"], l["accepted_p99_us"], l["accepted_p999_us"], l["coalesced"],
                                     l["called_p50_us"], l["called_p99_us"], l["called_p999_us"]])
                """.formatted(stimulate, settleMs, ms);
        String file = "closed-loop-bench" + (lang.endsWith("-options") ? "-options" : "") + (lang.startsWith("js") ? ".js" : ".py");
        RunRecord r = runner.runAndWait(new RunRequest(ScriptSource.of(file, code), CALLER, List.of(CULTURE.id()),
                new RunLimits(Duration.ofMinutes(10), 5_000_000_000L, 1 << 20)));
        if (r.state() != RunState.SUCCEEDED) throw new IllegalStateException(lang + " run " + r.state() + ": " + r.error());
        return r.results();
    }

    static String line(String path, String lang, Map<String, Object> r, double rateHz, double seconds) {
        @SuppressWarnings("unchecked")
        List<Number> l = (List<Number>) r.get("latency");
        @SuppressWarnings("unchecked")
        List<Number> w = (List<Number>) r.get("settled");
        return String.format(Locale.ROOT,
                "scripting-closed-loop path=%s lang=%s batches_per_s=%.0f seconds=%.1f answered=%s latencies=%d issued_p50_us=%.1f issued_p99_us=%.1f issued_p999_us=%.1f accepted_p50_us=%.1f accepted_p99_us=%.1f accepted_p999_us=%.1f coalesced=%d called_p50_us=%.1f called_p99_us=%.1f called_p999_us=%.1f"
                        + " settled_after_s=%.1f settled_latencies=%d settled_issued_p50_us=%.1f settled_issued_p99_us=%.1f settled_issued_p999_us=%.1f settled_accepted_p99_us=%.1f settled_called_p99_us=%.1f",
                path, lang, rateHz, seconds, r.get("answered"), l.get(0).longValue(), l.get(1).doubleValue(), l.get(2).doubleValue(), l.get(3).doubleValue(),
                l.get(4).doubleValue(), l.get(5).doubleValue(), l.get(6).doubleValue(), l.get(7).longValue(),
                l.get(8).doubleValue(), l.get(9).doubleValue(), l.get(10).doubleValue(),
                settleMs / 1000.0, w.get(0).longValue(), w.get(1).doubleValue(), w.get(2).doubleValue(), w.get(3).doubleValue(), w.get(5).doubleValue(),
                w.get(9).doubleValue());
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /** Delivers a one-spike batch to every listener at a fixed rate from its own thread, as an acquisition thread does. */
    static final class Feeder {
        final List<SignalListener> listeners = new CopyOnWriteArrayList<>();
        private final Thread thread;
        private volatile boolean stopped;

        Feeder(double rateHz) {
            long periodNanos = Math.round(1e9 / rateHz);
            long origin = System.nanoTime();
            thread = Thread.ofPlatform().name("bench-acquisition").daemon().start(() -> {
                long next = System.nanoTime() + periodNanos;
                while (!stopped) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) LockSupport.parkNanos(wait);
                    if (System.nanoTime() < next) continue;
                    next += periodNanos;
                    long t = (System.nanoTime() - origin) / 1_000;
                    SpikeBatch b = new SpikeBatch(MEA, 1, new int[] {1}, new long[] {t}, new float[] {-80f});
                    for (SignalListener l : listeners) l.onSpikes(b);
                }
            });
        }

        void stop() {
            stopped = true;
        }
    }

    static final class Culture implements CultureRegistry {
        @Override
        public List<Organoid> cultures() {
            return List.of(CULTURE);
        }

        @Override
        public Optional<Organoid> culture(String id) {
            return CULTURE.id().equals(id) ? Optional.of(CULTURE) : Optional.empty();
        }
    }

    /** An MEA driver that takes stimulation at once and whose signals come from the feeder. */
    static final class FeederMea implements MeaDriver {
        private final Feeder feeder;
        final AtomicLong stimulations = new AtomicLong();

        FeederMea(Feeder feeder) {
            this.feeder = feeder;
        }

        @Override
        public DeviceInfo info() {
            return new DeviceInfo(MEA, DeviceKind.MEA, "bench", "NeuroLab", "bench MEA", "1");
        }

        @Override
        public MeaLayout layout() {
            List<Electrode> es = new ArrayList<>();
            for (int i = 0; i < 8; i++) es.add(new Electrode(i, i * 100.0, 0, 30));
            return new MeaLayout(MEA, es, 30_000);
        }

        @Override
        public StimulatorRange stimulatorRange() {
            return new StimulatorRange(250, 10, 10_000, 10_000, 1_000);
        }

        @Override
        public long stimulate(List<Integer> electrodes, PulseTrain train) {
            stimulations.incrementAndGet();
            return 0;
        }

        @Override
        public void addSignalListener(SignalListener listener, boolean wantsRaw) {
            feeder.listeners.add(listener);
        }

        @Override
        public void removeSignalListener(SignalListener listener) {
            feeder.listeners.remove(listener);
        }

        @Override
        public void enterSafeState() {
        }
    }

    /** A lab whose sessions accept every command at once: the scripting path alone. */
    static final class FastControl implements LabControl {
        private final Feeder feeder;

        FastControl(Feeder feeder) {
            this.feeder = feeder;
        }

        @Override
        public List<DeviceInfo> devices() {
            return List.of();
        }

        @Override
        public Optional<MeaLayout> layout(String meaId) {
            return Optional.empty();
        }

        @Override
        public List<String> missingRequiredGuards() {
            return List.of();
        }

        @Override
        public LabSession openSession(Caller caller) {
            List<SignalListener> mine = new CopyOnWriteArrayList<>();
            AtomicLong commands = new AtomicLong();
            return new LabSession() {
                @Override
                public String id() {
                    return "fast";
                }

                @Override
                public Caller caller() {
                    return caller;
                }

                @Override
                public CommandReceipt stimulate(Stimulate command) {
                    return new CommandReceipt("fast-c" + commands.incrementAndGet(), MEA, 0);
                }

                @Override
                public CommandReceipt dose(Dose command) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public CommandReceipt exchangeMedium(ExchangeMedium command) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public AutoCloseable subscribe(String organoidId, SignalListener listener, boolean wantsRaw) {
                    mine.add(listener);
                    feeder.listeners.add(listener);
                    return () -> feeder.listeners.remove(listener);
                }

                @Override
                public void emergencyStop() {
                }

                @Override
                public void close() {
                    feeder.listeners.removeAll(mine);
                }
            };
        }
    }
}
