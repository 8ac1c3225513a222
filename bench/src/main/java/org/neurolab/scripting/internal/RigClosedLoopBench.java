package org.neurolab.scripting.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.neurolab.api.clock.LabClock;
import org.neurolab.api.control.CommandGuard;
import org.neurolab.api.control.CommandJournal;
import org.neurolab.api.control.GuardDecision;
import org.neurolab.api.control.LabControl;
import org.neurolab.api.driver.DeviceException;
import org.neurolab.api.driver.DeviceInfo;
import org.neurolab.api.driver.MeaDriver;
import org.neurolab.api.driver.SignalListener;
import org.neurolab.api.lab.CultureRegistry;
import org.neurolab.api.lab.MeaLayout;
import org.neurolab.api.lab.Organoid;
import org.neurolab.api.signal.SpikeBatch;
import org.neurolab.api.stimulation.PulseTrain;
import org.neurolab.api.stimulation.StimulatorRange;
import org.neurolab.control.StandaloneControl;
import org.neurolab.driver.sim.internal.StandaloneRig;
import org.neurolab.ethics.StandaloneAudit;
import org.neurolab.scripting.RunLimits;
import org.neurolab.scripting.RunRecord;
import org.neurolab.scripting.RunRequest;
import org.neurolab.scripting.RunState;
import org.neurolab.scripting.ScriptSource;

/**
 * {@code Bench closedloop}: closed-loop latency end to end (issue 14 item 8) on the lab's default simulated rig, paced in
 * real time on a lab clock: a spike's own lab time to the lab time its stimulation is applied ({@code spikeToApplied}
 * of the run's {@code closed_loop_latency}), beside the wall-clock issued/accepted figures. A script per language
 * ({@code closedloop/closed_loop_rig.py}, {@code closedloop/closed-loop-rig.js}: the example closed_loop_latency script
 * for a fixed lab time) runs through the lab's own {@link ScriptRunner} and the lab's control service (culture check,
 * stimulator range, guard board with an allow-all guard, and for {@code control+audit} the ethics bundle's audit journal
 * forced to disk), over all four arrays of one rig that runs for the whole bench as a lab's does.
 *
 * <p>Where the time goes is split with the public driver API only: a listener on the culture's array sees each 1 ms chunk's
 * spikes and then its watermark (the chunk's end), and the array handed to control is wrapped to note, per stimulation,
 * the lab clock and the last watermark when the command reached the driver. Parts: {@code spike→delivered} (the chunk's
 * end minus its oldest spike, data time), {@code delivery lag} (the lab clock at delivery minus the chunk's end: how far
 * the pacer trails lab time), {@code command lag} (the lab clock when the command reaches the driver minus the data
 * delivered by then), {@code ran on} (the data delivered when the command reaches the driver minus the end of the chunk
 * it answers: how far the model ran on while the script woke and answered; paired approximately, see {@link Probe}) and
 * {@code applied after data} (applied minus the data delivered by then: 0 when the rig was idle, the chunk being computed
 * when it was advancing). So spike→applied ≈ spike→delivered + ran on + applied after data ({@code paired_spike_to_applied}
 * is that sum's pairing, to check it against the run's own figure).
 */
public final class RigClosedLoopBench {
    /** The host's closed-loop figures the scripts return. */
    private static final List<String> KEYS = List.of("count", "issuedP50", "issuedP99", "acceptedP50", "acceptedP99", "calledP99", "coalesced",
            "spikeToAppliedCount", "spikeToAppliedP50", "spikeToAppliedP99", "spikeToAppliedP999", "spikeToAppliedMax");

    private RigClosedLoopBench() {
    }

    public static void run(List<String> args) throws Exception {
        double seconds = 30, warmup = 10, settle = 2;
        List<String> languages = List.of("py", "js");
        List<String> paths = List.of("control+audit", "control");
        String cultureId = null;
        List<Double> holds = List.of(10.0, 0.0);
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--seconds" -> seconds = positive(args, ++i);
                case "--warmup" -> warmup = Double.parseDouble(value(args, ++i, "--warmup")); // 0: no warm-up run
                case "--settle" -> settle = Double.parseDouble(value(args, ++i, "--settle"));
                case "--languages" -> languages = List.of(value(args, ++i, "--languages").split(","));
                case "--paths" -> paths = List.of(value(args, ++i, "--paths").split(","));
                case "--culture" -> cultureId = value(args, ++i, "--culture");
                case "--holds" -> holds = java.util.Arrays.stream(value(args, ++i, "--holds").split(",")).map(Double::parseDouble).toList();
                default -> throw new IllegalArgumentException("unknown option " + args.get(i)
                        + " (known: --seconds S --warmup S --settle S --languages py,js --paths control+audit,control --holds 10,0 --culture ID)");
            }
        }
        for (String l : languages) if (!l.equals("py") && !l.equals("js")) throw new IllegalArgumentException("unknown language '" + l + "' (py, js)");
        for (String p : paths) if (!p.equals("control") && !p.equals("control+audit"))
            throw new IllegalArgumentException("unknown path '" + p + "' (control, control+audit)");
        for (double h : holds) if (!(h >= 0 && h <= 100)) throw new IllegalArgumentException("--holds are 0..100 ms (the rig's closedLoopHoldMillis), was " + h);
        if (warmup < 0) throw new IllegalArgumentException("--warmup must be >= 0 s, was " + warmup);

        String loadAtStart = loadavg();
        LabClock clock = StandaloneControl.realTimeClock();
        long t0 = System.nanoTime();
        try (StandaloneRig rig = StandaloneRig.pacedDefault(clock)) {
            Organoid culture = culture(rig.cultures(), cultureId);
            System.err.printf(Locale.ROOT, "# default simulated rig, paced on a real-time lab clock (built in %.1f s): %s; %d MEAs, %d cultures; culture %s;"
                            + " %s %s, %d cores; %.0f s warm-up + %.0f s measured per (path, language), settled after %.0f s; loadavg at start %s%n",
                    (System.nanoTime() - t0) / 1e9, rig.sizing(), rig.meas().size(), rig.cultures().size(), culture.id(), System.getProperty("java.vm.name"),
                    System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), warmup, seconds, settle, loadAtStart);
            MeaDriver watched = rig.meas().stream().filter(m -> m.info().deviceId().equals(culture.meaId())).findFirst().orElseThrow();
            Probe probe = new Probe(clock);
            watched.addSignalListener(probe, false);
            List<MeaDriver> meas = new ArrayList<>();
            for (MeaDriver m : rig.meas()) meas.add(m == watched ? new TimedMea(m, probe) : m);
            CultureRegistry cultures = new Cultures(rig.cultures());
            for (String path : paths) {
                Path auditDir = null;
                StandaloneAudit audit = null;
                Map<String, CommandJournal> journals = Map.of();
                if (path.equals("control+audit")) {
                    auditDir = Files.createTempDirectory(Path.of("."), "bench-audit-");
                    audit = StandaloneAudit.open(auditDir, 8);
                    journals = Map.of("audit", audit);
                }
                CommandGuard allow = request -> GuardDecision.allow(List.of("bench.allow v1")); // stands in for the ethics guard's in-memory decision
                StandaloneControl standalone = StandaloneControl.open(cultures, clock, meas, Map.of("bench-allow", allow), journals);
                LabControl control = standalone.control();
                ScriptRunner runner = new ScriptRunner(control, cultures, clock);
                try {
                    for (String lang : languages) {
                        if (warmup > 0) measure(runner, culture, lang, warmup, settle);
                        for (double hold : holds) { // side by side on the same rig: lockstep, then free-running
                            rig.closedLoopHold(hold);
                            String before = loadavg();
                            probe.reset();
                            Map<String, Object> r = measure(runner, culture, lang, seconds, settle);
                            // the driver-side figures of the run's closed loop only: from its callback's registration to the end of its wait
                            String parts = probe.figures(Math.round(n(r, "listening_ms").doubleValue() * 1000), Math.round(n(r, "ended_ms").doubleValue() * 1000));
                            System.out.println(line(path, lang, culture, seconds, settle, r, parts).replace(" lang=", String.format(Locale.ROOT, " hold_ms=%.1f lang=", hold))
                                    + " loadavg_before=" + before.replace(' ', '/') + " loadavg_after=" + loadavg().replace(' ', '/') + " cores=" + Runtime.getRuntime().availableProcessors());
                            System.out.flush();
                        }
                    }
                } finally {
                    runner.deactivate();
                    standalone.close();
                    if (audit != null) audit.close();
                    if (auditDir != null) deleteTree(auditDir);
                }
            }
        }
    }

    private static Organoid culture(List<Organoid> cultures, String id) {
        if (id == null) return cultures.get(0);
        return cultures.stream().filter(o -> o.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no culture '" + id + "' on the default rig (sim-mea0-o0 … sim-mea3-o3)"));
    }

    static Map<String, Object> measure(ScriptRunner runner, Organoid culture, String lang, double seconds, double settle) throws Exception {
        boolean py = lang.equals("py");
        String file = py ? "closed_loop_rig.py" : "closed-loop-rig.js";
        String keys = String.join(", ", KEYS.stream().map(k -> (py ? "\"" : "'") + k + (py ? "\"" : "'")).toList());
        String head = py ? String.format(Locale.ROOT, "DURATION_MS = %d\nSETTLE_MS = %d\nKEYS = [%s]\n", Math.round(seconds * 1000), Math.round(settle * 1000), keys)
                : String.format(Locale.ROOT, "const DURATION_MS = %d, SETTLE_MS = %d, KEYS = [%s];\n", Math.round(seconds * 1000), Math.round(settle * 1000), keys);
        RunRecord r = runner.runAndWait(new RunRequest(ScriptSource.of(file, head + resource("closedloop/" + file)), ClosedLoopBench.CALLER,
                List.of(culture.id()), new RunLimits(Duration.ofMinutes(30), 50_000_000_000L, 1 << 20)));
        if (r.state() != RunState.SUCCEEDED) throw new IllegalStateException(file + " " + r.state() + ": " + r.error());
        return r.results();
    }

    static String line(String path, String lang, Organoid culture, double seconds, double settle, Map<String, Object> r, String parts) {
        Map<?, ?> all = (Map<?, ?>) r.get("latency");
        Map<?, ?> settled = (Map<?, ?>) r.get("settled");
        return String.format(Locale.ROOT,
                "closedloop-rig path=%s lang=%s culture=%s lab_s=%.0f batches=%s spikes_seen=%s stimulations=%s refused=%s"
                        + " spike_to_applied_n=%d spike_to_applied_p50_ms=%.3f spike_to_applied_p99_ms=%.3f spike_to_applied_p999_ms=%.3f spike_to_applied_max_ms=%.3f"
                        + " settled_after_s=%.0f settled_spike_to_applied_p50_ms=%.3f settled_spike_to_applied_p99_ms=%.3f settled_spike_to_applied_max_ms=%.3f"
                        + " issued_p50_us=%.0f issued_p99_us=%.0f accepted_p50_us=%.0f accepted_p99_us=%.0f called_p99_us=%.0f coalesced=%d"
                        + " %s",
                path, lang, culture.id(), seconds, r.get("batches"), r.get("spikes"), r.get("answered"), r.get("refused"),
                n(all, "spikeToAppliedCount").longValue(), ms(all, "spikeToAppliedP50"), ms(all, "spikeToAppliedP99"), ms(all, "spikeToAppliedP999"),
                ms(all, "spikeToAppliedMax"), settle, ms(settled, "spikeToAppliedP50"), ms(settled, "spikeToAppliedP99"), ms(settled, "spikeToAppliedMax"),
                n(all, "issuedP50").doubleValue(), n(all, "issuedP99").doubleValue(), n(all, "acceptedP50").doubleValue(), n(all, "acceptedP99").doubleValue(),
                n(all, "calledP99").doubleValue(), n(all, "coalesced").longValue(), parts);
    }

    private static Number n(Map<?, ?> m, String key) {
        return number(m, key);
    }

    private static Number number(Map<?, ?> m, String key) {
        Object v = m.get(key);
        if (!(v instanceof Number num)) throw new IllegalStateException("the run's closed_loop_latency has no number '" + key + "': " + m);
        return num;
    }

    private static double ms(Map<?, ?> m, String key) {
        return n(m, key).doubleValue() / 1000.0;
    }

    /** All three load averages and the running/total tasks, as /proc/loadavg gives them. */
    static String loadavg() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return ClosedLoopBench.loadAverage();
        }
    }

    private static double positive(List<String> args, int i) {
        double v = Double.parseDouble(value(args, i, args.get(i - 1)));
        if (!(v > 0)) throw new IllegalArgumentException(args.get(i - 1) + " must be > 0, was " + v);
        return v;
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) throw new IllegalArgumentException(option + " needs a value");
        return args.get(i);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = RigClosedLoopBench.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) throw new IOException("missing resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /** The rig's cultures, as the lab's culture registry announces them. */
    record Cultures(List<Organoid> all) implements CultureRegistry {
        @Override
        public List<Organoid> cultures() {
            return all;
        }

        @Override
        public Optional<Organoid> culture(String id) {
            return all.stream().filter(o -> o.id().equals(id)).findFirst();
        }
    }

    /**
     * Where the time goes, seen from the driver's side: per chunk, its oldest spike and its end (the watermark that follows
     * its spikes) against the lab clock; per stimulation, the lab clock and the data delivered when it reached the driver.
     * The listener runs on the rig's pacer thread, {@link #stimulated} on the script's thread; each log has one writer.
     */
    static final class Probe implements SignalListener {
        private final LabClock clock;
        private volatile long watermark = Long.MIN_VALUE;
        private long oldestSpikeOfChunk = Long.MIN_VALUE;
        /**
         * Chunks with spikes delivered since the last stimulation: {oldest spike, chunk end}; the oldest is the one answered.
         * Noted at their spikes, before the watermark: a script may answer a chunk before the rig gives its end.
         */
        private final java.util.ArrayDeque<long[]> unanswered = new java.util.ArrayDeque<>();
        private Logs logs = new Logs();

        Probe(LabClock clock) {
            this.clock = clock;
        }

        /** Each sample keyed by a lab time (a chunk's end, a command's arrival), so a run's window can be cut out afterwards. */
        private static final class Logs {
            final Samples spikeToDelivered = new Samples(), deliveryLag = new Samples();
            final Samples commandLag = new Samples(), appliedAfterData = new Samples();
            final Samples ranOn = new Samples(), pairedSpikeToApplied = new Samples();
        }

        synchronized void reset() {
            logs = new Logs();
            unanswered.clear();
        }

        @Override
        public synchronized void onSpikes(SpikeBatch batch) {
            if (batch.count() == 0) return;
            long oldest = batch.timesMicros()[0];
            for (int i = 1; i < batch.count(); i++) oldest = Math.min(oldest, batch.timesMicros()[i]);
            oldestSpikeOfChunk = oldestSpikeOfChunk == Long.MIN_VALUE ? oldest : Math.min(oldestSpikeOfChunk, oldest);
            long[] last = unanswered.peekLast();
            if (last != null && last[1] == UNKNOWN) last[0] = Math.min(last[0], oldest);
            else unanswered.add(new long[] {oldest, UNKNOWN});
        }

        /** The end of a chunk whose watermark has not come yet. */
        private static final long UNKNOWN = Long.MAX_VALUE;

        @Override
        public synchronized void onWatermark(String meaId, long completeUpToMicros) {
            long now = clock.nowMicros();
            watermark = completeUpToMicros;
            if (oldestSpikeOfChunk == Long.MIN_VALUE) return;
            logs.spikeToDelivered.add(completeUpToMicros, completeUpToMicros - oldestSpikeOfChunk);
            logs.deliveryLag.add(completeUpToMicros, now - completeUpToMicros);
            long[] last = unanswered.peekLast();
            if (last != null && last[1] == UNKNOWN) last[1] = completeUpToMicros;
            oldestSpikeOfChunk = Long.MIN_VALUE;
        }

        @Override
        public synchronized void onGap(String meaId, long fromMicros, long toMicros, String reason) {
            oldestSpikeOfChunk = Long.MIN_VALUE;
            unanswered.removeIf(c -> c[1] == UNKNOWN);
        }

        /**
         * A stimulation reached the driver at lab time {@code atMicros}, with the data complete up to {@code dataMicros}, and
         * is applied at {@code appliedMicros}. The script answers the oldest batch it has not answered yet (later ones come
         * with it), so the command is paired with the oldest chunk delivered since the previous command. Approximate: a
         * chunk delivered while the callback already ran counts as answered by it.
         */
        synchronized void stimulated(long atMicros, long dataMicros, long appliedMicros) {
            if (dataMicros == Long.MIN_VALUE) return;
            logs.commandLag.add(atMicros, atMicros - dataMicros);
            logs.appliedAfterData.add(atMicros, appliedMicros - dataMicros);
            long[] answered = unanswered.peekFirst();
            if (answered != null) {
                // keyed by the spike's time: a chunk from before the script listened is cut off with the window; a chunk
                // answered before its watermark came: the model had not run on at all
                logs.ranOn.add(answered[0], answered[1] == UNKNOWN ? 0 : dataMicros - answered[1]);
                logs.pairedSpikeToApplied.add(answered[0], appliedMicros - answered[0]);
            }
            unanswered.clear();
        }

        long watermark() {
            return watermark;
        }

        /** The figures of the samples keyed inside the run's closed loop, lab times {@code [fromMicros, toMicros]}. */
        synchronized String figures(long fromMicros, long toMicros) {
            Logs l = logs;
            Samples.Window d = l.spikeToDelivered.window(fromMicros, toMicros), lag = l.deliveryLag.window(fromMicros, toMicros);
            Samples.Window c = l.commandLag.window(fromMicros, toMicros), a = l.appliedAfterData.window(fromMicros, toMicros);
            Samples.Window r = l.ranOn.window(fromMicros, toMicros), ps = l.pairedSpikeToApplied.window(fromMicros, toMicros);
            return String.format(Locale.ROOT,
                    "chunks_with_spikes=%d spike_to_delivered_p50_ms=%.3f spike_to_delivered_p99_ms=%.3f delivery_lag_p50_ms=%.3f delivery_lag_p99_ms=%.3f"
                            + " delivery_lag_max_ms=%.3f commands=%d command_lag_p50_ms=%.3f command_lag_p99_ms=%.3f ran_on_p50_ms=%.3f ran_on_p99_ms=%.3f"
                            + " applied_after_data_p50_ms=%.3f applied_after_data_p99_ms=%.3f applied_after_data_nonzero=%.3f"
                            + " paired_spike_to_applied_p50_ms=%.3f paired_spike_to_applied_p99_ms=%.3f",
                    d.n(), d.ms(50), d.ms(99), lag.ms(50), lag.ms(99), lag.ms(100), c.n(), c.ms(50), c.ms(99), r.ms(50), r.ms(99),
                    a.ms(50), a.ms(99), a.fractionAbove(0), ps.ms(50), ps.ms(99));
        }
    }

    /** Lab-time samples (µs), each keyed by a lab time; percentiles of those keyed inside a window. One writer at a time. */
    static final class Samples {
        private long[] keys = new long[4_096], values = new long[4_096];
        private int count;

        void add(long keyMicros, long valueMicros) {
            if (count == keys.length) {
                keys = java.util.Arrays.copyOf(keys, count * 2);
                values = java.util.Arrays.copyOf(values, count * 2);
            }
            keys[count] = keyMicros;
            values[count++] = Math.max(0, valueMicros);
        }

        Window window(long fromMicros, long toMicros) {
            long[] in = new long[count];
            int n = 0;
            for (int i = 0; i < count; i++) if (keys[i] >= fromMicros && keys[i] <= toMicros) in[n++] = values[i];
            long[] sorted = java.util.Arrays.copyOf(in, n);
            java.util.Arrays.sort(sorted);
            return new Window(sorted);
        }

        record Window(long[] sorted) {
            int n() {
                return sorted.length;
            }

            /** The p-th percentile (nearest rank) in ms; 0 when empty. */
            double ms(double p) {
                if (sorted.length == 0) return 0;
                int rank = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
                return sorted[Math.max(0, Math.min(sorted.length - 1, rank))] / 1000.0;
            }

            double fractionAbove(long micros) {
                if (sorted.length == 0) return 0;
                int above = 0;
                for (long v : sorted) if (v > micros) above++;
                return (double) above / sorted.length;
            }
        }
    }

    /** The culture's array as control sees it, noting for each stimulation when it reached the driver (everything else passes through). */
    static final class TimedMea implements MeaDriver {
        private final MeaDriver mea;
        private final Probe probe;

        TimedMea(MeaDriver mea, Probe probe) {
            this.mea = mea;
            this.probe = probe;
        }

        @Override
        public long stimulate(List<Integer> electrodes, PulseTrain train) throws DeviceException {
            long data = probe.watermark();
            long at = probe.clock.nowMicros();
            long applied = mea.stimulate(electrodes, train);
            probe.stimulated(at, data, applied);
            return applied;
        }

        @Override
        public DeviceInfo info() {
            return mea.info();
        }

        @Override
        public MeaLayout layout() {
            return mea.layout();
        }

        @Override
        public StimulatorRange stimulatorRange() {
            return mea.stimulatorRange();
        }

        @Override
        public boolean detectsSpikes() {
            return mea.detectsSpikes();
        }

        @Override
        public long closedLoopHoldMicros() {
            return mea.closedLoopHoldMicros();
        }

        @Override
        public double[] electrodeImpedancesKilohms() throws DeviceException {
            return mea.electrodeImpedancesKilohms();
        }

        @Override
        public void addSignalListener(SignalListener listener, boolean wantsRaw) {
            mea.addSignalListener(listener, wantsRaw);
        }

        @Override
        public void removeSignalListener(SignalListener listener) {
            mea.removeSignalListener(listener);
        }

        @Override
        public void enterSafeState() throws DeviceException {
            mea.enterSafeState();
        }
    }
}
