package org.neurolab.scripting.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.neurolab.api.clock.LabClock;
import org.neurolab.api.control.LabControl;
import org.neurolab.api.driver.DeviceInfo;
import org.neurolab.api.driver.DeviceKind;
import org.neurolab.api.lab.CultureRegistry;
import org.neurolab.api.lab.MeaLayout;
import org.neurolab.api.lab.Organoid;
import org.neurolab.driver.sim.VirtualRig;
import org.neurolab.driver.sim.VirtualRigFactory;
import org.neurolab.driver.sim.VirtualRigSpec;
import org.neurolab.recording.RecordingService;
import org.neurolab.scripting.ExperimentRunner;
import org.neurolab.scripting.RunLimits;
import org.neurolab.scripting.RunRecord;
import org.neurolab.scripting.RunRequest;
import org.neurolab.scripting.ScriptLibrary;
import org.neurolab.scripting.ScriptSource;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs experiment scripts: a small pool of runner threads, a watchdog for each run's wall time, CPU time and
 * callback time ({@link RunWatch}), and a memory guard that ends the run to blame when the heap stays full after
 * collection ({@link MemoryGuard}; GraalVM Community has no per-context heap limit). Keeps the last {@value #HISTORY}
 * run records.
 */
@Component(immediate = true, service = {ExperimentRunner.class, ScriptLibrary.class}, configurationPid = ScriptingSettings.PID)
public class ScriptRunner implements ExperimentRunner, ScriptLibrary {
    private static final Logger LOG = LoggerFactory.getLogger(ScriptRunner.class);
    static final int HISTORY = 1_000;
    static final int WORKERS = 2;

    private final Engines engines = new Engines();
    private final PreparedContexts contexts = new PreparedContexts(engines);
    /** Off only to measure what preparing contexts ahead saves (RunStartBenchmark). */
    private volatile boolean prepareAhead = true;
    private final ExecutorService workers = Executors.newFixedThreadPool(WORKERS, Thread.ofPlatform().name("neurolab-script-", 1).daemon().factory());
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("neurolab-script-watchdog").daemon().factory());
    private final Map<String, ScriptRun> active = new ConcurrentHashMap<>();
    private final Map<String, RunRecord> records = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<RunRecord>> endings = new ConcurrentHashMap<>();
    private final AtomicLong counter = new AtomicLong();
    private final String instance = Long.toString(System.currentTimeMillis(), 36);
    private final Map<String, String> baseProvenance;
    private final WatchedScriptLibrary library;
    private final MemoryGuard memory;
    private volatile ScriptingSettings settings = ScriptingSettings.DEFAULT;
    /** Runs on disk (data/scripting/runs), so they outlive restarts and crashes; null outside OSGi. */
    private final RunJournal journal;

    @Reference
    private volatile LabControl control;
    @Reference
    private volatile CultureRegistry cultures;
    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile LabClock clock;
    /** Optional: scripts can record while the recording bundle runs. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile RecordingService recordings;
    /** Optional: scripts can dose while the dosing bundle runs. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile org.neurolab.dosing.Dosing dosing;
    /** Optional: dry runs meet the ethics policies while the ethics bundle runs. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile org.neurolab.ethics.EthicsOffice ethics;
    /** Optional: dry runs need the simulator's private rigs. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile VirtualRigFactory virtualRigs;

    @Activate
    public ScriptRunner(BundleContext context, Map<String, Object> config) {
        Map<String, String> p = new TreeMap<>();
        for (Bundle b : context.getBundles())
            if (b.getSymbolicName() != null && b.getSymbolicName().startsWith("org.neurolab.")) p.put("bundle." + b.getSymbolicName(), b.getVersion().toString());
        baseProvenance = Map.copyOf(p);
        memory = armGuards();
        modified(config);
        String data = context.getProperty("neurolab.data.dir");
        RunJournal j = null;
        try {
            j = new RunJournal(java.nio.file.Path.of(data == null ? "data" : data).resolve("scripting").resolve("runs"));
            for (RunRecord r : j.load(java.time.Instant.now())) records.put(r.id(), r);
            if (!records.isEmpty()) LOG.info("{} earlier runs read from {}", records.size(), j.folder());
        } catch (java.io.IOException e) {
            LOG.error("Runs cannot be kept on disk ({}): they last until the lab stops", e.getMessage());
        }
        journal = j;
        trimHistory();
        if (journal != null) // a run's file time says when the lab last saw it going
            watchdog.scheduleWithFixedDelay(() -> journal.touch(active.keySet(), java.time.Instant.now()), 1, 1, TimeUnit.SECONDS);
        String folder = context.getProperty("neurolab.scripts.dir");
        WatchedScriptLibrary watched = null;
        if (folder != null) {
            try {
                watched = new WatchedScriptLibrary(java.nio.file.Path.of(folder), engines);
            } catch (java.io.IOException e) {
                LOG.error("Script folder {} cannot be watched: {}", folder, e.getMessage());
            }
        }
        library = watched;
    }

    /** Outside OSGi (unit tests): the lab's services handed in directly. */
    ScriptRunner(LabControl control, CultureRegistry cultures, LabClock clock) {
        this.control = control;
        this.cultures = cultures;
        this.clock = clock;
        this.baseProvenance = Map.of();
        this.library = null;
        this.memory = armGuards();
        this.journal = null;
    }

    /** The CPU and callback watch, and the memory guard, over the active runs. */
    private MemoryGuard armGuards() {
        if (!RunMeter.cpuTimeMeasurable()) LOG.warn("This JVM cannot measure CPU time per thread: the scripts' CPU time limit is not kept");
        watchdog.scheduleWithFixedDelay(new RunWatch(active::values), RunWatch.PERIOD_MILLIS, RunWatch.PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        return new MemoryGuard(active::values, watchdog, ScriptingSettings.DEFAULT.heapPercent() / 100.0);
    }

    /** The lab's script limits changed ({@code deploy/org.neurolab.scripting.cfg}); a bad file keeps the limits in force. */
    @Modified
    void modified(Map<String, Object> config) {
        try {
            settings(ScriptingSettings.from(config));
        } catch (IllegalArgumentException e) {
            LOG.error("Script limits not changed: {}", e.getMessage());
        }
    }

    void settings(ScriptingSettings s) {
        settings = s;
        memory.threshold(s.heapPercent() / 100.0);
        LOG.info("Script limits: CPU {} s and callbacks {} ms per run, results {} per result and {} per run, heap guard at {} %",
                s.ceiling().maxCpuTime().toMillis() / 1000.0, s.ceiling().maxCallbackTime().toMillis(), GuestValues.size(s.ceiling().maxResultBytes()),
                GuestValues.size(s.ceiling().maxRunResultBytes()), s.heapPercent());
    }

    @Override
    public Optional<ScriptSource> script(String name) {
        return library == null ? Optional.empty() : library.script(name);
    }

    @Override
    public Map<String, String> status() {
        return library == null ? Map.of() : library.status();
    }

    @Deactivate
    void deactivate() {
        if (library != null) {
            try {
                library.close();
            } catch (java.io.IOException ignored) {
                // closing a watch service
            }
        }
        for (ScriptRun r : active.values()) r.stop("the scripting bundle is stopping");
        workers.shutdown();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        memory.close();
        watchdog.shutdownNow();
        contexts.close();
        engines.close();
    }

    @Override
    public RunRecord submit(RunRequest request) {
        return records.get(start(request).id());
    }

    /** Queues a run; the returned future completes with its final record (held before the run can end). */
    private Started start(RunRequest request) {
        LabClock c = clock;
        return start(request, control, cultures, c, Map.of("clock", c.isVirtual() ? "virtual" : "real-time"), () -> recordings, () -> dosing, null);
    }

    /** Queues a run on these services; {@code rig}, if any, is closed once the run has ended. */
    private Started start(RunRequest request, LabControl control, CultureRegistry cultures, LabClock c, Map<String, String> extraProvenance,
                          java.util.function.Supplier<RecordingService> recordings,
                          java.util.function.Supplier<org.neurolab.dosing.Dosing> dosing, AutoCloseable rig) {
        String id = "run-" + instance + "-" + counter.incrementAndGet();
        Map<String, String> provenance = new LinkedHashMap<>(baseProvenance);
        provenance.put("script.sha256", request.script().sha256());
        provenance.put("user", request.caller().user());
        provenance.put("purpose", request.caller().purpose());
        provenance.put("organoids", String.join(",", request.organoids()));
        provenance.putAll(extraProvenance);
        CompletableFuture<RunRecord> ending = new CompletableFuture<>();
        endings.put(id, ending);
        RunLimits limits = request.limits().within(settings.ceiling());
        ScriptRun run = new ScriptRun(id, request, limits, contexts, control, cultures, c, Map.copyOf(provenance), this::publish, recordings, dosing);
        active.put(id, run);
        workers.execute(() -> {
            ScheduledFuture<?> limit = watchdog.schedule(() -> run.stop("time limit of " + limits.maxWallTime() + " reached"),
                    limits.maxWallTime().toMillis(), TimeUnit.MILLISECONDS);
            try {
                run.run();
            } finally {
                limit.cancel(false);
                active.remove(id);
                closeQuietly(rig);
                if (prepareAhead) contexts.replenish(request.script().language()); // the next run of this language starts without the wait
            }
        });
        return new Started(id, ending);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) return;
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("A dry run's private rig did not close cleanly: {}", e.toString());
        }
    }

    private record Started(String id, CompletableFuture<RunRecord> ending) {
    }

    @Override
    public RunRecord runAndWait(RunRequest request) throws InterruptedException {
        return await(start(request));
    }

    private static RunRecord await(Started started) throws InterruptedException {
        try {
            return started.ending().get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public Optional<RunRecord> run(String id) {
        return Optional.ofNullable(records.get(id));
    }

    @Override
    public List<RunRecord> runs() {
        List<RunRecord> all = new ArrayList<>(records.values());
        all.sort(Comparator.comparing(RunRecord::queuedAt).reversed());
        return all;
    }

    @Override
    public boolean cancel(String id) {
        ScriptRun r = active.get(id);
        if (r == null || !r.isActive()) return false;
        r.stop("cancelled on request");
        return true;
    }

    /** The Truffle runtime in use ("Interpreted" when runtime compilation is off). */
    String runtimeName() {
        return engines.runtimeName();
    }

    private void publish(RunRecord r) {
        records.put(r.id(), r);
        if (journal != null) journal.save(r);
        if (r.state().isFinal()) {
            LOG.info("Run {} ({}) {}{}", r.id(), r.script(), r.state(), r.error().isEmpty() ? "" : ": " + r.error());
            CompletableFuture<RunRecord> f = endings.remove(r.id());
            if (f != null) f.complete(r);
            trimHistory();
        }
    }

    private void trimHistory() {
        if (records.size() <= HISTORY) return;
        records.values().stream().filter(r -> r.state().isFinal()).sorted(Comparator.comparing(RunRecord::queuedAt))
                .limit(records.size() - HISTORY).forEach(r -> {
                    records.remove(r.id());
                    if (journal != null) journal.remove(r.id());
                });
    }

    // ---- dry runs (issue 5) ----------------------------------------------------------------------------------

    @Override
    public RunRecord dryRun(RunRequest request) throws InterruptedException {
        return await(startDryRun(request, null));
    }

    /** Queues a dry run (for progress displays that follow it); {@code seed} null = the lab's simulated-rig seed. */
    RunRecord submitDryRun(RunRequest request, Long seed) {
        return records.get(startDryRun(request, seed).id());
    }

    /**
     * The same script on a private simulated rig in virtual time, copying the reserved cultures (ids, arrays, electrodes,
     * provenance, state) and their arrays' layout and stimulator range; recordings are counted, not stored; doses are judged
     * and felt on a copy of the lab's dosing state. Nothing of
     * the lab is touched: not its drivers, clock, recording store or audit trail.
     */
    private Started startDryRun(RunRequest request, Long seed) {
        VirtualRigFactory factory = virtualRigs;
        if (factory == null) throw new IllegalStateException("dry runs need the simulated rig bundle (org.neurolab.driver.sim), which is not running");
        if (request.organoids().isEmpty()) throw new IllegalArgumentException("a dry run needs at least one organoid to copy");
        List<Organoid> copied = new ArrayList<>();
        Map<String, VirtualRigSpec.Mea> arrays = new LinkedHashMap<>();
        Map<String, DeviceInfo> devices = new LinkedHashMap<>();
        for (DeviceInfo d : control.devices()) devices.put(d.deviceId(), d);
        for (String id : request.organoids()) {
            Organoid o = cultures.culture(id).orElseThrow(() -> new IllegalArgumentException("unknown organoid '" + id + "'"));
            copied.add(o);
            if (arrays.containsKey(o.meaId())) continue;
            MeaLayout layout = control.layout(o.meaId()).orElseThrow(() -> new IllegalArgumentException(
                    "no driver for MEA " + o.meaId() + " of organoid " + o.id() + " is running, so its layout and stimulator are unknown"));
            var range = control.stimulatorRange(o.meaId()).orElseThrow(() -> new IllegalArgumentException(
                    "the stimulator range of MEA " + o.meaId() + " is unknown (its driver is gone?)"));
            String rigId = devices.containsKey(o.meaId()) ? devices.get(o.meaId()).rigId() : "dry-run";
            arrays.put(o.meaId(), new VirtualRigSpec.Mea(o.meaId(), layout.electrodeCount(), layout.sampleRateHz(), range, rigId));
        }
        // the lights and pumps of the copied arrays' rigs, so a dose's device is checked as in the lab
        Set<String> rigs = new HashSet<>();
        for (VirtualRigSpec.Mea m : arrays.values()) rigs.add(m.rigId());
        List<DeviceInfo> delivery = devices.values().stream()
                .filter(d -> (d.kind() == DeviceKind.LIGHT || d.kind() == DeviceKind.PUMP) && rigs.contains(d.rigId())).toList();
        long s = seed != null ? seed : factory.defaultSeed();
        VirtualRig rig = factory.create(new VirtualRigSpec(s, copied, List.copyOf(arrays.values()), delivery));
        try {
            DryRunRecordings recs = new DryRunRecordings(rig.control(), rig.cultureRegistry());
            Map<String, String> extra = new LinkedHashMap<>();
            extra.put("clock", "virtual");
            extra.put("dryRun", "true");
            extra.put("simulator.seed", Long.toString(s));
            org.neurolab.ethics.EthicsOffice office = ethics;
            if (office != null) rig.useGuard("ethics", office.rehearsal(rig.clock()));
            List<String> missing = rig.control().missingRequiredGuards();
            extra.put("dryRun.checks", "the lab's command path on a private rig: culture state, electrodes under the culture, the array's "
                    + "stimulator range, " + (office != null ? "the ethics policies (consent, holds, stimulation limits, a copy of the charge budget), " : "")
                    + "the dosing limits on a copy of the lab's dosing state; not the scheduling guard (a dry run needs no booking)"
                    + (missing.isEmpty() ? "" : "; required guard(s) " + missing + " are not running, so every command is refused, as in the lab"));
            return start(request, rig.control(), rig.cultureRegistry(), rig.clock(), extra, () -> recs, () -> rehearsal(rig), () -> {
                recs.close();
                rig.close();
            });
        } catch (RuntimeException e) {
            rig.close();
            throw e;
        }
    }

    /**
     * Dosing for a dry run, made when it starts: a copy of the lab's dosing state, given to the private command path as its
     * dosing guard and journal (the lab's code judges and books the doses), whose chemistry the private cultures feel.
     * Null when the dosing bundle is not running (the script's doses then fail as in the lab).
     */
    private org.neurolab.dosing.Dosing rehearsal(VirtualRig rig) {
        org.neurolab.dosing.Dosing lab = dosing;
        if (lab == null) return null;
        org.neurolab.dosing.DosingRehearsal copy = lab.rehearsal(rig.cultureRegistry(), rig.clock());
        rig.useGuard("dosing", copy);
        rig.useJournal("dosing", copy);
        rig.useChemistry(copy);
        return copy;
    }

    /** Benchmarks: whether a context is prepared for the next run of a language when one ends. */
    void prepareAhead(boolean on) {
        prepareAhead = on;
    }

    PreparedContexts contexts() {
        return contexts;
    }

    /** Unit tests: the private rigs of a simulator outside OSGi. */
    void virtualRigs(VirtualRigFactory factory) {
        this.virtualRigs = factory;
    }

    // ---- suspension: being built (issue 8) --------------------------------------------------------------------

    @Override
    public boolean suspend(String id, String reason) {
        ScriptRun r = active.get(id);
        return r != null && r.suspend(reason == null || reason.isBlank() ? "suspended on request" : reason);
    }

    @Override
    public boolean resume(String id, String reason) {
        ScriptRun r = active.get(id);
        return r != null && r.resume(reason == null || reason.isBlank() ? "resumed on request" : reason);
    }
}
