package org.neurolab.recording.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
import org.neurolab.api.control.CommandRecord;
import org.neurolab.api.control.LabControl;
import org.neurolab.api.control.LabSession;
import org.neurolab.api.control.Stimulate;
import org.neurolab.api.driver.SignalListener;
import org.neurolab.api.lab.CultureRegistry;
import org.neurolab.api.lab.Organoid;
import org.neurolab.api.signal.RawSampleBlock;
import org.neurolab.api.signal.SpikeBatch;
import org.neurolab.recording.DetectionSettings;
import org.neurolab.recording.DoseRecord;
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
import org.neurolab.recording.internal.export.OpenEphysExporter;
import org.neurolab.recording.internal.raw.RawRecovery;
import org.neurolab.recording.internal.store.RecordingStore;
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
 * driver). Each commit rewrites {@code data/recording/acknowledged.properties} atomically: what it names is
 * durable.
 */
@Component(service = {RecordingService.class, StreamBus.class, CommandJournal.class}, immediate = true, configurationPid = RecordingConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = CommandJournal.NAME + "=recording")
@Designate(ocd = RecordingConfig.class)
public final class RecordingComponent implements RecordingService, StreamBus, CommandJournal {
    private static final Logger LOG = LoggerFactory.getLogger(RecordingComponent.class);

    private final LabControl control;
    private final CultureRegistry cultures;
    private final LabClock clock;
    private final RecordingConfig config;
    private final Path dataDir;
    private final BoundedStreamBus bus = new BoundedStreamBus();
    private final RecordingStore store;
    private final LabSession session;
    private final Map<Long, Active> active = new ConcurrentHashMap<>();
    private final Map<Long, String> automaticRuns = new ConcurrentHashMap<>(); // recording id -> its run
    private final String driverBundles;
    private final BundleContext context;
    private final TelemetryPoller telemetry;
    private volatile ServiceReference<?> ethics;
    private volatile Thread autoStarter;

    private record Active(Recorder recorder, List<AutoCloseable> subscriptions, Map<String, String> organoidByMea) {
    }

    @Activate
    // greedy: the lab's clock is the simulated rig's when one runs (ranked above the system clock); a recording stamped by
    // another clock than the spikes it holds finds none of them in its own time range
    public RecordingComponent(@Reference LabControl control, @Reference CultureRegistry cultures,
                              @Reference(policyOption = org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY) LabClock clock, RecordingConfig config,
                              BundleContext context) throws SQLException, IOException {
        this.control = control;
        this.cultures = cultures;
        this.clock = clock;
        this.config = config;
        this.context = context;
        if (config.telemetryPeriodMillis() < 0) throw new IllegalArgumentException("telemetryPeriodMillis must be >= 0 (0 = off), was " + config.telemetryPeriodMillis());
        String data = context.getProperty("neurolab.data.dir");
        this.dataDir = Files.createDirectories(Path.of(data == null ? "data" : data).resolve("recording"));
        String url = config.jdbcUrl().isBlank() ? RecordingStore.h2Url(dataDir.resolve("recordings")) : config.jdbcUrl();
        this.store = RecordingStore.open(url, config.jdbcUser(), config.jdbcPassword());
        this.session = control.openSession(new Caller("system:recording", Set.of("system"), "recording"));
        StringBuilder dv = new StringBuilder();
        for (Bundle b : context.getBundles())
            if (b.getSymbolicName() != null && b.getSymbolicName().startsWith("org.neurolab.driver"))
                dv.append(b.getSymbolicName()).append('=').append(b.getVersion()).append('\n');
        this.driverBundles = dv.toString();
        LOG.info("Recording store ready: {} ({} recordings)", store.dialect(), store.recordings().size());
        try {
            for (RawRecovery.Report r : RawRecovery.recover(store, dataDir.resolve("raw"), Set.of()))
                LOG.info("Recording {} was not stopped (the lab died): indexed {} raw chunk files as far as written ({} samples added, {} bytes of a cut frame dropped)",
                        r.recordingId(), r.chunksIndexed(), r.samplesAdded(), r.bytesCut());
        } catch (IOException | SQLException | RuntimeException e) { // the files stay; new recordings must not wait for them
            LOG.error("Raw traces of recordings the lab did not stop could not be indexed: {}", e.getMessage(), e);
        }
        this.telemetry = config.telemetryPeriodMillis() == 0 ? null
                : new TelemetryPoller(control::devices, control::environment, clock, config.telemetryPeriodMillis() * 1_000, this::recordTelemetry);
        if (telemetry != null) telemetry.start();
        if (!config.autoRecord().isBlank()) {
            autoStarter = Thread.ofPlatform().daemon().name("recording-autostart").start(this::autoStart);
        }
    }

    private void autoStart() {
        try {
            long deadline = System.currentTimeMillis() + 60_000;
            Set<String> wanted = config.autoRecord().strip().equals("all") ? null : new HashSet<>(Arrays.asList(config.autoRecord().split("\\s*,\\s*")));
            while (System.currentTimeMillis() < deadline) {
                List<String> ids = cultures.cultures().stream().map(Organoid::id).filter(id -> wanted == null || wanted.contains(id)).toList();
                boolean driversUp = ids.stream().allMatch(id -> cultures.culture(id).flatMap(o -> control.layout(o.meaId())).isPresent());
                if (!ids.isEmpty() && driversUp && (wanted == null || ids.size() == wanted.size())) {
                    long id = startAutomatic(Set.copyOf(ids));
                    LOG.info("Recording {} started automatically for {}", id, ids);
                    return;
                }
                Thread.sleep(250);
            }
            LOG.warn("autoRecord={}: no such cultures with a running driver within 60 s; nothing recorded", config.autoRecord());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Automatic recording failed to start: {}", e.getMessage(), e);
        }
    }

    private DetectionSettings detection() {
        DetectionSettings d = DetectionSettings.defaults();
        return new DetectionSettings(config.thresholdSigmas(), config.adaptiveThreshold(), d.adaptiveTimeConstantMicros(), d.calibrationMicros(),
                config.deadTimeMicros(), d.peakWindowMicros(), d.snippetMicros(), d.snippetPreMicros(), config.blankingMicros(), false);
    }

    /** A recording the configuration starts belongs to no script: its run is the recording itself, in the runs table. */
    private long startAutomatic(Set<String> organoidIds) {
        String runId = "autoRecord-" + System.currentTimeMillis();
        recordRun(new RunRecord(runId, "", "system:recording", clock.nowMicros(), null, null));
        try {
            long id = start(new RecordingOptions(organoidIds, config.rawTraces(), detection(), new RecordingProvenance(runId, "", "", "", "", null)));
            automaticRuns.put(id, runId);
            return id;
        } catch (RuntimeException e) {
            query(() -> {
                store.finishRun(runId, clock.nowMicros(), "failed to start: " + e.getMessage());
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
        for (Long id : active.keySet()) { // started before the ethics office came up: the policy set it runs under now
            try {
                store.fillPolicySetHash(id, hash);
            } catch (SQLException e) {
                LOG.warn("recording {}: policy-set hash not stored: {}", id, e.getMessage());
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
        Map<String, Integer> channels = new HashMap<>();
        Map<String, String> subscribeVia = new HashMap<>(); // one organoid per array: a subscription delivers the whole array
        Map<String, Map<Integer, String>> electrodeOwner = new HashMap<>();
        for (String oid : options.organoidIds()) {
            Organoid o = cultures.culture(oid).orElseThrow(() -> new IllegalArgumentException("unknown organoid '" + oid + "'"));
            var layout = control.layout(o.meaId()).orElseThrow(() -> new IllegalStateException("no driver for MEA " + o.meaId() + " is running"));
            channels.put(o.meaId(), layout.electrodeCount());
            subscribeVia.putIfAbsent(o.meaId(), oid);
            for (int e : o.electrodes()) electrodeOwner.computeIfAbsent(o.meaId(), k -> new HashMap<>()).put(e, oid);
        }
        // organoids not asked for but on the same arrays still own their electrodes
        for (Organoid o : cultures.cultures())
            if (channels.containsKey(o.meaId())) for (int e : o.electrodes()) electrodeOwner.get(o.meaId()).putIfAbsent(e, o.id());
        RecordingProvenance p = complete(options.provenance(), options.organoidIds().stream().map(id -> cultures.culture(id).orElseThrow()).toList());
        try {
            long id = store.createRecording(clock.nowMicros(), System.currentTimeMillis(), List.copyOf(channels.keySet()), List.copyOf(options.organoidIds()),
                    options.rawTraces(), p, options.detection().toString());
            Path raw = options.rawTraces() ? dataDir.resolve("raw").resolve(Long.toString(id)) : null;
            // one signal path: the driver's own events are the spikes everyone sees; only raw-only arrays are detected here
            java.util.Set<String> detectHere = new java.util.HashSet<>();
            for (String mea : channels.keySet()) if (!control.detectsSpikes(mea)) detectHere.add(mea);
            Recorder r = new Recorder(id, store, bus, channels, detectHere, options.detection(),
                    (mea, e) -> electrodeOwner.getOrDefault(mea, Map.of()).get(e), raw, config.commitMillis(), this::acknowledged);
            List<AutoCloseable> subs = new ArrayList<>();
            for (Map.Entry<String, String> via : subscribeVia.entrySet()) {
                String oid = via.getValue();
                boolean wantsRaw = options.rawTraces() || detectHere.contains(via.getKey());
                subs.add(session.subscribe(oid, new SignalListener() {
                    @Override
                    public void onSpikes(SpikeBatch batch) {
                        r.onDriverSpikes(batch);
                    }

                    @Override
                    public void onSamples(RawSampleBlock block) {
                        r.onSamples(block);
                    }
                }, wantsRaw));
            }
            active.put(id, new Active(r, subs, subscribeVia));
            return id;
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot start a recording: " + e.getMessage(), e);
        }
    }

    private void acknowledged(RecordingStatus s) {
        Path file = dataDir.resolve("acknowledged.properties");
        Path tmp = dataDir.resolve("acknowledged.properties.tmp");
        try {
            Files.writeString(tmp, "recordingId=" + s.id() + "\nspikes=" + s.acknowledgedSpikes() + "\nlastMicros=" + s.lastAcknowledgedMicros() + "\nmissedSpikes="
                    + s.missedSpikes() + "\nmissedRawBlocks=" + s.missedRawBlocks() + "\nrejectedBlocks=" + s.rejectedBlocks() + "\n");
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.warn("cannot write {}: {}", file, e.getMessage());
        }
    }

    @Override
    public RecordingStatus stop(long recordingId) {
        Active a = active.remove(recordingId);
        if (a == null) throw new IllegalArgumentException("recording " + recordingId + " is not running");
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
            store.finishRecording(recordingId, now);
            String run = automaticRuns.remove(recordingId);
            if (run != null) store.finishRun(run, now, "stopped");
        } catch (SQLException e) {
            throw new IllegalStateException("recording " + recordingId + " stopped but its end was not stored: " + e.getMessage(), e);
        }
        return a.recorder().status();
    }

    @Override
    public Optional<RecordingStatus> status(long recordingId) {
        Active a = active.get(recordingId);
        return a == null ? Optional.empty() : Optional.of(a.recorder().status());
    }

    @Override
    public List<RecordingInfo> recordings() {
        return query(store::recordings);
    }

    @Override
    public List<StoredSpike> spikes(SpikeQuery q) {
        return query(() -> store.spikes(q));
    }

    @Override
    public long[] countsPerBin(SpikeQuery q, long binMicros) {
        return query(() -> store.countsPerBin(q, binMicros));
    }

    @Override
    public List<StoredStimulation> stimulations(long recordingId, long from, long to) {
        return query(() -> store.stimulations(recordingId, from, to));
    }

    @Override
    public List<TelemetryRecord> telemetry(String deviceId, long from, long to) {
        return query(() -> store.telemetry(deviceId, from, to));
    }

    @Override
    public void recordTelemetry(TelemetryRecord reading) {
        query(() -> {
            store.insertTelemetry(reading);
            return null;
        });
    }

    @Override
    public void recordDose(DoseRecord dose) {
        query(() -> {
            store.insertDose(dose);
            return null;
        });
    }

    @Override
    public List<DoseRecord> doses(String organoidId, long fromMicros, long toMicros) {
        if (organoidId == null || organoidId.isBlank()) throw new IllegalArgumentException("doses are asked for by organoid: give its id");
        if (toMicros < fromMicros) throw new IllegalArgumentException("time range ends before it starts: " + fromMicros + ".." + toMicros);
        return query(() -> store.doses(organoidId, fromMicros, toMicros));
    }

    @Override
    public void recordRun(RunRecord run) {
        query(() -> {
            store.upsertRun(run);
            return null;
        });
    }

    @Override
    public Path exportOpenEphys(long recordingId, Path folder) throws IOException {
        try {
            return new OpenEphysExporter(store, dataDir.resolve("raw").resolve(Long.toString(recordingId))).export(recordingId, folder);
        } catch (SQLException e) {
            throw new IOException("export of recording " + recordingId + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Subscription subscribe(StreamSubscriber subscriber, SubscriptionOptions options) {
        return bus.subscribe(subscriber, options);
    }

    /** Arms blanking and records the stimulation; never throws, so it can never stop a command. */
    @Override
    public void append(CommandRecord record) {
        try {
            if (!record.allowed() || !(record.request().command() instanceof Stimulate s)) return;
            String mea = record.request().organoid().meaId();
            int[] electrodes = s.electrodes().stream().mapToInt(Integer::intValue).toArray();
            var pulse = s.train().pulse();
            long start = Math.max(record.request().labTimeMicros(), clock.nowMicros());
            for (Active a : active.values()) {
                a.recorder().onStimulation(mea, start, electrodes, (float) pulse.first().amplitudeMicroamps(), (int) pulse.first().durationMicros(),
                        s.train().count(), s.train().periodMicros(), pulse.totalDurationMicros(), record.request().commandId(),
                        record.request().caller().user() + "/" + record.request().caller().purpose());
            }
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
        Thread t = autoStarter;
        if (t != null) t.interrupt();
        if (telemetry != null) telemetry.close();
        for (Long id : List.copyOf(active.keySet())) {
            try {
                stop(id);
            } catch (RuntimeException e) {
                LOG.error("stopping recording {}: {}", id, e.getMessage(), e);
            }
        }
        session.close();
        bus.close();
        try {
            store.close();
        } catch (SQLException e) {
            LOG.warn("closing the recording store: {}", e.getMessage());
        }
    }
}
