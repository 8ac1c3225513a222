package org.neurolab.scripting.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.neurolab.api.control.LabSession;
import org.neurolab.scripting.Language;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
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
 * <li>{@code labCall}: one {@code lab.now()} from guest code in a warm context: the cost of crossing into the lab API.</li>
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

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        lang = language.equals("js") ? Language.JAVASCRIPT : Language.PYTHON;
        engines = new Engines();
        try (InputStream in = LabApi.class.getResourceAsStream(lang == Language.PYTHON ? "prelude.py" : "prelude.js")) {
            prelude = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        LabSession session = new ClosedLoopBench.FastControl(new ClosedLoopBench.Feeder(1)).openSession(ClosedLoopBench.CALLER);
        BoundedOutput out = new BoundedOutput(1 << 16, () -> { });
        LabApi api = new LabApi(session, new org.neurolab.control.internal.SystemLabClock(), List.of(ClosedLoopBench.CULTURE), out, null, "bench", "0", null);
        warm = context(out);
        warm.getBindings(lang.polyglotId()).putMember("_host", api);
        warm.eval(Source.create(lang.polyglotId(), prelude));
        callNow = warm.eval(Source.create(lang.polyglotId(), lang == Language.PYTHON ? "lambda: lab.now()" : "(() => lab.now())"));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        warm.close(true);
        engines.close();
    }

    private Context context(BoundedOutput out) {
        return Context.newBuilder(lang.polyglotId()).engine(engines.get(lang)).sandbox(SandboxPolicy.CONSTRAINED)
                .allowHostAccess(HostAccess.CONSTRAINED).allowPolyglotAccess(PolyglotAccess.NONE)
                .in(InputStream.nullInputStream()).out(out).err(out).build();
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
}
