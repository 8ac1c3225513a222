package org.neurolab.scripting.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.neurolab.scripting.RunLimits;
import org.neurolab.scripting.RunRecord;
import org.neurolab.scripting.RunRequest;
import org.neurolab.scripting.RunState;
import org.neurolab.scripting.ScriptSource;

/**
 * Scripts that would hold the lab end their own run with a clear reason, by the lab's CPU, callback and result limits,
 * and the lab goes on serving the next run. The statement limit is set out of reach, so that the CPU limit is what ends
 * the loops (several escape it anyway: GraalPy counts a statement per line).
 */
class HostileScriptTest extends FakeLabTestBase {
    static final RunLimits HOSTILE = new RunLimits(Duration.ofSeconds(60), Long.MAX_VALUE, 64 * 1024, Duration.ofSeconds(2),
            Duration.ofMillis(500), 64 * 1024, 96 * 1024);

    static Stream<Arguments> loops() {
        return Stream.of(
                Arguments.of("a.py", "while True: pass"),
                Arguments.of("b.py", "while True:\n    pass"),
                Arguments.of("c.py", "x = [i for i in iter(int, 1)]"),
                Arguments.of("d.py", "def g():\n    while True:\n        yield 1\nsum(g())"),
                Arguments.of("e.py", "try:\n    while True: pass\nexcept BaseException:\n    while True: pass"),
                Arguments.of("f.js", "for(;;){}"),
                Arguments.of("g.js", "while (true) {}"),
                Arguments.of("h.js", "function* g() { for (;;) yield 1; }\nfor (const _ of g()) {}"),
                Arguments.of("i.js", "for (;;) { try { for (;;) {} } catch (e) {} }"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("loops")
    void an_endless_loop_ends_its_run_by_the_cpu_limit(String file, String code) throws Exception {
        long t0 = System.nanoTime();
        RunRecord r = run(file, code);
        double took = (System.nanoTime() - t0) / 1e9;
        System.out.printf("hostile: %-5s %-60s -> %s after %.1f s: %s%n", file, code.replace('\n', ' '), r.state(), took, r.error());
        assertEquals(RunState.FAILED, r.state(), r.error());
        assertTrue(r.error().contains("CPU time limit of 2.0 s"), r.error());
        assertTrue(took < 30, "ended in " + took + " s"); // 2 s of CPU; generous for a loaded machine
        theLabGoesOn(file);
    }

    @Test
    void a_closed_loop_callback_that_never_returns_ends_the_run() throws Exception {
        for (String[] s : new String[][] {
                {"cb.py", "def cb(batch):\n    import time\n    while True:\n        time.sleep(0.01)\nlab.on_spikes('o1', cb)\nlab.wait(10_000)"},
                {"cb.js", "lab.onSpikes('o1', b => { for (;;) { lab.now(); } });\nlab.wait(10000);"},
                {"tick.py", "def tick(i, t):\n    while True:\n        lab.now()\nlab.loop(1, 1000, tick)"}}) {
            RunRecord r = run(s[0], s[1]);
            System.out.printf("hostile: %-7s never-returning callback -> %s: %s%n", s[0], r.state(), r.error());
            assertEquals(RunState.FAILED, r.state(), r.error());
            assertTrue(r.error().matches("the (on_spikes|loop) callback.* did not return within 500 ms.*"), r.error());
            theLabGoesOn(s[0]);
        }
    }

    @Test
    void a_huge_result_is_refused_with_a_lab_error_the_script_can_catch() throws Exception {
        RunRecord py = run("big.py", """
                try:
                    lab.result("big", "x" * 10**7)
                except lab.LabError as e:
                    lab.result("refused", str(e))
                lab.result("small", [1, 2, 3])
                """);
        assertEquals(RunState.SUCCEEDED, py.state(), py.error());
        assertEquals("result 'big' is larger than the limit of 64.0 kB per result", py.results().get("refused"));
        assertEquals(List.of(1L, 2L, 3L), py.results().get("small"));
        RunRecord js = run("big.js", "lab.result('big', 'x'.repeat(10_000_000));");
        assertEquals(RunState.FAILED, js.state());
        assertTrue(js.error().contains("result 'big' is larger than the limit of 64.0 kB per result"), js.error());
        RunRecord many = run("many.py", """
                for i in range(3):
                    lab.result("r%d" % i, "y" * 40_000)
                """);
        assertEquals(RunState.FAILED, many.state());
        assertTrue(many.error().contains("result 'r2' would take this run's results over their limit of 96.0 kB (78.1 kB kept already)"), many.error());
        assertEquals(2, many.results().size(), "what fitted is kept");
        RunRecord replaced = run("again.py", "for i in range(10):\n    lab.result('same', 'z' * 40_000)");
        assertEquals(RunState.SUCCEEDED, replaced.state(), "a replaced result no longer counts: " + replaced.error());
    }

    static Stream<Arguments> denials() {
        return Stream.of(
                Arguments.of("file.py", "open('/etc/passwd')", "scripts may not open files ('/etc/passwd')"),
                Arguments.of("write.py", "open('/tmp/neurolab-x', 'w')", "scripts may not open files ('/tmp/neurolab-x')"),
                Arguments.of("proc.py", "import subprocess\nsubprocess.run(['ls'])", "scripts may not start processes"),
                Arguments.of("system.py", "import os\nos.system('ls')", "scripts may not start processes"),
                Arguments.of("thread.py", "import threading\nthreading.Thread(target=print).start()", "scripts may not start threads"),
                Arguments.of("socket.py", "import socket\nsocket.socket().connect(('127.0.0.1', 22))", "scripts may not open network connections"),
                Arguments.of("java.py", "import java\njava.type('java.lang.System')", "scripts may not reach Java classes"),
                Arguments.of("file.js", "load('/etc/passwd');", "scripts may not load files"),
                Arguments.of("java.js", "Java.type('java.lang.System');", "scripts may not reach Java classes"),
                Arguments.of("worker.js", "new Worker('x.js');", "scripts may not start threads"),
                Arguments.of("polyglot.js", "Polyglot.eval('python', '1');", "scripts may not run other languages"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("denials")
    void a_sandbox_denial_is_a_lab_error_the_script_catches(String file, String code, String words) throws Exception {
        String caught = file.endsWith(".py")
                ? "try:\n" + code.lines().map(l -> "    " + l + "\n").reduce("", String::concat)
                  + "except Exception as e:\n    lab.result('caught', type(e).__name__ + ': ' + str(e))\n"
                : "try { " + code + " } catch (e) { lab.result('caught', e.name + ': ' + e.message); }";
        RunRecord r = run(file, caught);
        assertEquals(RunState.SUCCEEDED, r.state(), r.error());
        String said = String.valueOf(r.results().get("caught"));
        assertTrue(said.startsWith("LabPermissionError: " + words), said);
        RunRecord uncaught = run(file, code);
        assertEquals(RunState.FAILED, uncaught.state());
        assertTrue(uncaught.error().contains(words), uncaught.error());
        assertTrue(!uncaught.error().toLowerCase(Locale.ROOT).contains("context.builder"), uncaught.error());
    }

    private static RunRecord run(String file, String code) throws InterruptedException {
        return runner.runAndWait(new RunRequest(ScriptSource.of(file, code), SandboxTest.EVE, List.of("o1"), HOSTILE));
    }

    private static void theLabGoesOn(String after) throws InterruptedException {
        RunRecord next = run(after.endsWith(".py") ? "ok.py" : "ok.js", after.endsWith(".py") ? "lab.wait(20)\nlab.result('ok', 1)" : "lab.wait(20); lab.result('ok', 1);");
        assertEquals(RunState.SUCCEEDED, next.state(), "the lab goes on serving after " + after + ": " + next.error());
    }
}
