package org.neurolab.recording.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.neurolab.api.signal.RawSampleBlock;
import org.neurolab.api.signal.SpikeBatch;
import org.neurolab.recording.RecordingStatus;
import org.neurolab.recording.internal.bus.BoundedStreamBus;
import org.neurolab.recording.internal.raw.RawChunkWriter;
import org.neurolab.recording.internal.store.RecordingStore;
import org.neurolab.recording.stream.SpikeEvents;
import org.neurolab.recording.stream.StimulationEvents;
import org.neurolab.recording.stream.StreamSubscriber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running recording: publication on the bus of what the signal path delivers, and storage of its spikes and
 * stimulations (never another recording's: each is stored once per recording) through a bounded
 * buffer, by a writer thread that commits every {@code commitMillis}. A batch is acknowledged once its transaction,
 * which also counts it in the recording's row, has committed.
 */
public final class Recorder implements StreamSubscriber, AutoCloseable {
    /** Batches waiting for the writer; beyond this, spikes are dropped and counted as missed. */
    static final int MAX_PENDING_BATCHES = 16_384;
    /** With nothing to commit, the lab still tells the store it sees the recording this often. */
    static final long HEARTBEAT_MILLIS = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(Recorder.class);

    private final long id;
    private final RecordingStore store;
    private final BoundedStreamBus bus;
    private final RecordingStore.OrganoidMap organoids;
    /** The arrays this recording covers. */
    private final java.util.Set<String> recorded;
    /** Arrays whose spikes (and raw blocks) this recording puts on the live bus: one recording per array does, not each. */
    private final java.util.Set<String> liveSpikes = java.util.concurrent.ConcurrentHashMap.newKeySet(), liveRaw = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Map<String, RawChunkWriter> rawWriters = new HashMap<>();
    private final BlockingQueue<RawSampleBlock> rawQueue;
    private final Thread writer;
    private final org.neurolab.api.clock.LabClock clock;
    private final long commitMillis;
    private final Consumer<RecordingStatus> onAck;

    private final Object lock = new Object();
    private List<SpikeEvents> pendingSpikes = new ArrayList<>();
    private List<StimulationEvents> pendingStims = new ArrayList<>();
    private volatile boolean running = true;
    private final java.util.concurrent.CountDownLatch stopSignal = new java.util.concurrent.CountDownLatch(1);

    private int pendingBatches;
    private long pendingSpikeCount, pendingStimCount;
    private final AtomicLong missedSpikes = new AtomicLong();
    private long lastCommitMillis = System.currentTimeMillis();
    private final AtomicLong ackedStims = new AtomicLong();
    private final AtomicLong ackedDoses = new AtomicLong();
    private final AtomicLong ackedTelemetry = new AtomicLong();
    private final AtomicLong ackedSpikes = new AtomicLong();
    private volatile long lastAckMicros = -1;
    private final AtomicLong rawMissed = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private volatile String lastRejection = "";
    private volatile Exception writeFailure;
    /** Per array, the newest watermark it reported: its data before it has reached this recording. */
    private final Map<String, Long> watermarks = new java.util.concurrent.ConcurrentHashMap<>();
    private List<org.neurolab.recording.RecordingGap> pendingGaps = new ArrayList<>();
    private final AtomicLong gapCount = new AtomicLong();
    /** Everything the arrays delivered before this lab time is committed (Long.MIN_VALUE: nothing known yet). */
    private volatile long committedComplete = Long.MIN_VALUE;

    /**
     * @param meaChannels   electrode count per array recorded
     * @param rawElectrodes per array, the electrodes whose raw traces are kept (the recorded cultures'); missing = all
     * @param rawFolder     where raw chunk files go, or null to keep no raw traces
     * @param clock         the lab clock, for heartbeats (null: none)
     */
    public Recorder(long id, RecordingStore store, BoundedStreamBus bus, Map<String, Integer> meaChannels, Map<String, int[]> rawElectrodes,
                    RecordingStore.OrganoidMap organoids, Path rawFolder, long commitMillis, Consumer<RecordingStatus> onAck,
                    org.neurolab.api.clock.LabClock clock) throws IOException {
        this.id = id;
        this.clock = clock;
        this.recorded = java.util.Set.copyOf(meaChannels.keySet());
        this.store = store;
        this.bus = bus;
        this.organoids = organoids;
        this.commitMillis = commitMillis;
        this.onAck = onAck;
        if (rawFolder != null)
            for (var e : meaChannels.entrySet())
                rawWriters.put(e.getKey(), new RawChunkWriter(rawFolder.resolve(safe(e.getKey())), e.getKey(), 30_000L * 10, rawElectrodes.get(e.getKey())));
        rawQueue = new ArrayBlockingQueue<>(rawFolder == null ? 1 : 4_096);
        writer = Thread.ofPlatform().daemon().name("recording-writer-" + id).start(this::writeLoop);
    }

    /** Without a clock, keeping every raw electrode (tests). */
    public Recorder(long id, RecordingStore store, BoundedStreamBus bus, Map<String, Integer> meaChannels, RecordingStore.OrganoidMap organoids,
                    Path rawFolder, long commitMillis, Consumer<RecordingStatus> onAck) throws IOException {
        this(id, store, bus, meaChannels, Map.of(), organoids, rawFolder, commitMillis, onAck, null);
    }

    static String safe(String meaId) {
        return meaId.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    public long id() {
        return id;
    }

    // ---- acquisition side: never blocks ---------------------------------------------------------------

    /** A raw block of a recorded array: to the live view and, when the recording keeps traces, to its raw files. */
    public void onSamples(RawSampleBlock block) {
        if (!running || !recorded.contains(block.meaId())) return;
        if (liveRaw.contains(block.meaId())) bus.publishRaw(block);
        keepRaw(block);
    }

    private void keepRaw(RawSampleBlock block) {
        if (!rawWriters.isEmpty() && !rawQueue.offer(block)) {
            long n = rawMissed.incrementAndGet();
            if (Long.bitCount(n) == 1) LOG.warn("Recording {}: raw trace writer fell behind, {} raw blocks not kept so far (spikes are still stored)", id, n);
        }
    }

    /**
     * The array's spikes as the signal path delivers them to everyone (a driver's own events, or the lab's detector's
     * with their waveforms for a raw-only array): stored as they are.
     */
    public void onDriverSpikes(SpikeBatch b) {
        if (!running || !recorded.contains(b.meaId()) || b.count() == 0) return;
        SpikeBatch c = b.copy();
        SpikeEvents events = new SpikeEvents(c.meaId(), c.count(), c.electrodes(), c.timesMicros(), new long[c.count()], c.amplitudesMicrovolts(),
                c.snippetLength(), c.snippetPreSamples(), c.snippets());
        if (liveSpikes.contains(b.meaId())) bus.publishSpikes(events);
        onSpikes(events);
    }

    /** Whether this recording is the one that puts the array's spikes and raw blocks on the live bus. */
    void publishLive(String meaId, boolean spikes, boolean raw) {
        if (spikes) liveSpikes.add(meaId);
        else liveSpikes.remove(meaId);
        if (raw) liveRaw.add(meaId);
        else liveRaw.remove(meaId);
    }

    /** A stimulation on a recorded array, stored when it went to a recorded culture (the signal path blanks its artifact). */
    public void onStimulation(String meaId, long startMicros, int[] electrodes, float amplitudeMicroamps, int phaseMicros, int pulses, long periodMicros,
                              long pulseMicros, String commandId, String trigger, boolean recordedCulture) {
        if (!running || !recorded.contains(meaId) || !recordedCulture) return;
        long mask = 0;
        StringBuilder list = new StringBuilder();
        for (int e : electrodes) {
            if (e < 64) mask |= 1L << e;
            if (!list.isEmpty()) list.append(',');
            list.append(e);
        }
        onStimulations(new StimulationEvents(meaId, 1, new long[]{startMicros}, new long[]{mask}, new String[]{list.toString()},
                new float[]{amplitudeMicroamps}, new int[]{phaseMicros}, new int[]{pulses}, new long[]{periodMicros}, new String[]{commandId}, new String[]{trigger}));
    }

    /** An array's data is complete up to {@code completeUpToMicros}: once the next commit is done, so is the recording's. */
    public void onWatermark(String meaId, long completeUpToMicros) {
        if (!recorded.contains(meaId)) return;
        watermarks.merge(meaId, completeUpToMicros, Math::max);
    }

    /** Data of a recorded array missing for good: stored with the next commit, shown in queries and exports as a gap. */
    public void onGap(String meaId, long fromMicros, long toMicros, String reason) {
        if (!recorded.contains(meaId) || !running || toMicros <= fromMicros) return;
        synchronized (lock) {
            pendingGaps.add(new org.neurolab.recording.RecordingGap(meaId, fromMicros, toMicros, reason));
        }
        gapCount.incrementAndGet();
    }

    /**
     * The lowest watermark of the recorded arrays now. An array that has reported none (an older driver) is taken as its
     * data comes, as scripts take it: complete up to lab time now; without a clock, nothing is known.
     */
    private long completeNow() {
        long min = Long.MAX_VALUE;
        for (String mea : recorded) {
            Long w = watermarks.get(mea);
            long v = w != null ? w : clock != null ? clock.nowMicros() : Long.MIN_VALUE;
            min = Math.min(min, v);
        }
        return min == Long.MAX_VALUE ? Long.MIN_VALUE : min;
    }

    /** A dose or telemetry reading the store counted for this recording. */
    public void acknowledgedDose() {
        ackedDoses.incrementAndGet();
    }

    public void acknowledgedTelemetry() {
        ackedTelemetry.incrementAndGet();
    }

    // ---- storage side ---------------------------------------------------------------------------------

    @Override
    public void onSpikes(SpikeEvents spikes) {
        if (spikes.count() == 0) return;
        synchronized (lock) {
            if (pendingBatches >= MAX_PENDING_BATCHES) {
                long n = missedSpikes.addAndGet(spikes.count());
                if (Long.bitCount(n) == 1) LOG.warn("Recording {}: the store fell behind, {} spikes not stored so far", id, n);
                return;
            }
            pendingSpikes.add(spikes);
            pendingBatches++;
            pendingSpikeCount += spikes.count();
        }
    }

    @Override
    public void onStimulations(StimulationEvents stimulations) {
        synchronized (lock) { // never dropped: a stimulation is one command, and the journal delivers it once
            pendingStims.add(stimulations);
            pendingStimCount += stimulations.count();
        }
    }

    private void writeLoop() {
        while (running) {
            try {
                if (stopSignal.await(commitMillis, java.util.concurrent.TimeUnit.MILLISECONDS)) break;
            } catch (InterruptedException e) {
                break;
            }
            flush();
        }
    }

    /** Writes everything received so far; returns when it is committed. */
    public void flush() {
        synchronized (store) { // one flush at a time (the writer thread and stop)
            List<SpikeEvents> spikes;
            List<StimulationEvents> stims;
            List<org.neurolab.recording.RecordingGap> gaps;
            long complete = completeNow(); // before taking the pending data: everything before it is among what is taken
            synchronized (lock) {
                spikes = pendingSpikes;
                stims = pendingStims;
                gaps = pendingGaps;
                pendingSpikes = new ArrayList<>();
                pendingStims = new ArrayList<>();
                pendingGaps = new ArrayList<>();
                pendingBatches = 0;
            }
            List<RecordingStore.RawChunk> chunks = new ArrayList<>();
            try {
                for (RawSampleBlock b; (b = rawQueue.poll()) != null; ) rawWriters.get(b.meaId()).append(b);
                for (RawChunkWriter w : rawWriters.values()) chunks.addAll(w.drainIndex());
            } catch (IOException e) {
                writeFailure = e;
                LOG.error("Recording {}: raw traces could not be written: {}", id, e.getMessage(), e);
            }
            long received = 0, receivedStims = 0;
            for (SpikeEvents e : spikes) received += e.count();
            for (StimulationEvents e : stims) receivedStims += e.count();
            long nowMillis = System.currentTimeMillis();
            if (spikes.isEmpty() && stims.isEmpty() && chunks.isEmpty() && gaps.isEmpty()) {
                // nothing was pending: what came before the watermark is committed already (the store learns it at the heartbeat)
                if (complete != Long.MIN_VALUE) committedComplete = Math.max(committedComplete, complete);
                if (clock != null && nowMillis - lastCommitMillis >= HEARTBEAT_MILLIS && running) {
                    try {
                        store.append(id, List.of(), List.of(), organoids, List.of(), List.of(), committedComplete, clock.nowMicros());
                        lastCommitMillis = nowMillis;
                    } catch (SQLException | RuntimeException e) {
                        LOG.warn("Recording {}: heartbeat not stored: {}", id, e.getMessage());
                    }
                } else if (!running && committedComplete != Long.MIN_VALUE) { // the last word at stop: how far it is complete
                    try {
                        store.append(id, List.of(), List.of(), organoids, List.of(), List.of(), committedComplete, Long.MIN_VALUE);
                    } catch (SQLException | RuntimeException e) {
                        LOG.warn("Recording {}: completeness at stop not stored: {}", id, e.getMessage());
                    }
                }
                return;
            }
            RecordingStore.Appended done;
            try {
                done = store.append(id, spikes, stims, organoids, chunks, gaps, complete, clock == null ? Long.MIN_VALUE : clock.nowMicros());
                lastCommitMillis = nowMillis;
            } catch (SQLException | RuntimeException e) {
                writeFailure = e;
                LOG.error("Recording {}: {} spike batches could not be stored: {}", id, spikes.size(), e.getMessage(), e);
                synchronized (lock) { // keep them for the next attempt
                    spikes.addAll(pendingSpikes);
                    pendingSpikes = spikes;
                    stims.addAll(pendingStims);
                    pendingStims = stims;
                    gaps.addAll(pendingGaps);
                    pendingGaps = gaps;
                    pendingBatches = pendingSpikes.size();
                }
                return;
            }
            synchronized (lock) {
                pendingSpikeCount -= received;
                pendingStimCount -= receivedStims;
            }
            ackedSpikes.addAndGet(done.spikes());
            ackedStims.addAndGet(done.stimulations());
            if (done.untilMicros() != Long.MIN_VALUE) lastAckMicros = Math.max(lastAckMicros, done.untilMicros());
            if (complete != Long.MIN_VALUE) committedComplete = Math.max(committedComplete, complete);
            if (onAck != null) onAck.accept(status());
        }
    }

    public RecordingStatus status() {
        long inSpikes, inStims;
        synchronized (lock) {
            inSpikes = pendingSpikeCount;
            inStims = pendingStimCount;
        }
        long last = lastAckMicros;
        return new RecordingStatus(id, running, ackedSpikes.get(), last, missedSpikes.get(), rawMissed.get(), rejected.get(), lastRejection,
                new org.neurolab.recording.Acknowledged(ackedSpikes.get(), ackedStims.get(), ackedDoses.get(), ackedTelemetry.get(), last < 0 ? null : last),
                inSpikes, inStims, committedComplete == Long.MIN_VALUE ? null : committedComplete, gapCount.get());
    }

    public Exception writeFailure() {
        return writeFailure;
    }

    /** Stops recording; what was received is committed when this returns. */
    @Override
    public void close() {
        if (!running) return;
        running = false;
        stopSignal.countDown(); // no interrupt: it would close the raw files' channels mid-write
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush(); // drains the raw queue into the open chunk files
        for (RawChunkWriter w : rawWriters.values()) {
            try {
                w.close();
            } catch (IOException e) {
                LOG.error("Recording {}: closing raw traces failed: {}", id, e.getMessage(), e);
            }
        }
        flush();
    }
}
