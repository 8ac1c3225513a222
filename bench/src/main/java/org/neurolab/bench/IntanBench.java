package org.neurolab.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.neurolab.api.clock.LabClock;
import org.neurolab.api.control.Caller;
import org.neurolab.api.control.CommandGuard;
import org.neurolab.api.control.GuardDecision;
import org.neurolab.api.control.LabSession;
import org.neurolab.api.driver.MeaDriver;
import org.neurolab.api.driver.SignalListener;
import org.neurolab.api.lab.CultureRegistry;
import org.neurolab.api.lab.CultureState;
import org.neurolab.api.lab.Organoid;
import org.neurolab.api.lab.Provenance;
import org.neurolab.api.signal.RawSampleBlock;
import org.neurolab.api.signal.SpikeBatch;
import org.neurolab.control.StandaloneControl;
import org.neurolab.driver.intan.StandaloneRhx;
import org.neurolab.driver.intan.emulator.RhxEmulator;
import org.neurolab.recording.RecordingProvenance;
import org.neurolab.recording.RecordingStatus;
import org.neurolab.recording.internal.Recorder;
import org.neurolab.recording.internal.bus.BoundedStreamBus;
import org.neurolab.recording.internal.store.RecordingStore;

/**
 * {@code ./neurolab bench intan [SECONDS] [--channels N] [--raw]}: an emulated RHX streams N channels (default 128) at
 * 30 kHz, paced by the wall clock, over TCP into the Intan driver, whose raw blocks go through the lab's signal path
 * (control: the lab's spike detector, as for every raw-only array) into the recording's storage (H2 file, raw traces
 * with {@code --raw}). Reports whether the driver kept up (samples
 * delivered against real time, gaps, how far the watermark lagged the lab clock) and the CPU it cost: the CPU time of
 * every thread of the process except the emulator's (the driver's thread does the parsing and the detection; storage,
 * GC and JIT are counted too), as a share of one core and of the machine, from ThreadMXBean.
 */
public final class IntanBench {
    /** Stands in for the ethics guard's in-memory decision: the bench measures the path, not a policy. */
    static final CommandGuard ALLOW = request -> GuardDecision.allow(List.of("bench.allow v1"));

    private IntanBench() {
    }

    public static void run(List<String> args) throws Exception {
        int seconds = 30, channels = 128, warmup = 5;
        boolean raw = false;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--channels" -> channels = Integer.parseInt(args.get(++i));
                case "--warmup" -> warmup = Integer.parseInt(args.get(++i));
                case "--raw" -> raw = true;
                default -> seconds = Integer.parseInt(args.get(i));
            }
        }
        if (channels < 1 || channels > 128) throw new IllegalArgumentException("--channels must be 1..128 (4 ports × 32)");
        Path dir = Files.createTempDirectory("neurolab-bench-intan-");
        System.out.printf(Locale.ROOT, "intan bench: %d channels x 30 kHz = %.2f M samples/s from an emulated RHX over TCP -> driver -> detection -> H2 store%s; "
                + "%d s warm-up, %d s measured; %d cores; load %s%n", channels, channels * 0.03, raw ? " + raw traces" : "", warmup, seconds,
                Runtime.getRuntime().availableProcessors(), load());
        try (RhxEmulator emu = RhxEmulator.start(4, 32); RecordingStore store = RecordingStore.open(RecordingStore.h2Url(dir.resolve("h2/rec")), "", "");
             BoundedStreamBus bus = new BoundedStreamBus()) {
            Map<String, Object> config = new HashMap<>();
            config.put("deviceId", "bench/mea0");
            config.put("rigId", "bench");
            config.put("commandPort", Integer.toString(emu.commandPort()));
            config.put("dataPort", Integer.toString(emu.dataPort()));
            List<String> names = emu.channels().subList(0, channels);
            config.put("channels", String.join(",", names));
            long id = store.createRecording(0, System.currentTimeMillis(), List.of("bench/mea0"), List.of("bench"), raw, RecordingProvenance.none(), "bench");
            Recorder rec = new Recorder(id, store, bus, Map.of("bench/mea0", channels), (mea, e) -> "bench-o" + e / 32,
                    raw ? dir.resolve("raw") : null, 100, null);
            long[] samples = new long[1];
            List<Long> lags = Collections.synchronizedList(new ArrayList<>());
            long[] gaps = new long[1];
            LabClock clock = StandaloneControl.realTimeClock(); // the lab's real-time clock, as control gives it to the driver
            StandaloneRhx rhx = StandaloneRhx.create(config, clock, reason -> System.out.println("refused: " + reason));
            MeaDriver mea = rhx.mea();
            // through the lab's command and signal path, as in the lab: the driver's raw blocks are detected once in control
            Organoid culture = new Organoid("bench-o0", "bench/mea0", java.util.stream.IntStream.range(0, channels).boxed().toList(),
                    new Provenance("bench", "bench", "bench", LocalDate.now()), CultureState.ACTIVE);
            StandaloneControl standalone = StandaloneControl.open(new OneCulture(culture), clock, List.of(mea), Map.of("bench-allow", ALLOW), Map.of());
            LabSession session = standalone.control().openSession(new Caller("bench", Set.of("researcher"), "bench"));
            boolean keepRaw = raw;
            session.subscribe(culture.id(), new SignalListener() {
                public void onSpikes(SpikeBatch batch) {
                    rec.onDriverSpikes(batch);
                }

                public void onSamples(RawSampleBlock block) {
                    if (keepRaw) rec.onSamples(block);
                }

                public void onWatermark(String meaId, long t) {
                    lags.add(clock.nowMicros() - t);
                }

                public void onGap(String meaId, long from, long to, String reason) {
                    gaps[0]++;
                }
            }, raw);
            // what the driver delivered, counted at the driver
            mea.addSignalListener(new SignalListener() {
                public void onSpikes(SpikeBatch batch) {
                }

                public void onSamples(RawSampleBlock block) {
                    samples[0] += (long) block.sampleCount() * block.channelCount();
                }
            }, true);
            rhx.start();
            Thread.sleep(warmup * 1000L);
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            Map<String, Long> cpu0 = cpuByGroup(threads);
            long s0 = samples[0], g0 = gaps[0], t0 = System.nanoTime();
            lags.clear();
            RecordingStatus st0 = rec.status();
            Thread.sleep(seconds * 1000L);
            double wall = (System.nanoTime() - t0) / 1e9;
            Map<String, Long> cpu1 = cpuByGroup(threads);
            long delivered = samples[0] - s0;
            RecordingStatus st1 = rec.status();
            String loadAfter = load();
            session.close();
            standalone.close();
            rhx.close();
            rec.close();
            List<Long> l = new ArrayList<>(lags);
            Collections.sort(l);
            double lab = (cpu1.get("lab") - cpu0.get("lab")) / 1e9, acq = (cpu1.get("acquisition") - cpu0.get("acquisition")) / 1e9,
                    emuCpu = (cpu1.get("emulator") - cpu0.get("emulator")) / 1e9;
            System.out.printf(Locale.ROOT, "delivered %.3f M samples/s (%.3f x real time), gaps %d, malformed %d; watermark behind the lab clock p50 %.1f ms, p99 %.1f ms, "
                            + "max %.1f ms; spikes stored %d (missed %d, rejected blocks %d)%n", delivered / wall / 1e6, delivered / wall / (channels * 30_000.0),
                    gaps[0] - g0, rhx.malformedBlocks(), pct(l, 0.5) / 1000.0, pct(l, 0.99) / 1000.0, l.isEmpty() ? 0 : l.get(l.size() - 1) / 1000.0,
                    st1.acknowledgedSpikes() - st0.acknowledgedSpikes(), st1.missedSpikes(), st1.rejectedBlocks());
            System.out.printf(Locale.ROOT, "CPU: driver + detection + storage (all threads but the emulator's, GC and JIT included) %.1f %% of one core = %.1f %% of "
                            + "the %d-core machine; of it the driver's acquisition thread (TCP read, block parsing, detection) %.1f %% of one core; the emulator "
                            + "itself %.1f %% of one core; load after %s%n", 100 * lab / wall, 100 * lab / wall / Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().availableProcessors(), 100 * acq / wall, 100 * emuCpu / wall, loadAfter);
            double signalSeconds = delivered / (channels * 30_000.0);
            System.out.printf(Locale.ROOT, "per second of %d-channel signal delivered: %.1f %% of one core (driver thread %.1f %%); %.1f ns of CPU per sample%n", channels,
                    100 * lab / signalSeconds, 100 * acq / signalSeconds, lab * 1e9 / Math.max(1, delivered));
        }
    }

    private record OneCulture(Organoid culture) implements CultureRegistry {
        @Override
        public List<Organoid> cultures() {
            return List.of(culture);
        }

        @Override
        public Optional<Organoid> culture(String id) {
            return culture.id().equals(id) ? Optional.of(culture) : Optional.empty();
        }
    }

    /** CPU time so far: the emulator's threads, the driver's acquisition thread, and everything else but the emulator. */
    private static Map<String, Long> cpuByGroup(ThreadMXBean threads) {
        long emulator = 0, acquisition = 0, all = 0;
        for (long tid : threads.getAllThreadIds()) {
            ThreadInfo info = threads.getThreadInfo(tid);
            long t = threads.getThreadCpuTime(tid);
            if (info == null || t < 0) continue;
            if (info.getThreadName().startsWith("rhx-emulator")) emulator += t;
            else {
                all += t;
                if (info.getThreadName().startsWith("intan-rhx bench")) acquisition += t;
            }
        }
        // threads that ended (none expected while measuring) and JVM-internal GC/JIT threads are in the process total
        long process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        return Map.of("emulator", emulator, "acquisition", acquisition, "lab", Math.max(all, process - emulator));
    }

    private static long pct(List<Long> sorted, double q) {
        return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size())));
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
