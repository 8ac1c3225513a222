package org.neurolab.scripting.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.neurolab.control.StandaloneControl;
import org.neurolab.scripting.Language;
import org.neurolab.scripting.RunRecord;
import org.neurolab.scripting.RunRequest;
import org.neurolab.scripting.RunState;
import org.neurolab.scripting.ScriptSource;
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
 * What a researcher waits for before a script's first line runs: a whole run of a one-line script through the
 * {@link ScriptRunner} (queue, control session, context, prelude, {@code lab} binding, the line, the record), with the
 * context prepared ahead ({@code prepared=true}: the runner made one after the previous run ended, and the benchmark
 * waits for it, as a lab does between runs) or made for the run ({@code prepared=false}, as before). One run per
 * measurement (single shot). Run with the lab's JVM options: {@code ./neurolab bench jmh RunStartBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 5)
@Measurement(iterations = 20)
public class RunStartBenchmark {
    @Param({"js", "python"})
    public String language;

    @Param({"true", "false"})
    public boolean prepared;

    private ScriptRunner runner;
    private RunRequest request;
    private Language lang;

    @Setup(Level.Trial)
    public void setUp() {
        lang = language.equals("js") ? Language.JAVASCRIPT : Language.PYTHON;
        runner = new ScriptRunner(new ClosedLoopBench.FastControl(new ClosedLoopBench.Feeder(1)), new ClosedLoopBench.Culture(),
                StandaloneControl.realTimeClock());
        runner.prepareAhead(prepared);
        if (prepared) runner.contexts().replenish(lang); // the first spare, as a run of this language ending would ask
        String code = lang == Language.PYTHON ? "lab.result('now', lab.now())\n" : "lab.result('now', lab.now());\n";
        request = new RunRequest(ScriptSource.of(lang == Language.PYTHON ? "one.py" : "one.js", code), ClosedLoopBench.CALLER,
                List.of(ClosedLoopBench.CULTURE.id()), null);
    }

    /** Between runs, as in a lab: the spare a finished run asked for is ready before the next run is submitted. */
    @Setup(Level.Iteration)
    public void spareReady() throws InterruptedException {
        if (prepared && !runner.contexts().awaitSpare(lang, Duration.ofSeconds(30)))
            throw new IllegalStateException("no " + lang + " context was prepared within 30 s");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        runner.deactivate();
    }

    @Benchmark
    public RunRecord runOneLine() throws InterruptedException {
        RunRecord r = runner.runAndWait(request);
        if (r.state() != RunState.SUCCEEDED) throw new IllegalStateException(r.state() + ": " + r.error());
        return r;
    }
}
