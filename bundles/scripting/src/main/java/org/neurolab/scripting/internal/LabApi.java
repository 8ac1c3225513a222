package org.neurolab.scripting.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;
import org.neurolab.scripting.RunLimits;
import org.graalvm.polyglot.proxy.ProxyArray;
import org.graalvm.polyglot.proxy.ProxyHashMap;
import org.graalvm.polyglot.proxy.ProxyObject;
import org.neurolab.api.clock.LabClock;
import org.neurolab.api.control.CommandRefusedException;
import org.neurolab.api.control.LabSession;
import org.neurolab.api.control.Stimulate;
import org.neurolab.api.lab.Organoid;
import org.neurolab.api.signal.SpikeBatch;
import org.neurolab.dosing.DoseOrder;
import org.neurolab.dosing.DoseOutcome;
import org.neurolab.dosing.Dosing;
import org.neurolab.dosing.ExchangeOutcome;
import org.neurolab.dosing.Route;
import org.neurolab.recording.RecordingOptions;
import org.neurolab.recording.RecordingProvenance;
import org.neurolab.recording.RecordingService;
import org.neurolab.recording.RecordingStatus;

/**
 * The {@code lab} object a script sees, and nothing else: every action goes through the run's control
 * session (so through the guards); only methods marked {@link HostAccess.Export} are visible under the
 * CONSTRAINED sandbox. Called on the script's thread only; spikes arrive from the driver's thread into
 * buffers and a bounded queue the script thread drains while it waits.
 */
public final class LabApi {
    static final int SPIKE_RING = 200_000;
    static final int CALLBACK_QUEUE = 10_000;
    /** Raw samples a run may keep per electrode: 10 s at 30 kHz (8 electrodes: under 10 MB). */
    static final int RAW_MAX_SAMPLES = 300_000;
    static final double RAW_MAX_WINDOW_MS = 10_000;
    /** In virtual time, waits advance in steps this long so that closed-loop callbacks run close to their spikes. */
    static final long VIRTUAL_STEP_MICROS = 2_000;

    private final LabSession session;
    private final LabClock clock;
    private final Map<String, Organoid> organoids;
    private final BoundedOutput output;
    private final Map<String, SpikeBuffer> buffers = new HashMap<>();
    private final Map<String, RawRing> raw = new HashMap<>();
    private final ClosedLoopInbox inbox = new ClosedLoopInbox(CALLBACK_QUEUE);
    private final Map<String, Stimulate> triggers = new HashMap<>();
    private final Map<String, Object> results = new LinkedHashMap<>();
    private final List<AutoCloseable> subscriptions = new ArrayList<>();
    private final RecordingService recordings;
    private final Dosing dosing;
    private final String runId;
    private final String scriptHash;
    private final List<Long> startedRecordings = new ArrayList<>();
    private long stimulations;
    private long batchArrivedNanos;
    /** Lab time of the oldest spike of the batch being answered: closed-loop latency end to end is counted from it. */
    private long batchOldestSpikeMicros;
    /** Spike's own lab time → the stimulation's applied lab time, both on the data's time base (µs, kept as ns). */
    private final LatencyLog spikeToApplied = new LatencyLog(100_000);
    private final long subscribedNanos = System.nanoTime();
    private final Set<String> unwatermarked = new java.util.HashSet<>();
    /** How long a wait or window may wait for its data beyond lab time (wall clock) before the run is told it is late. */
    static final long DATA_LATE_NANOS = 10_000_000_000L;
    private final LatencyLog issuedLatency = new LatencyLog(100_000);
    private final LatencyLog acceptedLatency = new LatencyLog(100_000);
    /** Batch arrived → its callback called on the script thread (the wake-up and hand-over share of {@link #issuedLatency}). */
    private final LatencyLog calledLatency = new LatencyLog(100_000);
    /** The receipt of the newest stimulation this run sent (its applied time anchors count windows). */
    private org.neurolab.api.control.CommandReceipt lastReceipt;
    /** The layouts of the arrays the run's cultures sit on (sample rate, absolute electrode indices). */
    private java.util.function.Function<String, java.util.Optional<org.neurolab.api.lab.MeaLayout>> layouts = id -> java.util.Optional.empty();
    private java.util.function.ToLongFunction<String> holds = meaId -> 0;
    /** Runs before each lab call; blocks while the run is suspended (see ScriptRun.suspend). */
    private Runnable checkpoint = () -> { };
    /** Marks closed-loop callbacks, so that the lab's watchdog sees one that does not return. */
    private RunMeter meter = new RunMeter();
    private RunLimits limits = RunLimits.DEFAULT;
    /** The guest's own length of a text, so that a huge text is refused before it is copied out of the guest. */
    private Value textLength;
    private final Map<String, Long> resultSizes = new java.util.HashMap<>();
    private long resultBytes;

    LabApi(LabSession session, LabClock clock, List<Organoid> reserved, BoundedOutput output, RecordingService recordings, String runId,
           String scriptHash, Dosing dosing) {
        this.session = session;
        this.dosing = dosing;
        this.recordings = recordings;
        this.runId = runId;
        this.scriptHash = scriptHash;
        this.clock = clock;
        this.output = output;
        this.organoids = new LinkedHashMap<>();
        for (Organoid o : reserved) {
            organoids.put(o.id(), o);
            SpikeBuffer buffer = new SpikeBuffer(SPIKE_RING);
            buffers.put(o.id(), buffer);
            Set<Integer> mine = Set.copyOf(o.electrodes());
            subscriptions.add(session.subscribe(o.id(), new org.neurolab.api.driver.SignalListener() {
                @Override
                public void onSpikes(SpikeBatch batch) {
                    buffer.add(batch, mine);
                    if (!inbox.wants(o.id())) return;
                    // the culture's own spikes only: the array's other cultures may be someone else's booking
                    SpikeBatch own = ownSpikes(batch, mine);
                    if (own != null) inbox.offer(o.id(), own);
                }

                @Override
                public boolean answering() { // a simulated rig holds its next chunk for the answer (lockstep)
                    return inbox.answering();
                }

                @Override
                public void onWatermark(String meaId, long completeUpToMicros) {
                    buffer.watermark(completeUpToMicros);
                }

                @Override
                public void onGap(String meaId, long fromMicros, long toMicros, String reason) {
                    buffer.gap(fromMicros, toMicros, reason);
                }
            }, false));
        }
    }

    /** A copy of the batch's spikes on {@code mine} (waveforms too), or null when it has none of them. */
    static SpikeBatch ownSpikes(SpikeBatch b, Set<Integer> mine) {
        int n = 0;
        for (int i = 0; i < b.count(); i++) if (mine.contains(b.electrodes()[i])) n++;
        if (n == 0) return null;
        if (n == b.count()) return b.copy();
        int len = b.snippetLength();
        int[] e = new int[n];
        long[] t = new long[n];
        float[] a = new float[n], w = new float[n * len];
        for (int i = 0, k = 0; i < b.count(); i++) {
            if (!mine.contains(b.electrodes()[i])) continue;
            e[k] = b.electrodes()[i];
            t[k] = b.timesMicros()[i];
            a[k] = b.amplitudesMicrovolts()[i];
            if (len > 0) System.arraycopy(b.snippets(), i * len, w, k * len, len);
            k++;
        }
        return new SpikeBatch(b.meaId(), n, e, t, a, len, b.snippetPreSamples(), w);
    }

    void checkpoint(Runnable c) {
        this.checkpoint = c;
    }

    /** Where the run finds how long its arrays wait for a closed loop's answer (a simulated rig's lockstep; 0: never). */
    void holds(java.util.function.ToLongFunction<String> h) {
        this.holds = h;
    }

    /** Where the run finds its arrays' layouts (the run's control service: the lab's, or a dry run's private rig). */
    void layouts(java.util.function.Function<String, java.util.Optional<org.neurolab.api.lab.MeaLayout>> l) {
        this.layouts = l;
    }

    // ---- what the lab has for this run ----------------------------------------------------------------------

    @HostAccess.Export
    public Object organoids() {
        return ProxyArray.fromArray(organoids.keySet().toArray());
    }

    @HostAccess.Export
    public Object electrodes(String organoid) {
        return ProxyArray.fromArray(organoid(organoid).electrodes().toArray());
    }

    // ---- acting ---------------------------------------------------------------------------------------------

    /** Options (a JS object or a Python dict): phaseUs, interphaseUs, polarity, count, periodUs, monophasic, secondAmplitudeUa, secondPhaseUs. */
    @HostAccess.Export
    public double stimulate(String organoid, Value electrodes, double amplitudeMicroamps, Value options) throws CommandRefusedException {
        return send(StimulusCommands.fromOptions(organoid(organoid).id(), electrodes, amplitudeMicroamps, options));
    }

    /**
     * The same with the pulse's parameters one by one (null, None or undefined: the default), as the preludes call it:
     * each is passed as it is instead of being looked up by name in an options object, several host calls fewer per command.
     */
    @HostAccess.Export
    public double stimulatePulse(String organoid, Value electrodes, double amplitudeMicroamps, Value phaseUs, Value interphaseUs, Value polarity,
                                 Value count, Value periodUs, Value monophasic, Value secondAmplitudeUa, Value secondPhaseUs) throws CommandRefusedException {
        return send(StimulusCommands.fromParameters(organoid(organoid).id(), electrodes, amplitudeMicroamps, phaseUs, interphaseUs, polarity, count, periodUs, monophasic, secondAmplitudeUa, secondPhaseUs));
    }

    /** A named trigger: several electrodes with one waveform, fired together by name. */
    @HostAccess.Export
    public void defineTrigger(String name, String organoid, Value electrodes, double amplitudeMicroamps, Value options) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a trigger needs a name");
        triggers.put(name, StimulusCommands.fromOptions(organoid(organoid).id(), electrodes, amplitudeMicroamps, options));
    }

    /** {@link #defineTrigger} with the pulse's parameters one by one, as {@link #stimulatePulse}. */
    @HostAccess.Export
    public void defineTriggerPulse(String name, String organoid, Value electrodes, double amplitudeMicroamps, Value phaseUs, Value interphaseUs,
                                   Value polarity, Value count, Value periodUs, Value monophasic, Value secondAmplitudeUa, Value secondPhaseUs) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a trigger needs a name");
        triggers.put(name, StimulusCommands.fromParameters(organoid(organoid).id(), electrodes, amplitudeMicroamps, phaseUs, interphaseUs, polarity, count, periodUs, monophasic, secondAmplitudeUa, secondPhaseUs));
    }

    @HostAccess.Export
    public double fire(String name) throws CommandRefusedException {
        Stimulate s = triggers.get(name);
        if (s == null) throw new IllegalArgumentException("no trigger named '" + name + "' (defined: " + triggers.keySet() + ")");
        return send(s);
    }

    /** Doses through the lab's dosing service (and so the guards); options: {@code route} (uncaging or infusion). */
    @HostAccess.Export
    public Object dose(String organoid, String compound, double amount, String unit, Value options) throws CommandRefusedException {
        organoid(organoid);
        checkpoint.run();
        String route = GuestValues.text(options, "route", "");
        DoseOutcome o = dosing(compound).dose(session, new DoseOrder(organoid, compound, amount, unit,
                route.isBlank() ? null : Route.valueOf(route.strip().toUpperCase(java.util.Locale.ROOT))));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("commandId", o.commandId());
        out.put("compound", o.compound());
        out.put("amountNmol", o.amountNanomoles());
        out.put("route", o.route().name().toLowerCase(java.util.Locale.ROOT));
        out.put("beforeUm", o.concentrationBeforeMicromolar());
        out.put("afterUm", o.concentrationAfterMicromolar());
        out.put("appliedMs", o.labTimeMicros() / 1000.0); // when the device delivered it, as stimulate returns
        return ProxyObject.fromMap(out);
    }

    /** The culture's chamber now: compound → µM, as an object (JavaScript reads members). */
    @HostAccess.Export
    public Object concentrations(String organoid) {
        organoid(organoid);
        return ProxyObject.fromMap(new LinkedHashMap<>(dosing("no compound").concentrations(organoid)));
    }

    /** The same as a hash (Python sees a dict-like mapping it can iterate). */
    @HostAccess.Export
    public Object concentrationsByCompound(String organoid) {
        organoid(organoid);
        return ProxyHashMap.from(new LinkedHashMap<Object, Object>(dosing("no compound").concentrations(organoid)));
    }

    /** Pushes fresh medium through the culture's chamber, washing out what was dosed. */
    @HostAccess.Export
    public Object exchangeMedium(String organoid, double volumeMicrolitres) throws CommandRefusedException {
        organoid(organoid);
        checkpoint.run();
        ExchangeOutcome x = dosing("fresh medium").exchangeMedium(session, organoid, volumeMicrolitres);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("commandId", x.commandId());
        out.put("remainingFraction", x.remainingFraction());
        out.put("concentrations", ProxyObject.fromMap(new LinkedHashMap<>(x.concentrationsAfterMicromolar())));
        return ProxyObject.fromMap(out);
    }

    private Dosing dosing(String what) {
        if (dosing == null) throw new IllegalStateException("the dosing bundle is not running in this lab: no dose of " + what + " was given");
        return dosing;
    }

    /** Starts recording this run's cultures (spikes with snippets, stimulations; raw traces if asked); returns the recording id. */
    @HostAccess.Export
    public long startRecording(Value options) {
        RecordingService service = recordings;
        checkpoint.run();
        if (service == null) throw new IllegalStateException("the recording bundle is not running; spikes of this run are still returned by lab.spikes()");
        RecordingOptions o = new RecordingOptions(organoids.keySet(), GuestValues.flag(options, "raw"),
                new RecordingProvenance(runId, scriptHash, "", "", "", null), session.caller().user()); // the run's user owns it
        long id = service.start(o);
        startedRecordings.add(id);
        return id;
    }

    /**
     * Exports a recording the run's user may read (format "openephys", "phy" or "nwb") into the lab's {@code data/exports/};
     * returns {path, bytes}. Scripts have no file access: the files are for the user, not the script.
     */
    @HostAccess.Export
    public Object exportRecording(long id, String format) throws java.io.IOException {
        RecordingService service = recordings;
        checkpoint.run();
        if (service == null) throw new IllegalStateException("the recording bundle is not running");
        var caller = session.caller();
        if (!service.mayRead(id, caller.user(), caller.roles()))
            throw new SecurityException("recording " + id + " is not " + caller.user() + "'s, nor shared with them");
        long[] bytes = {0};
        java.nio.file.Path folder = service.exportInLab(id, org.neurolab.recording.ExportFormat.of(format), (done, total) -> bytes[0] = done);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", folder.toString());
        m.put("bytes", bytes[0]);
        return ProxyObject.fromMap(m);
    }

    /** Stops a recording this run started; everything received is committed when it returns: {id, spikes, missed}. */
    @HostAccess.Export
    public Object stopRecording(long id) {
        if (!startedRecordings.remove(id)) throw new IllegalArgumentException("recording " + id + " was not started by this run");
        RecordingStatus st = recordings.stop(id);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", st.id());
        m.put("spikes", st.acknowledgedSpikes());
        m.put("missed", st.missedSpikes());
        return ProxyObject.fromMap(m);
    }

    // ---- time -----------------------------------------------------------------------------------------------

    /** Lab time in milliseconds since the lab clock's start. */
    @HostAccess.Export
    public double now() {
        return clock.nowMicros() / 1000.0;
    }

    /** Waits {@code ms} of lab time, running closed-loop callbacks as their spikes arrive. */
    @HostAccess.Export
    public void waitMillis(double ms) throws InterruptedException {
        if (!(ms >= 0) || ms > 7 * 24 * 3_600_000.0) throw new IllegalArgumentException("wait must be 0 ms .. 7 days, was " + ms);
        waitUntil(clock.nowMicros() + Math.round(ms * 1000));
    }

    /**
     * Waits until lab time has reached {@code deadline} and every reserved culture's data is complete up to it (the
     * arrays' watermarks), running closed-loop callbacks meanwhile; so what the script reads next is all there.
     */
    /**
     * Waits until lab time {@code labTimeMs} (at once if it has passed) and the reserved cultures' data up to it is in:
     * e.g. the end of a response window that starts at a stimulation's applied time.
     */
    @HostAccess.Export
    public void waitUntilMillis(double labTimeMs) throws InterruptedException {
        if (!(labTimeMs >= 0) || labTimeMs - now() > 7 * 24 * 3_600_000.0)
            throw new IllegalArgumentException("wait_until needs a lab time (ms) within 7 days from now, was " + labTimeMs);
        waitUntil(Math.round(labTimeMs * 1000));
    }

    private void waitUntil(long deadline) throws InterruptedException {
        checkpoint.run();
        if (clock.isVirtual()) {
            while (clock.nowMicros() < deadline) {
                long step = !inbox.hasCallbacks() ? deadline : Math.min(deadline, clock.nowMicros() + VIRTUAL_STEP_MICROS);
                meter.labWorkStarted(); // a virtual rig simulates on this thread: the lab's work, not the script's CPU
                try {
                    clock.awaitMicros(step);
                } finally {
                    meter.labWorkEnded();
                }
                dispatch();
            }
        } else {
            long remaining;
            while ((remaining = deadline - clock.nowMicros()) > 0) {
                ClosedLoopInbox.Pending p = inbox.poll(remaining, TimeUnit.MICROSECONDS);
                if (p != null) inbox.callCoalesced(p, this::call);
            }
        }
        awaitData(deadline, buffers.keySet());
        dispatch();
    }

    /**
     * Returns once the data of {@code cultures} is complete up to {@code labMicros}; a source still behind after
     * {@link #DATA_LATE_NANOS} of waiting ends the call with how late it is (never a silent, partial answer).
     */
    private void awaitData(long labMicros, java.util.Collection<String> cultures) throws InterruptedException {
        long started = System.nanoTime();
        boolean told = false;
        for (String o : cultures) {
            SpikeBuffer b = buffers.get(o);
            while (b.watermark() < labMicros) {
                long waited = System.nanoTime() - started;
                if (b.watermark() == Long.MIN_VALUE && (unwatermarked.contains(o) || System.nanoTime() - subscribedNanos > 2_000_000_000L)) {
                    // a driver written before watermarks existed never reports one: its data is read as it comes, said once
                    if (unwatermarked.add(o))
                        output.line("note: the array of " + o + " reports no watermark (an older driver): its windows are read as the data comes, not checked complete");
                    break;
                }
                if (!told && waited > 500_000_000L) {
                    told = true;
                    output.line(String.format(java.util.Locale.ROOT, "waiting for the data of %s: complete up to %s, %.1f s behind lab time (the source is behind)",
                            o, b.watermark() == Long.MIN_VALUE ? "nothing yet" : String.format(java.util.Locale.ROOT, "%.1f ms", b.watermark() / 1000.0),
                            (clock.nowMicros() - Math.max(b.watermark(), 0)) / 1e6));
                }
                if (waited > DATA_LATE_NANOS)
                    throw new LabDataLateException(o, labMicros, b.watermark(), clock.nowMicros());
                ClosedLoopInbox.Pending p = inbox.poll(1, TimeUnit.MILLISECONDS);
                if (p != null) inbox.callCoalesced(p, this::call);
            }
        }
    }

    private void dispatch() {
        ClosedLoopInbox.Pending p;
        while ((p = inbox.poll()) != null) inbox.callCoalesced(p, this::call);
    }

    private void call(ClosedLoopInbox.Pending p) {
        batchArrivedNanos = p.arrivedNanos();
        batchOldestSpikeMicros = p.batch().count() > 0 ? p.batch().timesMicros()[0] : Long.MIN_VALUE;
        calledLatency.since(p.arrivedNanos());
        meter.callbackStarted("on_spikes callback for " + p.organoid());
        try {
            for (Value fn : inbox.callbacks(p.organoid())) fn.executeVoid(batchObject(p.organoid(), p.batch()));
        } finally {
            meter.callbackEnded();
            batchArrivedNanos = 0;
        }
    }

    /**
     * Closed-loop latency of this run, wall-clock µs from a spike batch arriving to a stimulation its callback issued
     * ({@code issued}: lab.stimulate called) and to the command accepted by the rig ({@code accepted}: after the guards
     * and the audit log): {count, issuedP50, issuedP99, issuedP999, acceptedP50, acceptedP99, acceptedP999, coalesced}
     * ({@code coalesced}: batches that arrived while the script was behind and were delivered with an earlier one);
     * also {@code calledP50, calledP99, calledP999}: from the batch arriving to its callback called on the script's
     * thread, the share of {@code issued} spent before the script's own code runs.
     */
    @HostAccess.Export
    public Object closedLoopLatency() {
        return latency(Long.MIN_VALUE);
    }

    /**
     * The same for the batches that arrived at lab time {@code sinceMs} or later (e.g. once the loop is warm); {@code coalesced}
     * still counts the whole run.
     */
    @HostAccess.Export
    public Object closedLoopLatencySince(double sinceMs) {
        if (!(sinceMs >= 0)) throw new IllegalArgumentException("since must be a lab time >= 0 ms, was " + sinceMs);
        long ago = (clock.nowMicros() - Math.round(sinceMs * 1000)) * 1000;
        return latency(System.nanoTime() - ago);
    }

    /** The longest closed-loop hold of the run's arrays, ms (0: every array runs free, as real instruments do). */
    private double lockstepHoldMillis() {
        long most = 0;
        for (Organoid o : organoids.values()) {
            try {
                most = Math.max(most, holds.applyAsLong(o.meaId()));
            } catch (RuntimeException e) {
                // a driver gone meanwhile: nothing waits for this run there
            }
        }
        return most / 1000.0;
    }

    private Object latency(long fromNanos) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", fromNanos == Long.MIN_VALUE ? issuedLatency.count() : issuedLatency.count(fromNanos));
        m.put("issuedP50", issuedLatency.percentileMicros(50, fromNanos));
        m.put("issuedP99", issuedLatency.percentileMicros(99, fromNanos));
        m.put("issuedP999", issuedLatency.percentileMicros(99.9, fromNanos));
        m.put("acceptedP50", acceptedLatency.percentileMicros(50, fromNanos));
        m.put("acceptedP99", acceptedLatency.percentileMicros(99, fromNanos));
        m.put("acceptedP999", acceptedLatency.percentileMicros(99.9, fromNanos));
        m.put("coalesced", inbox.coalesced());
        m.put("calledP50", calledLatency.percentileMicros(50, fromNanos));
        m.put("calledP99", calledLatency.percentileMicros(99, fromNanos));
        m.put("calledP999", calledLatency.percentileMicros(99.9, fromNanos));
        // end to end, in lab time: the oldest spike of the answered batch → the stimulation's applied time
        m.put("spikeToAppliedCount", fromNanos == Long.MIN_VALUE ? spikeToApplied.count() : spikeToApplied.count(fromNanos));
        m.put("spikeToAppliedP50", spikeToApplied.percentileMicros(50, fromNanos));
        m.put("spikeToAppliedP99", spikeToApplied.percentileMicros(99, fromNanos));
        m.put("spikeToAppliedP999", spikeToApplied.percentileMicros(99.9, fromNanos));
        m.put("spikeToAppliedMax", spikeToApplied.percentileMicros(100, fromNanos));
        // which figure this is: lockstep (the rig waited up to this long for each answer) or free-running (0)
        m.put("lockstepHoldMs", lockstepHoldMillis());
        return ProxyObject.fromMap(m);
    }

    // ---- reading --------------------------------------------------------------------------------------------

    /** Spikes of a culture between two lab times (ms): {times, electrodes, amplitudes}. */
    @HostAccess.Export
    public Object spikes(String organoid, double fromMs, double toMs) throws InterruptedException {
        SpikeBuffer.Window w = completeWindow(organoid, fromMs, toMs);
        Object[] times = new Object[w.timesMicros().length];
        Object[] electrodes = new Object[times.length];
        Object[] amplitudes = new Object[times.length];
        for (int i = 0; i < times.length; i++) {
            times[i] = w.timesMicros()[i] / 1000.0;
            electrodes[i] = w.electrodes()[i];
            amplitudes[i] = (double) w.amplitudes()[i];
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("times", ProxyArray.fromArray(times));
        m.put("electrodes", ProxyArray.fromArray(electrodes));
        m.put("amplitudes", ProxyArray.fromArray(amplitudes));
        m.put("count", times.length);
        m.put("gapMs", w.gapMicros() / 1000.0);
        return ProxyObject.fromMap(m);
    }

    /**
     * The culture's spikes in [from, to), once its data is complete up to {@code to}: a window ending in the future is
     * refused, one whose data is late is waited for (and then reported late), one with a gap in its data says so in the
     * run's log (the window's {@code gapMs}).
     */
    private SpikeBuffer.Window completeWindow(String organoid, double fromMs, double toMs) throws InterruptedException {
        if (!(toMs >= fromMs)) throw new IllegalArgumentException("a window needs from <= to, was " + fromMs + " .. " + toMs + " ms");
        SpikeBuffer buffer = buffer(organoid);
        long from = Math.round(fromMs * 1000), to = Math.round(toMs * 1000), now = clock.nowMicros();
        if (to > now)
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "the window ends at %.1f ms, after lab time now (%.1f ms): wait until it has passed (lab.wait) before reading it", toMs, now / 1000.0));
        awaitData(to, List.of(organoid));
        SpikeBuffer.Window w = buffer.window(from, to);
        if (w.gapMicros() > 0)
            output.line(String.format(java.util.Locale.ROOT, "note: %.1f ms of %s's data between %.1f and %.1f ms is missing (%s)", w.gapMicros() / 1000.0,
                    organoid, fromMs, toMs, buffer.lastGapReason()));
        return w;
    }

    /** Spike counts of a culture in consecutive bins of {@code binMs} from {@code fromMs} to {@code toMs}. */
    @HostAccess.Export
    public Object spikeCounts(String organoid, double fromMs, double toMs, double binMs) throws InterruptedException {
        if (!(binMs > 0) || !(toMs > fromMs)) throw new IllegalArgumentException("spikeCounts needs from < to and a bin > 0 ms");
        int bins = (int) Math.ceil((toMs - fromMs) / binMs);
        if (bins > 1_000_000) throw new IllegalArgumentException("spikeCounts would make " + bins + " bins");
        long[] counts = new long[bins];
        SpikeBuffer.Window w = completeWindow(organoid, fromMs, toMs);
        for (long t : w.timesMicros()) counts[(int) Math.min(bins - 1, (t / 1000.0 - fromMs) / binMs)]++;
        return ProxyArray.fromArray(Arrays.stream(counts).boxed().toArray());
    }

    /**
     * Starts keeping the last {@code windowMs} of raw samples of a culture's electrodes (at most 10 s), so that
     * {@link #rawSnippet} can return them. Raw samples flow only for runs that ask; asking again changes nothing.
     */
    @HostAccess.Export
    public void keepRaw(String organoid, double windowMs) {
        Organoid o = organoid(organoid);
        if (raw.containsKey(o.id())) return;
        if (!(windowMs > 0) || windowMs > RAW_MAX_WINDOW_MS)
            throw new IllegalArgumentException("keepRaw keeps 0.." + (long) RAW_MAX_WINDOW_MS + " ms of raw samples, asked for " + windowMs + " ms");
        RawRing ring = new RawRing(o.electrodes(), Math.round(windowMs * 1000), RAW_MAX_SAMPLES);
        raw.put(o.id(), ring);
        subscriptions.add(session.subscribe(o.id(), new org.neurolab.api.driver.SignalListener() {
            @Override
            public void onSpikes(SpikeBatch batch) {
                // spikes come through the run's other subscription
            }

            @Override
            public void onSamples(org.neurolab.api.signal.RawSampleBlock block) {
                ring.add(block);
            }
        }, true));
    }

    /** Raw samples (µV) of one electrode from lab time {@code fromMs} for {@code durationMs}: {electrode, fromMs, sampleRateHz, samples}. */
    @HostAccess.Export
    public Object rawSnippet(String organoid, int electrode, double fromMs, double durationMs) {
        Organoid o = organoid(organoid);
        RawRing ring = raw.get(o.id());
        if (ring == null) throw new IllegalStateException("raw samples of " + o.id() + " are not kept: call keepRaw(organoid, windowMs) first");
        if (!(durationMs > 0) || durationMs > 1_000) throw new IllegalArgumentException("a raw snippet is 0..1000 ms long, was " + durationMs);
        RawRing.Snippet snip = ring.snippet(electrode, Math.round(fromMs * 1000), Math.round(durationMs * 1000));
        Object[] samples = new Object[snip.microvolts().length];
        for (int i = 0; i < samples.length; i++) samples[i] = (double) snip.microvolts()[i];
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("electrode", electrode);
        m.put("fromMs", snip.startMicros() / 1000.0);
        m.put("sampleRateHz", snip.sampleRateHz());
        m.put("samples", ProxyArray.fromArray(samples));
        return ProxyObject.fromMap(m);
    }

    /** Closed loop: {@code callback(batch)} runs on the script's thread for every spike batch of the culture, while the script waits. */
    @HostAccess.Export
    public void onSpikes(String organoid, Value callback) {
        organoid(organoid);
        if (callback == null || !callback.canExecute()) throw new IllegalArgumentException("onSpikes needs a function");
        inbox.addCallback(organoid, callback);
    }

    /**
     * A loop at a fixed tick: {@code fn(tick, nowMs)} every {@code tickMs} of lab time for {@code durationMs}.
     * Returns the lateness of the ticks (µs): {ticks, p50, p99, max}.
     */
    @HostAccess.Export
    public Object loop(double tickMs, double durationMs, Value fn) throws InterruptedException {
        if (!(tickMs >= 0.1) || !(durationMs >= tickMs)) throw new IllegalArgumentException("loop needs tick >= 0.1 ms and duration >= tick");
        if (fn == null || !fn.canExecute()) throw new IllegalArgumentException("loop needs a function");
        long tick = Math.round(tickMs * 1000), start = clock.nowMicros(), n = (long) (durationMs / tickMs);
        long[] late = new long[(int) Math.min(n, 10_000_000)];
        for (int i = 0; i < late.length; i++) {
            long due = start + i * tick;
            waitUntil(due);
            late[i] = clock.nowMicros() - due;
            meter.callbackStarted("loop callback");
            try {
                fn.executeVoid(i, clock.nowMicros() / 1000.0);
            } finally {
                meter.callbackEnded();
            }
        }
        Arrays.sort(late);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ticks", late.length);
        m.put("p50", late.length == 0 ? 0 : late[late.length / 2]);
        m.put("p99", late.length == 0 ? 0 : late[(int) Math.min(late.length - 1, Math.floor(late.length * 0.99))]);
        m.put("max", late.length == 0 ? 0 : late[late.length - 1]);
        return ProxyObject.fromMap(m);
    }

    // ---- reporting ------------------------------------------------------------------------------------------

    @HostAccess.Export
    public void log(String message) {
        output.line("[" + String.format("%.1f", now()) + " ms] " + message);
    }

    @HostAccess.Export
    public void result(String key, Value value) {
        if (key == null || key.isBlank()) throw new IllegalArgumentException("a result needs a key");
        long replaced = resultSizes.getOrDefault(key, 0L);
        long keptOthers = resultBytes - replaced;
        long runRoom = Math.max(0, limits.maxRunResultBytes() - keptOthers);
        String refusal = runRoom < limits.maxResultBytes()
                ? "result '" + key + "' would take this run's results over their limit of " + GuestValues.size(limits.maxRunResultBytes())
                  + " (" + GuestValues.size(keptOthers) + " kept already)"
                : "result '" + key + "' is larger than the limit of " + GuestValues.size(limits.maxResultBytes()) + " per result";
        GuestValues.Sized plain = GuestValues.toPlain(value, Math.min(limits.maxResultBytes(), runRoom), textLength, refusal);
        results.put(key, plain.value());
        resultSizes.put(key, plain.bytes());
        resultBytes += plain.bytes() - replaced;
    }

    /** The guest's length function for texts (the prelude hands in Python's {@code len}, a JS {@code s => s.length}). */
    @HostAccess.Export
    public void measureTextWith(Value length) {
        if (textLength == null && length != null && length.canExecute()) textLength = length;
    }

    /** The run's meter (callbacks are marked on it) and limits (results are bounded by them). */
    void limits(RunMeter meter, RunLimits limits) {
        this.meter = meter;
        this.limits = limits;
    }

    // ---- for the run ------------------------------------------------------------------------------------------

    Map<String, Object> results() {
        return results;
    }

    long stimulations() {
        return stimulations;
    }

    long droppedBatches() {
        return inbox.dropped();
    }

    /** Recordings the script left running end with the run. */
    void stopRecordings() {
        for (Long id : List.copyOf(startedRecordings)) {
            try {
                recordings.stop(id);
            } catch (RuntimeException e) {
                output.line("recording " + id + " did not stop cleanly: " + e.getMessage());
            }
        }
        startedRecordings.clear();
    }

    void closeSubscriptions() {
        for (AutoCloseable s : subscriptions) {
            try {
                s.close();
            } catch (Exception ignored) {
                // the session closes them too
            }
        }
    }

    /**
     * Lets go of the guest values this API holds (callbacks, the text-length function): each holds its whole context, so
     * whatever still holds this API after the run (a listener list, a latency log) would otherwise keep the run's heap alive.
     */
    void releaseGuest() {
        inbox.clear();
        textLength = null;
    }

    /** Stimulates; returns the lab time (ms) the device applies the train's first pulse at, on the data's time base. */
    private double send(Stimulate s) throws CommandRefusedException {
        checkpoint.run();
        long arrived = batchArrivedNanos;
        if (arrived != 0) issuedLatency.since(arrived);
        org.neurolab.api.control.CommandReceipt receipt = session.stimulate(s);
        lastReceipt = receipt;
        if (arrived != 0) {
            acceptedLatency.since(arrived);
            if (batchOldestSpikeMicros != Long.MIN_VALUE)
                spikeToApplied.add(arrived, Math.max(0, receipt.appliedMicros() - batchOldestSpikeMicros) * 1_000);
        }
        stimulations++;
        return receipt.appliedMicros() / 1000.0;
    }

    // ---- for notebooks and the compatibility layers (FinalSpark, Cortical Labs): shapes, trigger vectors, count windows,
    // absolute electrode indices, the store --------------------------------------------------------------------------

    /**
     * One pulse train of any shape ({@code monophasic}, {@code biphasic}, {@code triphasic}; see {@link Waveform}) through
     * each electrode at once; returns the receipt {commandId, labMs, appliedMs} (appliedMs: when the rig applies the first
     * pulse, on the data's time base).
     */
    @HostAccess.Export
    public Object stimulateShaped(String organoid, Value electrodes, String shape, double amplitudeMicroamps, Value phaseUs, Value interphaseUs,
                                  Value polarity, Value count, Value periodUs, Value secondAmplitudeUa, Value secondPhaseUs) throws CommandRefusedException {
        send(StimulusCommands.shaped(organoid(organoid).id(), electrodes, shape, amplitudeMicroamps, phaseUs, interphaseUs, polarity, count, periodUs, secondAmplitudeUa, secondPhaseUs));
        return receipt(lastReceipt);
    }

    /** {@link #defineTrigger} with a pulse of any shape, as {@link #stimulateShaped}. */
    @HostAccess.Export
    public void defineTriggerShaped(String name, String organoid, Value electrodes, String shape, double amplitudeMicroamps, Value phaseUs,
                                    Value interphaseUs, Value polarity, Value count, Value periodUs, Value secondAmplitudeUa, Value secondPhaseUs) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a trigger needs a name");
        triggers.put(name, StimulusCommands.shaped(organoid(organoid).id(), electrodes, shape, amplitudeMicroamps, phaseUs, interphaseUs, polarity, count, periodUs, secondAmplitudeUa, secondPhaseUs));
    }

    /**
     * Several triggers fired in one call (a trigger vector): each defined trigger named, in order, as one command each
     * through the guards; every name is checked before anything is sent. Returns {commandIds, appliedMs} (appliedMs: the
     * first command's applied time, the anchor of a count window).
     */
    @HostAccess.Export
    public Object fireTriggers(Value names) throws CommandRefusedException {
        if (names == null || !names.hasArrayElements()) throw new IllegalArgumentException("fire needs a list of trigger names");
        List<Stimulate> commands = new ArrayList<>();
        for (long i = 0; i < names.getArraySize(); i++) {
            Value n = names.getArrayElement(i);
            String name = n.isString() ? n.asString() : n.toString();
            Stimulate s = triggers.get(name);
            if (s == null) throw new IllegalArgumentException("no trigger named '" + name + "' (defined: " + triggers.keySet() + ")");
            commands.add(s);
        }
        if (commands.isEmpty()) throw new IllegalArgumentException("fire needs at least one trigger name");
        Object[] ids = new Object[commands.size()];
        double applied = -1;
        for (int i = 0; i < ids.length; i++) {
            send(commands.get(i));
            ids[i] = lastReceipt.commandId();
            if (i == 0) applied = lastReceipt.appliedMicros() / 1000.0;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("commandIds", ProxyArray.fromArray(ids));
        m.put("appliedMs", applied);
        return ProxyObject.fromMap(m);
    }

    /** The lab time (ms) at which the newest stimulation of this run is applied, or -1 before the first. */
    @HostAccess.Export
    public double lastAppliedMs() {
        return lastReceipt == null ? -1 : lastReceipt.appliedMicros() / 1000.0;
    }

    /**
     * Spikes per electrode of the culture in [afterMs + blankMs, afterMs + windowMs): waits on the lab clock until the
     * window has ended, then counts. {electrodes, counts, fromMs, toMs}, every electrode of the culture listed.
     */
    @HostAccess.Export
    public Object countWindow(String organoid, double afterMs, double windowMs, double blankMs) throws InterruptedException {
        Organoid o = organoid(organoid);
        CountWindow w = new CountWindow(Math.round(afterMs * 1000), Math.round(windowMs * 1000), Math.round(blankMs * 1000));
        if (w.toMicros() - clock.nowMicros() > CountWindow.MAX_WINDOW_MICROS)
            throw new IllegalArgumentException("that count window ends " + (w.toMicros() - clock.nowMicros()) / 1000.0 + " ms from now; at most 60000 ms ahead");
        if (clock.nowMicros() < w.toMicros()) waitUntil(w.toMicros());
        Map<Integer, Long> counts = w.count(o.electrodes(), buffers.get(o.id()).window(w.fromMicros(), w.toMicros()).electrodes());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("electrodes", ProxyArray.fromArray(counts.keySet().toArray()));
        m.put("counts", ProxyArray.fromArray(counts.values().toArray()));
        m.put("fromMs", w.fromMicros() / 1000.0);
        m.put("toMs", w.toMicros() / 1000.0);
        return ProxyObject.fromMap(m);
    }

    /** The culture's electrodes as absolute indices (see {@link org.neurolab.scripting.ElectrodeNumbering}), in the order of {@link #electrodes}. */
    @HostAccess.Export
    public Object absoluteElectrodes(String organoid) {
        Organoid o = organoid(organoid);
        return ProxyArray.fromArray(org.neurolab.scripting.ElectrodeNumbering.absolute(layout(o), o.electrodes()).toArray());
    }

    /** Which reserved culture and which of its array's electrodes an absolute index is: {organoid, electrode}. */
    @HostAccess.Export
    public Object electrodeAt(int absolute) {
        List<String> holders = new ArrayList<>();
        for (Organoid o : organoids.values()) {
            var layout = layouts.apply(o.meaId());
            if (layout.isEmpty() || org.neurolab.scripting.ElectrodeNumbering.offset(layout.get()).isEmpty()) continue;
            int offset = org.neurolab.scripting.ElectrodeNumbering.offset(layout.get()).getAsInt();
            int local = absolute - offset;
            if (o.covers(local)) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("organoid", o.id());
                m.put("electrode", local);
                return ProxyObject.fromMap(m);
            }
            holders.add(o.id() + " " + org.neurolab.scripting.ElectrodeNumbering.absolute(layout.get(), o.electrodes()));
        }
        throw new IllegalArgumentException("absolute electrode " + absolute + " is under none of this run's cultures ("
                + (holders.isEmpty() ? "their arrays define no absolute indices" : String.join(", ", holders)) + ")");
    }

    /** How many electrodes the array the culture sits on has. */
    @HostAccess.Export
    public int electrodeCount(String organoid) {
        return layout(organoid(organoid)).electrodeCount();
    }

    /** Samples per second of the array the culture sits on. */
    @HostAccess.Export
    public int sampleRateHz(String organoid) {
        return layout(organoid(organoid)).sampleRateHz();
    }

    /**
     * Spikes of a culture stored by the lab's recordings in [fromMs, toMs) of lab time, older than what the run keeps
     * in memory: {times, electrodes, amplitudes, count}, at most {@code limit} (oldest first).
     */
    @HostAccess.Export
    public Object storedSpikes(String organoid, double fromMs, double toMs, int limit) {
        Organoid o = organoid(organoid);
        if (recordings == null) throw new IllegalStateException("the recording bundle is not running: there is no store to read spikes from");
        if (!(toMs >= fromMs) || fromMs < 0) throw new IllegalArgumentException("stored spikes need 0 <= from <= to, were " + fromMs + " and " + toMs + " ms");
        if (limit < 1 || limit > 1_000_000) throw new IllegalArgumentException("limit must be 1..1000000, was " + limit);
        checkpoint.run();
        var spikes = recordings.spikes(new org.neurolab.recording.SpikeQuery(null, Math.round(fromMs * 1000), Math.round(toMs * 1000), o.id(), null, null, limit));
        Object[] times = new Object[spikes.size()];
        Object[] electrodes = new Object[times.length];
        Object[] amplitudes = new Object[times.length];
        for (int i = 0; i < times.length; i++) {
            times[i] = spikes.get(i).timeMicros() / 1000.0;
            electrodes[i] = spikes.get(i).electrode();
            amplitudes[i] = (double) spikes.get(i).amplitudeMicrovolts();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("times", ProxyArray.fromArray(times));
        m.put("electrodes", ProxyArray.fromArray(electrodes));
        m.put("amplitudes", ProxyArray.fromArray(amplitudes));
        m.put("count", times.length);
        return ProxyObject.fromMap(m);
    }

    private org.neurolab.api.lab.MeaLayout layout(Organoid o) {
        return layouts.apply(o.meaId()).orElseThrow(() -> new IllegalStateException("the layout of MEA " + o.meaId() + " is not known (no driver for it is running)"));
    }

    private static Object receipt(org.neurolab.api.control.CommandReceipt r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("commandId", r.commandId());
        m.put("labMs", r.labTimeMicros() / 1000.0);
        m.put("appliedMs", r.appliedMicros() / 1000.0);
        return ProxyObject.fromMap(m);
    }

    private Organoid organoid(String id) {
        Organoid o = organoids.get(id);
        if (o == null) throw new IllegalArgumentException("organoid '" + id + "' is not reserved for this run (reserved: " + organoids.keySet() + ")");
        return o;
    }

    private SpikeBuffer buffer(String organoid) {
        organoid(organoid);
        return buffers.get(organoid);
    }

    private static Object batchObject(String organoid, SpikeBatch b) {
        Object[] times = new Object[b.count()];
        Object[] electrodes = new Object[b.count()];
        for (int i = 0; i < b.count(); i++) {
            times[i] = b.timesMicros()[i] / 1000.0;
            electrodes[i] = b.electrodes()[i];
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("organoid", organoid);
        m.put("count", b.count());
        m.put("times", ProxyArray.fromArray(times));
        m.put("electrodes", ProxyArray.fromArray(electrodes));
        return ProxyObject.fromMap(m);
    }
}
