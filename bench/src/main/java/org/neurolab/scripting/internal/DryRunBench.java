package org.neurolab.scripting.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.neurolab.api.control.Caller;
import org.neurolab.api.control.LabControl;
import org.neurolab.api.control.LabSession;
import org.neurolab.api.driver.DeviceInfo;
import org.neurolab.api.lab.CultureRegistry;
import org.neurolab.api.lab.CultureState;
import org.neurolab.api.lab.Electrode;
import org.neurolab.api.lab.MeaLayout;
import org.neurolab.api.lab.Organoid;
import org.neurolab.api.lab.Provenance;
import org.neurolab.api.stimulation.StimulatorRange;
import org.neurolab.control.CommandPaths;
import org.neurolab.control.StandaloneControl;
import org.neurolab.driver.sim.internal.VirtualRigFactoryComponent;
import org.neurolab.scripting.RunRecord;
import org.neurolab.scripting.RunRequest;
import org.neurolab.scripting.RunState;
import org.neurolab.scripting.ScriptSource;

/**
 * {@code Bench dryrun}: wall time of a dry run of a 10-lab-minute script on the default rig (a test pulse every 10 s and
 * the response counted after it, {@code dryrun/ten_minutes.py} and {@code dryrun/ten-minutes.js}), through the lab's own
 * {@link ScriptRunner#dryRun}: a private simulated rig with the default rig's culture-model settings (1000 neurons per
 * organoid, 120 days, 100 µm pitch), the culture {@code sim-mea0-o2} of the default layout (8 of the 32 electrodes of a
 * 30 kHz array, the simulated stimulator's range), seed 5 as in ScriptingIT. The ethics rehearsal guard is not part of
 * it (no ethics bundle here). The first run of each language is a cold JVM's (what a lab that has not dry-run yet pays);
 * later runs are warm. Each line gives the wall and process CPU time, the real-time factor, a hash of the results (the
 * same seed must give the same results) and the load average.
 */
public final class DryRunBench {
    static final String MEA = "sim/mea0";
    /** The default rig's third culture, as the lab announces it (Rig: electrodes 16..23, seeded 120 days ago). */
    static final Organoid CULTURE = new Organoid("sim-mea0-o2", MEA, List.of(16, 17, 18, 19, 20, 21, 22, 23),
            new Provenance("SIM-iPSC", "seed-5", "simulated-no-donor", LocalDate.now().minusDays(120)), CultureState.ACTIVE);
    /** The simulated MEA's stimulator (SimulatedMea.RANGE). */
    static final StimulatorRange RANGE = new StimulatorRange(250.0, 10, 10_000, 10_000, 1_000);
    static final Caller CALLER = new Caller("bench", Set.of("researcher"), "research");

    private DryRunBench() {
    }

    public static void run(List<String> args) throws Exception {
        int runs = 3;
        long seed = 5;
        int neurons = 1000;
        List<String> languages = List.of("py", "js");
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--runs" -> runs = Integer.parseInt(args.get(++i));
                case "--seed" -> seed = Long.parseLong(args.get(++i));
                case "--neurons" -> neurons = Integer.parseInt(args.get(++i));
                case "--languages" -> languages = List.of(args.get(++i).split(","));
                default -> throw new IllegalArgumentException("unknown option " + args.get(i) + " (known: --runs N --seed S --neurons N --languages py,js)");
            }
        }
        System.err.printf(Locale.ROOT, "# dry run of 10 lab minutes on the default rig's %s (%d neurons per organoid, seed %d), %d runs per language; %s %s, %d cores%n",
                CULTURE.id(), neurons, seed, runs, System.getProperty("java.vm.name"), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        Lab lab = new Lab();
        ScriptRunner runner = new ScriptRunner(lab, lab, StandaloneControl.realTimeClock());
        runner.virtualRigs(new VirtualRigFactoryComponent(neurons, 100.0, 120, seed, "bench", CommandPaths.unguarded()));
        try {
            for (String lang : languages) {
                String file = switch (lang) {
                    case "py" -> "ten_minutes.py";
                    case "js" -> "ten-minutes.js";
                    default -> throw new IllegalArgumentException("unknown language '" + lang + "' (py, js)");
                };
                String code = resource("dryrun/" + file);
                for (int k = 1; k <= runs; k++) {
                    long cpu0 = processCpuNanos();
                    long t0 = System.nanoTime();
                    RunRecord r = runner.dryRun(new RunRequest(ScriptSource.of(file, code), CALLER, List.of(CULTURE.id()), null));
                    double wall = (System.nanoTime() - t0) / 1e9;
                    double cpu = (processCpuNanos() - cpu0) / 1e9;
                    if (r.state() != RunState.SUCCEEDED) throw new IllegalStateException(file + " " + r.state() + ": " + r.error());
                    double labSeconds = r.labMicros() / 1e6;
                    System.out.printf(Locale.ROOT, "dryrun lang=%s run=%d lab_s=%.1f wall_s=%.2f realtime_x=%.1f cpu_s=%.2f spikes=%s results_hash=%08x load=%s%n",
                            lang, k, labSeconds, wall, labSeconds / wall, cpu, r.results().get("spikes"), r.results().toString().hashCode(),
                            ClosedLoopBench.loadAverage());
                    System.out.flush();
                }
            }
        } finally {
            runner.deactivate();
        }
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = DryRunBench.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) throw new IOException("missing resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** What a dry run reads from the lab: the culture, its array's layout and stimulator range. No command reaches it. */
    static final class Lab implements LabControl, CultureRegistry {
        @Override
        public List<DeviceInfo> devices() {
            return List.of();
        }

        @Override
        public Optional<MeaLayout> layout(String meaId) {
            if (!MEA.equals(meaId)) return Optional.empty();
            List<Electrode> es = new ArrayList<>();
            for (int i = 0; i < 32; i++) es.add(new Electrode(i, i * 100.0, 0, 30));
            return Optional.of(new MeaLayout(MEA, es, 30_000));
        }

        @Override
        public Optional<StimulatorRange> stimulatorRange(String meaId) {
            return MEA.equals(meaId) ? Optional.of(RANGE) : Optional.empty();
        }

        @Override
        public List<String> missingRequiredGuards() {
            return List.of();
        }

        @Override
        public LabSession openSession(Caller caller) {
            throw new IllegalStateException("a dry run must not open a session on the lab");
        }

        @Override
        public List<Organoid> cultures() {
            return List.of(CULTURE);
        }

        @Override
        public Optional<Organoid> culture(String id) {
            return CULTURE.id().equals(id) ? Optional.of(CULTURE) : Optional.empty();
        }
    }
}
