package org.neurolab.scripting.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.neurolab.api.control.Caller;
import org.neurolab.api.control.LabControl;
import org.neurolab.api.control.LabSession;
import org.neurolab.api.driver.SignalListener;
import org.neurolab.api.lab.CultureRegistry;
import org.neurolab.api.lab.Organoid;
import org.neurolab.api.signal.SpikeBatch;
import org.neurolab.recording.DoseRecord;
import org.neurolab.recording.RecordingInfo;
import org.neurolab.recording.RecordingOptions;
import org.neurolab.recording.RecordingService;
import org.neurolab.recording.RecordingStatus;
import org.neurolab.recording.RunRecord;
import org.neurolab.recording.SpikeQuery;
import org.neurolab.recording.StoredSpike;
import org.neurolab.recording.StoredStimulation;
import org.neurolab.recording.TelemetryRecord;

/**
 * Recordings in a dry run: counted, never stored. A script that records works unchanged on its private rig, and
 * {@code stopRecording} reports the spikes that a real recording would have held; the lab's store is not touched.
 */
final class DryRunRecordings implements RecordingService, AutoCloseable {
    private static final Caller RECORDER = new Caller("system:dry-run-recording", Set.of("operator"), "research");

    private record Counting(AutoCloseable[] subscriptions, AtomicLong spikes, AtomicLong lastMicros) {
    }

    private final LabSession session;
    private final CultureRegistry cultures;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Counting> running = new ConcurrentHashMap<>();
    private final Map<Long, RecordingStatus> ended = new ConcurrentHashMap<>();

    DryRunRecordings(LabControl privateRig, CultureRegistry cultures) {
        this.session = privateRig.openSession(RECORDER);
        this.cultures = cultures;
    }

    @Override
    public long start(RecordingOptions options) {
        long id = ids.incrementAndGet();
        AtomicLong spikes = new AtomicLong(), last = new AtomicLong();
        List<AutoCloseable> subs = new ArrayList<>();
        for (String organoid : options.organoidIds()) {
            Organoid o = cultures.culture(organoid).orElseThrow(() -> new IllegalArgumentException("unknown organoid '" + organoid + "'"));
            Set<Integer> mine = Set.copyOf(o.electrodes());
            subs.add(session.subscribe(organoid, new SignalListener() {
                @Override
                public void onSpikes(SpikeBatch b) {
                    for (int i = 0; i < b.count(); i++) {
                        if (!mine.contains(b.electrodes()[i])) continue;
                        spikes.incrementAndGet();
                        last.accumulateAndGet(b.timesMicros()[i], Math::max);
                    }
                }
            }, false));
        }
        running.put(id, new Counting(subs.toArray(AutoCloseable[]::new), spikes, last));
        return id;
    }

    @Override
    public RecordingStatus stop(long recordingId) {
        Counting c = running.remove(recordingId);
        if (c == null) {
            RecordingStatus done = ended.get(recordingId);
            if (done != null) return done;
            throw new IllegalArgumentException("no recording " + recordingId + " in this dry run");
        }
        for (AutoCloseable s : c.subscriptions()) close(s);
        RecordingStatus s = new RecordingStatus(recordingId, false, c.spikes().get(), c.lastMicros().get(), 0, 0, 0, "");
        ended.put(recordingId, s);
        return s;
    }

    @Override
    public Optional<RecordingStatus> status(long recordingId) {
        Counting c = running.get(recordingId);
        if (c != null) return Optional.of(new RecordingStatus(recordingId, true, c.spikes().get(), c.lastMicros().get(), 0, 0, 0, ""));
        return Optional.ofNullable(ended.get(recordingId));
    }

    @Override
    public List<RecordingInfo> recordings() {
        return List.of();
    }

    @Override
    public List<StoredSpike> spikes(SpikeQuery query) {
        throw notKept();
    }

    @Override
    public long[] countsPerBin(SpikeQuery query, long binMicros) {
        throw notKept();
    }

    @Override
    public List<StoredStimulation> stimulations(long recordingId, long fromMicros, long toMicros) {
        throw notKept();
    }

    @Override
    public List<TelemetryRecord> telemetry(String deviceId, long fromMicros, long toMicros) {
        throw notKept();
    }

    @Override
    public void recordTelemetry(TelemetryRecord reading) {
        throw notKept();
    }

    @Override
    public void recordDose(DoseRecord dose) {
        throw notKept();
    }

    @Override
    public void recordRun(RunRecord run) {
        throw notKept();
    }

    @Override
    public Path exportOpenEphys(long recordingId, Path folder) throws IOException {
        throw notKept();
    }

    @Override
    public void close() {
        for (Long id : List.copyOf(running.keySet())) stop(id);
        session.close();
    }

    private static UnsupportedOperationException notKept() {
        return new UnsupportedOperationException("a dry run keeps no recordings: only spike counts are reported");
    }

    private static void close(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // the private rig closes with the run
        }
    }

    @Override
    public List<org.neurolab.recording.DoseRecord> doses(String organoidId, long fromMicros, long toMicros) {
        return List.of(); // a dry run gives no doses
    }
}
