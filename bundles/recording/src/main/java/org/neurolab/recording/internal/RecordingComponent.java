package org.neurolab.recording.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.neurolab.api.clock.LabClock;
import org.neurolab.api.control.Caller;
import org.neurolab.api.control.CommandJournal;
import org.neurolab.api.control.CommandReceipt;
import org.neurolab.api.control.CommandRecord;
import org.neurolab.api.control.LabControl;
import org.neurolab.api.control.LabSession;
import org.neurolab.api.control.Stimulate;
import org.neurolab.api.driver.SignalListener;
import org.neurolab.api.lab.CultureRegistry;
import org.neurolab.api.lab.Organoid;
import org.neurolab.api.signal.RawSampleBlock;
import org.neurolab.api.signal.SpikeBatch;
import org.neurolab.recording.DoseRecord;
import org.neurolab.recording.ExportFormat;
import org.neurolab.recording.ExportProgress;
import org.neurolab.recording.RecordingInfo;
import org.neurolab.recording.RecordingOptions;
import org.neurolab.recording.RecordingProvenance;
import org.neurolab.recording.RecordingService;
import org.neurolab.recording.RecordingStatus;
import org.neurolab.recording.RunRecord;
import org.neurolab.recording.SpikeQuery;
import org.neurolab.recording.StoredSpike;
import org.neurolab.recording.StoredStimulation;
import org.neurolab.recording.TelemetryRecord;
import org.neurolab.recording.internal.bus.BoundedStreamBus;
import org.neurolab.recording.internal.export.ExportSink;
import org.neurolab.recording.internal.export.Exports;
import org.neurolab.recording.internal.raw.RawFolders;
import org.neurolab.recording.internal.raw.RawRecovery;
import org.neurolab.recording.internal.store.RecordingStore;
import org.neurolab.recording.stream.StimulationEvents;
import org.neurolab.recording.stream.StreamBus;
import org.neurolab.recording.stream.StreamSubscriber;
import org.neurolab.recording.stream.Subscription;
import org.neurolab.recording.stream.SubscriptionOptions;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lab's recording service. Signals come through the command path's read side (a {@code system:recording}
 * session), stimulations through the command journal (so blanking is armed before the pulse reaches the
 * driver). Each recording's commit counts what it acknowledges in its own row, and rewrites its file in
 * {@code data/recording/acknowledged/}. Configuration changes are applied live ({@link #modified}): a file that is
 * empty, unreadable or still being written keeps the last good configuration and is named in the log.
 */
@Component(service = {RecordingService.class, StreamBus.class, CommandJournal.class}, immediate = true, configurationPid = RecordingConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = CommandJournal.NAME + "=recording")
@Designate(ocd = RecordingConfig.class)
public final class RecordingComponent implements RecordingService, StreamBus, CommandJournal {
    private static final Logger LOG = LoggerFactory.getLogger(RecordingComponent.class);
    /** A configuration must stay unchanged this long before it is applied: a file being written reaches ConfigAdmin in pieces. */
    static final long SETTLE_MILLIS = 1_500;

    private final LabControl control;
    private final CultureRegistry cultures;
    private final LabClock clock;
    private final Path dataDir;
    private final String labId;
    private final BoundedStreamBus bus = new BoundedStreamBus();
    private final LabSession session;
    private final Map<Long, Active> active = new ConcurrentHashMap<>();
    private final Map<Long, String> automaticRuns = new ConcurrentHashMap<>(); // recording id -> its run
    private final String driverBundles;
    private final BundleContext context;
    private final Object lifecycle = new Object(); // start, stop and configuration changes, one at a time
    private final java.util.concurrent.ScheduledExecutorService configurer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("recording-config").unstarted(r));
    private java.util.concurrent.ScheduledFuture<?> pendingConfig;
    private volatile RecordingSettings settings;
    private volatile Store store;
    private volatile TelemetryPoller telemetry;
    private volatile ServiceReference<?> ethics;
    private volatile Thread autoStarter;

    /** A store with what belongs to it: its raw folders and acknowledgement files. */
    private record Store(RecordingStore db, RawFolders raw, AckFiles acks) {
    }

    private record Active(Recorder recorder, List<AutoCloseable> subscriptions, Set<String> organoids, Set<String> meaIds, boolean raw, Store store) {
    }

    @Activate
    // greedy: the lab's clock is the simulated rig's when one runs (ranked above the system clock); a recording stamped by
    // another clock than the spikes it holds finds none of them in its own time range
    public RecordingComponent(@Reference LabControl control, @Reference CultureRegistry cultures,
                              @Reference(policyOption = org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY) LabClock clock, Map<String, Object> properties,
                              BundleContext context) throws SQLException, IOException {
        this.control = control;
        this.cultures = cultures;
        this.clock = clock;
        this.context = context;
        RecordingSettings.Parsed parsed = RecordingSettings.parse(properties);
        if (!parsed.ok() && hasOwnKeys(properties))
            LOG.warn("Recording configuration not taken, the defaults are used until a good one lands: {}", String.join("; ", parsed.problems()));
        this.settings = parsed.ok() ? parsed.settings() : RecordingSettings.DEFAULTS;
        warnIfDetectionSet(settings);
        String data = context.getProperty("neurolab.data.dir");
        this.dataDir = Files.createDirectories(Path.of(data == null ? "data" : data).resolve("recording"));
        this.labId = LabIdentity.of(dataDir);
        this.store = openStore(settings);
        this.session = control.openSession(new Caller("system:recording", Set.of("system"), "recording"));
        StringBuilder dv = new StringBuilder();
        for (Bundle b : context.getBundles())
            if (b.getSymbolicName() != null && b.getSymbolicName().startsWith("org.neurolab.driver"))
                dv.append(b.getSymbolicName()).append('=').append(b.getVersion()).append('\n');
        this.driverBundles = dv.toString();
        startBackground(settings);
    }

    private static boolean hasOwnKeys(Map<String, ?> props) {
        return props.containsKey("felix.fileinstall.filename") || props.keySet().stream().anyMatch(k -> !k.contains(".") && !k.equals("objectClass"));
    }

    /** Opens the store, marks what the lab left running as interrupted and indexes their raw traces. */
    private Store openStore(RecordingSettings s) throws SQLException, IOException {
        String url = s.jdbcUrl().isBlank() ? RecordingStore.h2Url(dataDir.resolve("recordings")) : s.jdbcUrl();
        RecordingStore db = RecordingStore.open(url, s.jdbcUser(), s.jdbcPassword());
        try {
            RawFolders raw = new RawFolders(dataDir.resolve("raw"), db.storeId());
            Store st = new Store(db, raw, new AckFiles(dataDir, db.storeId()));
            List<RecordingInfo> interrupted = db.markInterrupted(labId);
            LOG.info("Recording store ready: {} {} ({} recordings)", db.dialect(), db.storeId(), db.recordings().size());
            for (RecordingInfo r : interrupted)
                LOG.warn("Recording {} was cut by a crash of the lab: INTERRUPTED, last seen at {} µs of lab time ({}); it holds what it acknowledged: {}",
                        r.id(), r.lastSeenMicros(), r.lastSeenEpochMillis() == null ? "?" : java.time.Instant.ofEpochMilli(r.lastSeenEpochMillis()), r.acknowledged());
            try {
                for (RawRecovery.Report r : RawRecovery.recover(db, raw, interrupted))
                    LOG.info("Recording {} was not stopped (the lab died): indexed {} raw chunk files as far as written ({} samples added, {} bytes of a cut frame dropped)",
                            r.recordingId(), r.chunksIndexed(), r.samplesAdded(), r.bytesCut());
            } catch (IOException | SQLException | RuntimeException e) { // the files stay; new recordings must not wait for them
                LOG.error("Raw traces of recordings the lab did not stop could not be indexed: {}", e.getMessage(), e);
            }
            return st;
        } catch (SQLException | IOException | RuntimeException e) {
            db.close();
            throw e;
        }
    }

    private void startBackground(RecordingSettings s) {
        if (s.telemetryPeriodMillis() > 0) {
            TelemetryPoller t = new TelemetryPoller(control::devices, control::environment, clock, s.telemetryPeriodMillis() * 1_000, this::recordTelemetry);
            t.start();
            telemetry = t;
        }
        if (!s.autoRecord().isBlank()) autoStarter = Thread.ofPlatform().daemon().name("recording-autostart").start(() -> autoStart(s));
    }

    private void stopBackground() {
        Thread t = autoStarter;
        if (t != null) {
            t.interrupt();
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        autoStarter = null;
        TelemetryPoller p = telemetry;
        if (p != null) p.close();
        telemetry = null;
    }

    /**
     * A new configuration from ConfigAdmin. It is applied once it has stayed the same for {@link #SETTLE_MILLIS} (a file
     * written with {@code cat >} arrives in pieces); one with problems, or an empty one, is not applied: the last good
     * configuration stays and the log says what was wrong.
     */
    @Modified
    void modified(Map<String, Object> properties) {
        Map<String, Object> copy = new HashMap<>(properties);
        synchronized (configurer) {
            if (pendingConfig != null) pendingConfig.cancel(false);
            pendingConfig = configurer.schedule(() -> {
                try {
                    apply(copy);
                } catch (RuntimeException e) { // a scheduled task's exception would vanish: say it
                    LOG.error("Recording configuration could not be applied, the last good one stays in force: {}", e.getMessage(), e);
                }
            }, SETTLE_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    /** The configuration in force. */
    RecordingSettings settings() {
        return settings;
    }

    void apply(Map<String, Object> properties) {
        RecordingSettings.Parsed parsed = RecordingSettings.parse(properties);
        if (!parsed.ok()) {
            LOG.warn("Recording configuration not taken, the last good one stays in force: {}", String.join("; ", parsed.problems()));
            return;
        }
        RecordingSettings next = parsed.settings();
        warnIfDetectionSet(next);
        synchronized (lifecycle) {
            RecordingSettings was = settings;
            if (next.equals(was)) {
                LOG.info("Recording configuration read again: the same as in force, nothing to change");
                return;
            }
            Store opened = null;
            if (!next.sameStore(was)) {
                try {
                    opened = openStore(next);
                } catch (SQLException | IOException | RuntimeException e) {
                    LOG.warn("Recording configuration not taken, the last good one stays in force: the store at '{}' cannot be opened: {}",
                            next.jdbcUrl().isBlank() ? "the embedded H2 file" : next.jdbcUrl(), e.getMessage());
                    return;
                }
            }
            stopBackground();
            if (opened != null || !next.sameAutomaticRecording(was)) {
                for (Long id : List.copyOf(opened != null ? active.keySet() : automaticRuns.keySet())) {
                    try {
                        stop(id);
                    } catch (RuntimeException e) {
                        LOG.error("stopping recording {} for the new configuration: {}", id, e.getMessage(), e);
                    }
                }
            }
            if (opened != null) {
                Store old = store;
                store = opened;
                try {
                    old.db().close();
                } catch (SQLException e) {
                    LOG.warn("closing the previous recording store: {}", e.getMessage());
                }
            }
            settings = next;
            LOG.info("Recording configuration applied{}", opened != null ? " (new store " + opened.db().storeId() + ")" : "");
            boolean restartAuto = opened != null || !next.sameAutomaticRecording(was);
            if (automaticRecordingWanted(next, restartAuto)) autoStarter = Thread.ofPlatform().daemon().name("recording-autostart").start(() -> autoStart(next));
            if (next.telemetryPeriodMillis() > 0) {
                TelemetryPoller t = new TelemetryPoller(control::devices, control::environment, clock, next.telemetryPeriodMillis() * 1_000, this::recordTelemetry);
                t.start();
                telemetry = t;
            }
        }
    }

    /** Whether the automatic recording is to be (re)started: it is configured, and was stopped or never ran. */
    private boolean automaticRecordingWanted(RecordingSettings next, boolean restart) {
        return !next.autoRecord().isBlank() && (restart || automaticRuns.isEmpty());
    }

    private void autoStart(RecordingSettings s) {
        try {
            long deadline = System.currentTimeMillis() + 60_000;
            Set<String> wanted = s.autoRecord().strip().equals("all") ? null : new HashSet<>(Arrays.asList(s.autoRecord().split("\\s*,\\s*")));
            while (System.currentTimeMillis() < deadline) {
                List<String> ids = cultures.cultures().stream().map(Organoid::id).filter(id -> wanted == null || wanted.contains(id)).toList();
                boolean driversUp = ids.stream().allMatch(id -> cultures.culture(id).flatMap(o -> control.layout(o.meaId())).isPresent());
                if (!ids.isEmpty() && driversUp && (wanted == null || ids.size() == wanted.size())) {
                    long id;
                    synchronized (lifecycle) {
                        if (Thread.currentThread().isInterrupted()) return;
                        id = startAutomatic(Set.copyOf(ids), s);
                    }
                    LOG.info("Recording {} started automatically for {}", id, ids);
                    return;
                }
                Thread.sleep(250);
            }
            LOG.warn("autoRecord={}: no such cultures with a running driver within 60 s; nothing recorded", s.autoRecord());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Automatic recording failed to start: {}", e.getMessage(), e);
        }
    }

    /** Detection is no longer the recording's: one detector in the signal path serves every consumer. Said, not silently ignored. */
    private static void warnIfDetectionSet(RecordingSettings s) {
        RecordingSettings d = RecordingSettings.DEFAULTS;
        if (s.thresholdSigmas() != d.thresholdSigmas() || s.adaptiveThreshold() != d.adaptiveThreshold() || s.deadTimeMicros() != d.deadTimeMicros()
                || s.blankingMicros() != d.blankingMicros())
            LOG.warn("thresholdSigmas, adaptiveThreshold, deadTimeMicros and blankingMicros in org.neurolab.recording.cfg no longer change detection: "
                    + "the lab detects spikes once, in the signal path, for scripts, the live view and recordings alike; set spikeThresholdSigmas, "
                    + "spikeAdaptiveNoise and spikeBlankingMillis in org.neurolab.control.cfg");
    }

    /** A recording the configuration starts belongs to no script: its run is the recording itself, in the runs table; it is the operators'. */
    private long startAutomatic(Set<String> organoidIds, RecordingSettings s) {
        String runId = "autoRecord-" + System.currentTimeMillis();
        recordRun(new RunRecord(runId, "", RecordingOptions.LAB_OWNER, clock.nowMicros(), null, null));
        try {
            long id = start(new RecordingOptions(organoidIds, s.rawTraces(), new RecordingProvenance(runId, "", "", "", "", null), RecordingOptions.LAB_OWNER),
                    s.commitMillis());
            automaticRuns.put(id, runId);
            return id;
        } catch (RuntimeException e) {
            query(() -> {
                store.db().finishRun(runId, clock.nowMicros(), "failed to start: " + e.getMessage());
                return null;
            });
            throw e;
        }
    }

    /** The ethics office, when it runs (recording never requires it). Only its reference is held here, see {@link EthicsPolicies}. */
    @Reference(name = "ethics", service = org.neurolab.ethics.EthicsOffice.class, cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindEthics")
    void bindEthics(ServiceReference<?> ref) {
        ethics = ref;
        String hash = policySetHash();
        if (hash.isEmpty()) return;
        for (Map.Entry<Long, Active> a : active.entrySet()) { // started before the ethics office came up: the policy set it runs under now
            try {
                a.getValue().store().db().fillPolicySetHash(a.getKey(), hash);
            } catch (SQLException e) {
                LOG.warn("recording {}: policy-set hash not stored: {}", a.getKey(), e.getMessage());
            }
        }
    }

    void unbindEthics(ServiceReference<?> ref) {
        if (ethics == ref) ethics = null;
    }

    private String policySetHash() {
        ServiceReference<?> ref = ethics;
        return ref == null ? "" : EthicsPolicies.hash(context, ref);
    }

    RecordingProvenance complete(RecordingProvenance given, List<Organoid> recorded) {
        return Provenances.complete(given, recorded, control.devices(), control::layout, driverBundles, policySetHash());
    }

    @Override
    public long start(RecordingOptions options) {
        return start(options, settings.commitMillis());
    }

    /**
     * Records the given cultures' electrodes only: spikes, stimulations and raw channels of other cultures on the same
     * arrays (which others may have booked), or of no culture, are not kept.
     */
    private long start(RecordingOptions options, long commitMillis) {
        synchronized (lifecycle) {
            Map<String, Integer> channels = new HashMap<>();
            Map<String, String> subscribeVia = new HashMap<>(); // one organoid per array: a subscription delivers the whole array
            Map<String, Map<Integer, String>> electrodeOwner = new HashMap<>();
            Map<String, java.util.TreeSet<Integer>> recordedElectrodes = new HashMap<>();
            for (String oid : options.organoidIds()) {
                Organoid o = cultures.culture(oid).orElseThrow(() -> new IllegalArgumentException("unknown organoid '" + oid + "'"));
                var layout = control.layout(o.meaId()).orElseThrow(() -> new IllegalStateException("no driver for MEA " + o.meaId() + " is running"));
                channels.put(o.meaId(), layout.electrodeCount());
                subscribeVia.putIfAbsent(o.meaId(), oid);
                for (int e : o.electrodes()) {
                    electrodeOwner.computeIfAbsent(o.meaId(), k -> new HashMap<>()).put(e, oid);
                    recordedElectrodes.computeIfAbsent(o.meaId(), k -> new java.util.TreeSet<>()).add(e);
                }
            }
            Map<String, int[]> rawElectrodes = new HashMap<>();
            recordedElectrodes.forEach((mea, es) -> rawElectrodes.put(mea, es.stream().mapToInt(Integer::intValue).filter(e -> e < channels.get(mea)).toArray()));
            RecordingProvenance p = complete(options.provenance(), options.organoidIds().stream().map(id -> cultures.culture(id).orElseThrow()).toList());
            Store st = store;
            try {
                long id = st.db().createRecording(clock.nowMicros(), System.currentTimeMillis(), List.copyOf(channels.keySet()), List.copyOf(options.organoidIds()),
                        options.rawTraces(), p, detectionOf(channels.keySet()), options.owner(), labId);
                Path raw = options.rawTraces() ? st.raw().claim(st.db().rawFolder(id), id) : null;
                // one signal path: the spikes stored are the events everyone sees (a driver's own, or the lab's detector's)
                Recorder r = new Recorder(id, st.db(), bus, channels, rawElectrodes,
                        (mea, e) -> electrodeOwner.getOrDefault(mea, Map.of()).get(e), raw, commitMillis, st.acks()::write, clock);
                List<AutoCloseable> subs = new ArrayList<>();
                for (Map.Entry<String, String> via : subscribeVia.entrySet()) {
                    String oid = via.getValue();
                    boolean wantsRaw = options.rawTraces();
                    subs.add(session.subscribe(oid, new SignalListener() {
                        @Override
                        public void onSpikes(SpikeBatch batch) {
                            r.onDriverSpikes(batch);
                        }

                        @Override
                        public void onSamples(RawSampleBlock block) {
                            r.onSamples(block);
                        }

                        @Override
                        public void onWatermark(String meaId, long completeUpToMicros) {
                            r.onWatermark(meaId, completeUpToMicros);
                        }

                        @Override
                        public void onGap(String meaId, long fromMicros, long toMicros, String reason) {
                            r.onGap(meaId, fromMicros, toMicros, reason);
                        }
                    }, wantsRaw));
                }
                active.put(id, new Active(r, subs, Set.copyOf(options.organoidIds()), Set.copyOf(channels.keySet()), options.rawTraces(), st));
                assignLivePublishers();
                return id;
            } catch (SQLException | IOException e) {
                throw new IllegalStateException("cannot start a recording: " + e.getMessage(), e);
            }
        }
    }

    /** What the recording's spikes come from, per array: kept with the recording so its numbers can be read rightly. */
    private String detectionOf(Set<String> meas) {
        StringBuilder out = new StringBuilder();
        for (String mea : new java.util.TreeSet<>(meas)) {
            if (!out.isEmpty()) out.append("; ");
            out.append(mea).append(": ").append(control.detection(mea).map(d -> "the lab's detector " + d).orElse("the driver's own spike events"));
        }
        return out.toString();
    }

    /**
     * Every recording of an array receives the same events; one of them (the oldest, for raw the oldest that reads raw)
     * puts them on the live bus, so the live view shows each spike once however many recordings run. Under the lifecycle lock.
     */
    private void assignLivePublishers() {
        Map<String, Long> spikes = new HashMap<>(), raw = new HashMap<>();
        for (var e : active.entrySet())
            for (String mea : e.getValue().meaIds()) {
                spikes.merge(mea, e.getKey(), Math::min);
                if (e.getValue().raw()) raw.merge(mea, e.getKey(), Math::min);
            }
        for (var e : active.entrySet())
            for (String mea : e.getValue().meaIds())
                e.getValue().recorder().publishLive(mea, e.getKey().equals(spikes.get(mea)), e.getKey().equals(raw.get(mea)));
    }

    @Override
    public RecordingStatus stop(long recordingId) {
        synchronized (lifecycle) {
            Active a = active.remove(recordingId);
            if (a == null) throw new IllegalArgumentException("recording " + recordingId + " is not running");
            assignLivePublishers();
            for (AutoCloseable s : a.subscriptions()) {
                try {
                    s.close();
                } catch (Exception e) {
                    LOG.warn("closing a subscription of recording {}: {}", recordingId, e.getMessage());
                }
            }
            a.recorder().close();
            try {
                long now = clock.nowMicros();
                a.store().db().finishRecording(recordingId, now);
                String run = automaticRuns.remove(recordingId);
                if (run != null) a.store().db().finishRun(run, now, "stopped");
            } catch (SQLException e) {
                throw new IllegalStateException("recording " + recordingId + " stopped but its end was not stored: " + e.getMessage(), e);
            }
            RecordingStatus s = a.recorder().status();
            a.store().acks().write(s);
            return s;
        }
    }

    @Override
    public Optional<RecordingStatus> status(long recordingId) {
        Active a = active.get(recordingId);
        return a == null ? Optional.empty() : Optional.of(a.recorder().status());
    }

    @Override
    public List<RecordingInfo> recordings() {
        return query(() -> store.db().recordings());
    }

    @Override
    public List<StoredSpike> spikes(SpikeQuery q) {
        return query(() -> store.db().spikes(q));
    }

    @Override
    public long[] countsPerBin(SpikeQuery q, long binMicros) {
        return query(() -> store.db().countsPerBin(q, binMicros));
    }

    @Override
    public List<StoredStimulation> stimulations(long recordingId, long from, long to) {
        return query(() -> store.db().stimulations(recordingId, from, to));
    }

    @Override
    public List<org.neurolab.recording.RecordingGap> gaps(long recordingId, long fromMicros, long toMicros) {
        if (toMicros < fromMicros) throw new IllegalArgumentException("time range ends before it starts: " + fromMicros + ".." + toMicros);
        return query(() -> store.db().gaps(recordingId, fromMicros, toMicros));
    }

    @Override
    public List<TelemetryRecord> telemetry(String deviceId, long from, long to) {
        return query(() -> store.db().telemetry(deviceId, from, to));
    }

    /** Stored, and counted by every running recording of the device's rig (the part of its id before '/'), in one transaction. */
    @Override
    public void recordTelemetry(TelemetryRecord reading) {
        String rig = reading.deviceId().contains("/") ? reading.deviceId().substring(0, reading.deviceId().indexOf('/')) : reading.deviceId();
        Store st = store;
        List<Active> covering = active.values().stream().filter(a -> a.store() == st && a.meaIds().stream().anyMatch(m -> m.startsWith(rig + "/"))).toList();
        query(() -> {
            st.db().insertTelemetry(reading, covering.stream().map(a -> a.recorder().id()).toList());
            return null;
        });
        covering.forEach(a -> a.recorder().acknowledgedTelemetry());
    }

    /** Stored, and counted by every running recording of the dose's culture, in one transaction: acknowledged when this returns. */
    @Override
    public void recordDose(DoseRecord dose) {
        Store st = store;
        List<Active> covering = active.values().stream().filter(a -> a.store() == st && a.organoids().contains(dose.organoidId())).toList();
        query(() -> {
            st.db().insertDose(dose, covering.stream().map(a -> a.recorder().id()).toList());
            return null;
        });
        covering.forEach(a -> a.recorder().acknowledgedDose());
    }

    @Override
    public List<DoseRecord> doses(String organoidId, long fromMicros, long toMicros) {
        if (organoidId == null || organoidId.isBlank()) throw new IllegalArgumentException("doses are asked for by organoid: give its id");
        if (toMicros < fromMicros) throw new IllegalArgumentException("time range ends before it starts: " + fromMicros + ".." + toMicros);
        return query(() -> store.db().doses(organoidId, fromMicros, toMicros));
    }

    @Override
    public void recordRun(RunRecord run) {
        query(() -> {
            store.db().upsertRun(run);
            return null;
        });
    }

    // ---- access -----------------------------------------------------------------------------------------

    private RecordingInfo info(long id) {
        return query(() -> store.db().recording(id)).orElseThrow(() -> new IllegalArgumentException("no recording " + id));
    }

    @Override
    public boolean mayRead(long recordingId, String user, Set<String> roles) {
        return RecordingAccess.mayRead(info(recordingId), user, roles, query(() -> store.db().sharedWith(recordingId)));
    }

    @Override
    public void share(long recordingId, String withUser, String byUser, Set<String> byRoles) {
        RecordingInfo r = info(recordingId);
        RecordingAccess.checkMayShare(r, withUser, byUser, byRoles);
        query(() -> {
            store.db().share(recordingId, withUser.strip(), byUser);
            return null;
        });
    }

    @Override
    public void unshare(long recordingId, String withUser, String byUser, Set<String> byRoles) {
        RecordingInfo r = info(recordingId);
        RecordingAccess.checkMayShare(r, withUser, byUser, byRoles);
        if (!query(() -> store.db().unshare(recordingId, withUser.strip())))
            throw new IllegalArgumentException("recording " + recordingId + " is not shared with '" + withUser.strip() + "'");
    }

    @Override
    public Set<String> sharedWith(long recordingId) {
        info(recordingId);
        return query(() -> store.db().sharedWith(recordingId));
    }

    // ---- export -----------------------------------------------------------------------------------------

    @Override
    public Path exportOpenEphys(long recordingId, Path folder) throws IOException {
        return export(recordingId, ExportFormat.OPEN_EPHYS, folder, ExportProgress.NONE);
    }

    @Override
    public Path export(long recordingId, ExportFormat format, Path folder, ExportProgress progress) throws IOException {
        info(recordingId);
        Store st = store;
        try (ExportSink sink = ExportSink.folder(folder)) {
            Exports.write(st.db(), st.raw(), recordingId, format, sink, progress);
        } catch (SQLException e) {
            throw new IOException("export of recording " + recordingId + " failed: " + e.getMessage(), e);
        }
        return folder;
    }

    @Override
    public Path exportInLab(long recordingId, ExportFormat format, ExportProgress progress) throws IOException {
        String stamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.now());
        Path folder = dataDir.getParent().resolve("exports").resolve("recording-" + recordingId + "-" + format.id() + "-" + stamp);
        return export(recordingId, format, folder, progress);
    }

    @Override
    public void exportZip(long recordingId, ExportFormat format, OutputStream out, ExportProgress progress) throws IOException {
        info(recordingId);
        Store st = store;
        try {
            ExportSink sink = ExportSink.zip(out);
            Exports.write(st.db(), st.raw(), recordingId, format, sink, progress);
            sink.close(); // only a whole export gets the zip's directory: a failed one is a cut-off stream no tool opens as complete
        } catch (SQLException e) {
            throw new IOException("export of recording " + recordingId + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Subscription subscribe(StreamSubscriber subscriber, SubscriptionOptions options) {
        return bus.subscribe(subscriber, options);
    }

    /** Decisions are the audit trail's; a recording keeps what the devices did (see {@link #carriedOut}). */
    @Override
    public void append(CommandRecord record) {
    }

    /**
     * Records a carried-out stimulation once in each recording of its culture, at the lab time the stimulator applied it
     * (on the data's time base, so it lies where its response is); publishes it on the bus once. Never throws, so it can
     * never undo a command.
     */
    @Override
    public void carriedOut(CommandRecord record, CommandReceipt receipt) {
        try {
            if (!(record.request().command() instanceof Stimulate s)) return;
            String mea = record.request().organoid().meaId();
            String organoid = record.request().organoid().id();
            int[] electrodes = s.electrodes().stream().mapToInt(Integer::intValue).toArray();
            var pulse = s.train().pulse();
            long start = receipt.appliedMicros();
            String trigger = record.request().caller().user() + "/" + record.request().caller().purpose();
            for (Active a : active.values()) {
                a.recorder().onStimulation(mea, start, electrodes, (float) pulse.first().amplitudeMicroamps(), (int) pulse.first().durationMicros(),
                        s.train().count(), s.train().periodMicros(), pulse.totalDurationMicros(), record.request().commandId(), trigger, a.organoids().contains(organoid));
            }
            long mask = 0;
            StringBuilder list = new StringBuilder();
            for (int e : electrodes) {
                if (e < 64) mask |= 1L << e;
                if (!list.isEmpty()) list.append(',');
                list.append(e);
            }
            bus.publishStimulations(new StimulationEvents(mea, 1, new long[]{start}, new long[]{mask}, new String[]{list.toString()},
                    new float[]{(float) pulse.first().amplitudeMicroamps()}, new int[]{(int) pulse.first().durationMicros()}, new int[]{s.train().count()},
                    new long[]{s.train().periodMicros()}, new String[]{record.request().commandId()}, new String[]{trigger}));
        } catch (RuntimeException e) {
            LOG.warn("recording could not note a stimulation: {}", e.getMessage());
        }
    }

    private interface Query<T> {
        T run() throws SQLException;
    }

    private static <T> T query(Query<T> q) {
        try {
            return q.run();
        } catch (SQLException e) {
            throw new IllegalStateException("recording store: " + e.getMessage(), e);
        }
    }

    @Deactivate
    void deactivate() {
        configurer.shutdownNow();
        stopBackground();
        synchronized (lifecycle) {
            for (Long id : List.copyOf(active.keySet())) {
                try {
                    stop(id);
                } catch (RuntimeException e) {
                    LOG.error("stopping recording {}: {}", id, e.getMessage(), e);
                }
            }
        }
        session.close();
        bus.close();
        try {
            store.db().close();
        } catch (SQLException e) {
            LOG.warn("closing the recording store: {}", e.getMessage());
        }
    }
}
