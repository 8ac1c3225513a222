package org.neurolab.scripting.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.neurolab.scripting.RunLimits;
import org.neurolab.scripting.RunRecord;
import org.neurolab.scripting.RunRequest;
import org.neurolab.scripting.RunState;
import org.neurolab.scripting.ScriptSource;

/**
 * What a run kept alive is freed once it has ended, however it ended, the engine's very first run too (an engine that
 * has only ever had one context specialises its code to it, and so kept that context's heap alive: see {@link Engines}).
 * Each case runs on a fresh runner, so that its run is the first of its engine.
 */
class RunMemoryTest extends FakeLabTestBase {
    static final RunLimits LIMITS = new RunLimits(Duration.ofSeconds(60), Long.MAX_VALUE, 64 * 1024, Duration.ofSeconds(10),
            Duration.ofMillis(500), 64 * 1024, 96 * 1024);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "keep.py|a = [[1.5] * 1_000_000 for _ in range(40)]|SUCCEEDED",
            "keep-then-spin.py|a = [[1.5] * 1_000_000 for _ in range(40)]; exec('while True: pass')|FAILED",
            "keep.js|const a = []; for (let i = 0; i < 40; i++) a.push(new Array(1000000).fill(1.5));|SUCCEEDED",
            "keep-then-spin.js|globalThis.a = []; for (let i = 0; i < 40; i++) a.push(new Array(1000000).fill(1.5)); for (;;) {}|FAILED"})
    void what_a_run_kept_is_freed_when_it_ends(String file, String code, String end) throws Exception {
        stopRunner();
        startRunner();
        long before = liveBytes();
        RunRecord r = runner.runAndWait(new RunRequest(ScriptSource.of(file, code), SandboxTest.EVE, List.of("o1"), LIMITS));
        assertEquals(RunState.valueOf(end), r.state(), r.error());
        RunRecord next = runner.runAndWait(new RunRequest(ScriptSource.of(file.endsWith(".py") ? "next.py" : "next.js", "lab.result('ok', 1)"),
                SandboxTest.EVE, List.of("o1"), LIMITS));
        assertEquals(RunState.SUCCEEDED, next.state(), next.error());
        long after = liveBytes();
        System.out.printf("memory: %-18s %s, live heap %d MB before, %d MB after%n", file, r.state(), before >> 20, after >> 20);
        assertTrue(after - before < 150L << 20, file + " left " + ((after - before) >> 20) + " MB live after its end (it kept about 320 MB)");
    }

    private static long liveBytes() throws InterruptedException {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) { // a closed context may be released a moment after its run's record is published
            System.gc();
            least = Math.min(least, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
            Thread.sleep(200);
        }
        return least;
    }
}
