package org.neurolab.scripting.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.neurolab.api.control.LabSession;
import org.neurolab.control.StandaloneControl;
import org.neurolab.scripting.Language;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The scripting runtime's fixed costs, per language, on the shared engine the lab uses (built the way
 * {@link Engines} builds it; contexts the way a run builds them: CONSTRAINED sandbox, host access only to
 * {@code @HostAccess.Export} methods):
 * <ul>
 * <li>{@code contextCreate}: a fresh context evaluating one trivial statement, then closed;</li>
 * <li>{@code contextWithPrelude}: the same plus the {@code lab} prelude, which is what each run pays before its script;</li>
 * <li>{@code labCall}: one {@code lab.now()} from guest code in a warm context, the host entering the context for
 * every call (as JMH's thread calls a guest function from outside): the context enter/leave plus the call;</li>
 * <li>{@code labCallInScript}: {@code lab.now()} in a loop of guest code, per call: what a running script pays for a
 * lab call (the script's thread is already inside its context, and runs with the statement limit a run has);</li>
 * <li>{@code stimulateInScript}: {@code lab.stimulate(o, [e], 1, phase_us=100)} (JS: {@code {phaseUs: 100}}) in a loop
 * of guest code, per call, on a session that accepts at once: what a closed-loop callback pays for its command
 * before the lab's control service takes over;</li>
 * <li>{@code stimulateOptionsInScript}: the same command as the preludes sent it before they passed the pulse's
 * parameters one by one ({@code stimulatePulse}): an options dict (Python: all six keys, as the old {@code _pulse} built
 * it) or object (JS) that the host looked up by name;</li>
 * <li>{@code stimulateHostInScript}: the same command sent straight to the host ({@code _host.stimulatePulse}), past
 * the prelude: {@code stimulateInScript} minus this is what the prelude's method and its error translation cost.</li>
 * </ul>
 * Run with the lab's JVM options (JIT on): {@code ./neurolab bench jmh ScriptingBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ScriptingBenchmark {
    @Param({"js", "python"})
    public String language;

    private Engines engines;
    private Language lang;
    private String prelude;
    private Context warm;
    private Value callNow;
    private Value loopNow;
    private Value loopStimulate;
    private Value loopStimulateOptions;
    private Value loopStimulateHost;
    static final int IN_SCRIPT_CALLS = 1_000;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        lang = language.equals("js") ? Language.JAVASCRIPT : Language.PYTHON;
        engines = new Engines();
        try (InputStream in = LabApi.class.getResourceAsStream(lang == Language.PYTHON ? "prelude.py" : "prelude.js")) {
            prelude = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        LabSession session = new ClosedLoopBench.FastControl(new ClosedLoopBench.Feeder(1)).openSession(ClosedLoopBench.CALLER);
        BoundedOutput out = new BoundedOutput(1 << 16, () -> { });
        LabApi api = new LabApi(session, StandaloneControl.realTimeClock(), List.of(ClosedLoopBench.CULTURE), out, null, "bench", "0", null);
        warm = context(out, true);
        warm.getBindings(lang.polyglotId()).putMember("_host", api);
        warm.eval(Source.create(lang.polyglotId(), prelude));
        warm.eval(PreparedContexts.binding(lang));
        callNow = warm.eval(Source.create(lang.polyglotId(), lang == Language.PYTHON ? "lambda: lab.now()" : "(() => lab.now())"));
        loopNow = warm.eval(Source.create(lang.polyglotId(), lang == Language.PYTHON ? """
                def loop_now(n):
                    t = 0.0
                    for i in range(n):
                        t = lab.now()
                    return t
                loop_now
                """ : "((n) => { let t = 0; for (let i = 0; i < n; i++) t = lab.now(); return t; })"));
        loopStimulate = warm.eval(Source.create(lang.polyglotId(), lang == Language.PYTHON ? """
                def loop_stimulate(n):
                    o = lab.organoids()[0]
                    e = lab.electrodes(o)[0]
                    for i in range(n):
                        lab.stimulate(o, [e], 1, phase_us=100)
                loop_stimulate
                """ : """
                ((n) => {
                    const o = lab.organoids()[0];
                    const e = lab.electrodes(o)[0];
                    for (let i = 0; i < n; i++) lab.stimulate(o, [e], 1, {phaseUs: 100});
                })
                """));
        loopStimulateOptions = warm.eval(Source.create(lang.polyglotId(), lang == Language.PYTHON ? """
                def loop_stimulate_options(n):
                    o = lab.organoids()[0]
                    e = lab.electrodes(o)[0]
                    for i in range(n):
                        _host.stimulate(o, list([e]), 1, {"phaseUs": 100, "interphaseUs": 0, "polarity": "cathodic-first", "count": 1,
                                                          "periodUs": 0, "monophasic": False})
                loop_stimulate_options
                """ : """
                ((n) => {
                    const o = lab.organoids()[0];
                    const e = lab.electrodes(o)[0];
                    for (let i = 0; i < n; i++) _host.stimulate(o, [e], 1, {phaseUs: 100});
                })
                """));
        hostLoop();
    }

    private void hostLoop() {
        loopStimulateHost = warm.eval(Source.create(lang.polyglotId(), lang == Language.PYTHON ? """
                def loop_stimulate_host(n):
                    o = lab.organoids()[0]
                    e = lab.electrodes(o)[0]
                    for i in range(n):
                        _host.stimulatePulse(o, [e], 1, 100, 0, "cathodic-first", 1, 0, False, None, None)
                loop_stimulate_host
                """ : """
                ((n) => {
                    const o = lab.organoids()[0];
                    const e = lab.electrodes(o)[0];
                    for (let i = 0; i < n; i++) _host.stimulatePulse(o, [e], 1, 100, undefined, undefined, undefined, undefined, undefined, undefined, undefined);
                })
                """));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        warm.close(true);
        engines.close();
    }

    private Context context(BoundedOutput out) {
        return context(out, false);
    }

    /** As a run builds it; {@code limited}: with the statement limit every run has (as {@link ScriptRun} sets it). */
    private Context context(BoundedOutput out, boolean limited) {
        Context.Builder b = Context.newBuilder(lang.polyglotId()).engine(engines.get(lang)).sandbox(SandboxPolicy.CONSTRAINED)
                .allowHostAccess(HostAccess.CONSTRAINED).allowPolyglotAccess(PolyglotAccess.NONE)
                .in(InputStream.nullInputStream()).out(out).err(out);
        if (limited) b.resourceLimits(ResourceLimits.newBuilder().statementLimit(Long.MAX_VALUE, null).build());
        return b.build();
    }

    @Benchmark
    public Value contextCreate() {
        try (Context c = context(new BoundedOutput(1 << 16, () -> { }))) {
            return c.eval(lang.polyglotId(), "1");
        }
    }

    @Benchmark
    public boolean contextWithPrelude() {
        try (Context c = context(new BoundedOutput(1 << 16, () -> { }))) {
            c.getBindings(lang.polyglotId()).putMember("_host", new Object());
            return c.eval(Source.create(lang.polyglotId(), prelude)).isNull();
        }
    }

    @Benchmark
    public double labCall() {
        return callNow.execute().asDouble();
    }

    @Benchmark
    @OperationsPerInvocation(IN_SCRIPT_CALLS)
    public double labCallInScript() {
        return loopNow.execute(IN_SCRIPT_CALLS).asDouble();
    }

    @Benchmark
    @OperationsPerInvocation(IN_SCRIPT_CALLS)
    public void stimulateInScript() {
        loopStimulate.executeVoid(IN_SCRIPT_CALLS);
    }

    @Benchmark
    @OperationsPerInvocation(IN_SCRIPT_CALLS)
    public void stimulateOptionsInScript() {
        loopStimulateOptions.executeVoid(IN_SCRIPT_CALLS);
    }

    @Benchmark
    @OperationsPerInvocation(IN_SCRIPT_CALLS)
    public void stimulateHostInScript() {
        loopStimulateHost.executeVoid(IN_SCRIPT_CALLS);
    }
}
