package org.neurolab.scripting.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.SourceSection;
import org.neurolab.api.clock.LabClock;
import org.neurolab.api.control.LabControl;
import org.neurolab.api.control.LabSession;
import org.neurolab.api.lab.CultureRegistry;
import org.neurolab.api.lab.Organoid;
import org.neurolab.scripting.Language;
import org.neurolab.scripting.RunEvent;
import org.neurolab.scripting.RunLimits;
import org.neurolab.scripting.RunRecord;
import org.neurolab.scripting.RunRequest;
import org.neurolab.scripting.RunState;

/**
 * One run: a control session for the caller, a sandboxed context on the shared engine, the prelude and
 * the script; whatever happens, the context is closed and the session too, which returns every device the
 * run touched to its safe state.
 */
final class ScriptRun implements Runnable {
    private final String id;
    private final RunRequest request;
    private final PreparedContexts contexts;
    private final LabControl control;
    private final CultureRegistry cultures;
    private final LabClock clock;
    private final Map<String, String> provenance;
    private final Consumer<RunRecord> publish;
    private final java.util.function.Supplier<org.neurolab.recording.RecordingService> recordings;
    private final java.util.function.Supplier<org.neurolab.dosing.Dosing> dosing;
    private final Instant queuedAt = Instant.now();
    private final List<RunEvent> history = new java.util.concurrent.CopyOnWriteArrayList<>(List.of(new RunEvent(queuedAt, "queued", "")));

    private volatile RunState state = RunState.QUEUED;
    /** Suspension: the script waits on this at its next lab call while {@link #suspendedFor} is set. */
    private final Object gate = new Object();
    private volatile String suspendedFor;
    private volatile LabSession session;
    private volatile Context context;
    private volatile String stopReason;
    private volatile boolean statementLimitHit;
    /** Set when a lab limit (CPU, callback time, memory) ended the run: it failed, nobody cancelled it. */
    private volatile boolean limitBreached;
    private final RunLimits limits;
    private final RunMeter meter = new RunMeter();
    private volatile Instant startedAt;
    private final BoundedOutput output;
    private long outcomeLabMicros;
    private String outcomeError = "";
    private int outcomeLine;
    private Map<String, Object> outcomeResults = Map.of();

    ScriptRun(String id, RunRequest request, RunLimits limits, PreparedContexts contexts, LabControl control, CultureRegistry cultures, LabClock clock,
              Map<String, String> provenance, Consumer<RunRecord> publish,
              java.util.function.Supplier<org.neurolab.recording.RecordingService> recordings,
              java.util.function.Supplier<org.neurolab.dosing.Dosing> dosing) {
        this.recordings = recordings;
        this.dosing = dosing;
        this.limits = limits;
        this.id = id;
        this.request = request;
        this.contexts = contexts;
        this.control = control;
        this.cultures = cultures;
        this.clock = clock;
        this.provenance = provenance;
        this.publish = publish;
        this.output = new BoundedOutput(limits.maxOutputBytes(), () -> stop("output limit of " + limits.maxOutputBytes() + " bytes reached"));
        publish.accept(record(RunState.QUEUED, 0, "", 0, Map.of()));
    }

    String id() {
        return id;
    }

    boolean isActive() {
        return !state.isFinal();
    }

    /** Stops the run from any thread, at once: a queued run never starts, a running one is cancelled inside the guest. */
    void stop(String reason) {
        if (stopReason == null) stopReason = reason;
        synchronized (gate) {
            gate.notifyAll(); // a suspended script wakes and unwinds
        }
        Context c = context;
        if (c != null) c.close(true);
    }

    /**
     * Ends the run because it broke a lab limit (CPU time, a callback that does not return, memory): it fails with
     * {@code reason}. The context is cancelled ({@code close(true)}), which also ends loops no statement count sees.
     */
    void failForLimit(String reason) {
        if (stopReason == null) {
            limitBreached = true;
            stop(reason);
        }
    }

    RunLimits limits() {
        return limits;
    }

    RunMeter meter() {
        return meter;
    }

    /** The rig goes to its safe state now; the script waits at its next lab call until {@link #resume}. */
    boolean suspend(String reason) {
        synchronized (gate) {
            if (state != RunState.RUNNING || stopReason != null) return false;
            suspendedFor = reason;
            state = RunState.SUSPENDED;
            history.add(new RunEvent(Instant.now(), "suspended", reason));
        }
        LabSession s = session;
        if (s != null) s.emergencyStop();
        publish.accept(record(RunState.SUSPENDED, 0, "", 0, Map.of()));
        return true;
    }

    boolean resume(String reason) {
        synchronized (gate) {
            if (state != RunState.SUSPENDED) return false;
            suspendedFor = null;
            state = RunState.RUNNING;
            history.add(new RunEvent(Instant.now(), "resumed", reason));
            gate.notifyAll();
        }
        publish.accept(record(RunState.RUNNING, 0, "", 0, Map.of()));
        return true;
    }

    /** Called by the lab API before each lab call: blocks while the run is suspended; a stop ends the wait. */
    private void awaitNotSuspended() {
        synchronized (gate) {
            try {
                while (suspendedFor != null && stopReason == null) gate.wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while suspended");
            }
            if (stopReason != null) throw new IllegalStateException("cancelled: " + stopReason);
        }
    }

    @Override
    public void run() {
        if (stopReason != null) {
            finish(RunState.CANCELLED, 0, "cancelled before it started: " + stopReason, 0, Map.of());
            publish.accept(record(state, 0, outcomeError, 0, Map.of()));
            return;
        }
        startedAt = Instant.now();
        meter.attach();
        history.add(new RunEvent(startedAt, "started", ""));
        state = RunState.RUNNING;
        publish.accept(record(RunState.RUNNING, 0, "", 0, Map.of()));
        long labStart = clock.nowMicros();
        LabApi api = null;
        try (LabSession session = control.openSession(request.caller())) {
            this.session = session;
            api = new LabApi(session, clock, reserved(), output, recordings.get(), id, request.script().sha256(), dosing.get());
            api.limits(meter, limits);
            api.checkpoint(this::awaitNotSuspended);
            api.layouts(control::layout);
            api.holds(control::closedLoopHoldMicros);
            Language language = request.script().language();
            PreparedContexts.Prepared prepared = contexts.take(language, limits.maxStatements());
            try (Context ctx = prepared.context()) {
                context = ctx;
                if (stopReason != null) throw new IllegalStateException(stopReason);
                prepared.bind(api, output, () -> statementLimitHit = true);
                ctx.eval(Source.newBuilder(language.polyglotId(), request.script().code(), request.script().name()).buildLiteral());
                finish(RunState.SUCCEEDED, clock.nowMicros() - labStart, "", 0, api.results());
            }
        } catch (PolyglotException e) {
            onGuestError(e, clock.nowMicros() - labStart, api);
        } catch (RuntimeException e) {
            finish(stopReason != null && !limitBreached ? RunState.CANCELLED : RunState.FAILED, clock.nowMicros() - labStart,
                    stopReason != null ? stopReason : e.getMessage(), 0, api == null ? Map.of() : api.results());
        } finally {
            meter.detach();
            context = null;
            session = null;
            if (api != null) {
                api.stopRecordings();
                api.closeSubscriptions();
                api.releaseGuest();
            }
        }
        // published only now: the session (and so the rig's safe state) is closed before anyone sees the end
        publish.accept(record(state, outcomeLabMicros, outcomeError, outcomeLine, outcomeResults));
    }

    private void onGuestError(PolyglotException e, long labMicros, LabApi api) {
        Map<String, Object> results = api == null ? Map.of() : api.results();
        if (statementLimitHit) {
            // checked first: hitting the limit also cancels the context, and GraalPy may surface it as an internal error
            finish(RunState.FAILED, labMicros, "statement limit of " + limits.maxStatements() + " reached (an endless loop?)", line(e), results);
        } else if (limitBreached) {
            finish(RunState.FAILED, labMicros, stopReason, line(e), results);
        } else if (outOfMemory(e) && !e.isCancelled() && stopReason == null) {
            // one allocation too big for the heap fails in the script's own thread (GraalPy: a MemoryError; GraalJS: resource
            // exhaustion); the lab is unharmed. Checked before the stack: both languages call it resource exhaustion
            finish(RunState.FAILED, labMicros, "used too much memory: an allocation did not fit in the lab's heap", line(e), results);
        } else if (e.isResourceExhausted() && !e.isCancelled() && stopReason == null) {
            // a stack overflow is resource exhaustion too, but no loop: a literal nested thousands deep, or recursion without end
            finish(RunState.FAILED, labMicros, "the script nests too deeply (its stack ran out: an expression nested thousands deep, or recursion without end)",
                    line(e), results);
        } else if (e.isCancelled() || stopReason != null) {
            finish(RunState.CANCELLED, labMicros, "cancelled: " + (stopReason == null ? "by the lab" : stopReason), line(e), results);
        } else {
            int line = line(e);
            String where = line > 0 ? request.script().name() + ":" + line + ": " : "";
            String message = HostErrors.inResearchersWords(withoutLabErrorName(e.getMessage()));
            if (line > 0) message = withoutRepeatedLocation(message, request.script().name(), line);
            finish(RunState.FAILED, labMicros, where + message, line, results);
        }
    }

    private static boolean outOfMemory(PolyglotException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("OutOfMemoryError") || m.contains("Java heap space") || m.startsWith("MemoryError") || m.contains("out of memory")
                || m.contains("Out of memory");
    }

    /**
     * The lab's own words for a lab error the script did not catch: the prelude's error classes (LabError and kin) add
     * nothing to the message a refusal or a bad value already carries; the script's own errors keep their names.
     */
    static String withoutLabErrorName(String message) {
        if (message == null) return "";
        for (String name : LAB_ERRORS)
            if (message.startsWith(name + ": ")) return message.substring(name.length() + 2);
        return message;
    }

    /**
     * A message that ends in its own location, as Python's SyntaxError does ("'(' was never closed (sweep.py, line 4)"),
     * without it when the run's error already starts with that script and line: the line is named once.
     */
    static String withoutRepeatedLocation(String message, String script, int line) {
        String tail = " (" + script + ", line " + line + ")";
        return message.endsWith(tail) ? message.substring(0, message.length() - tail.length()) : message;
    }

    private static final List<String> LAB_ERRORS = List.of("CommandRefused", "LabValueError", "LabPermissionError", "LabError");

    /** The first stack frame in the script itself (not the prelude). */
    private int line(PolyglotException e) {
        for (PolyglotException.StackFrame f : e.getPolyglotStackTrace()) {
            SourceSection s = f.getSourceLocation();
            if (s != null && s.getSource().getName().equals(request.script().name())) return s.getStartLine();
        }
        SourceSection s = e.getSourceLocation();
        return s != null && s.getSource().getName().equals(request.script().name()) ? s.getStartLine() : 0;
    }

    private List<Organoid> reserved() {
        List<Organoid> out = new ArrayList<>();
        for (String id : request.organoids())
            out.add(cultures.culture(id).orElseThrow(() -> new IllegalArgumentException("unknown organoid '" + id + "'")));
        return out;
    }

    private void finish(RunState end, long labMicros, String error, int line, Map<String, Object> results) {
        history.add(new RunEvent(Instant.now(), end.name().toLowerCase(java.util.Locale.ROOT), error == null ? "" : error));
        state = end;
        outcomeLabMicros = labMicros;
        outcomeError = error;
        outcomeLine = line;
        outcomeResults = results;
    }

    private RunRecord record(RunState s, long labMicros, String error, int line, Map<String, Object> results) {
        return new RunRecord(id, s, request.script().name(), request.script().language(), request.script().sha256(), request.caller().user(),
                request.organoids(), queuedAt, startedAt, s.isFinal() ? Instant.now() : null, labMicros, output.text(), error, line,
                Map.copyOf(results.entrySet().stream().filter(en -> en.getValue() != null)
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue))),
                provenance, List.copyOf(history));
    }
}
