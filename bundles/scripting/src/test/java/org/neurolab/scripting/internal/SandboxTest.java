package org.neurolab.scripting.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.neurolab.api.control.Caller;
import org.neurolab.scripting.RunLimits;
import org.neurolab.scripting.RunRecord;
import org.neurolab.scripting.RunRequest;
import org.neurolab.scripting.RunState;
import org.neurolab.scripting.ScriptSource;

/** Every way out of the sandbox a script might try is stopped with a clear error, and the lab goes on serving. */
class SandboxTest extends FakeLabTestBase {
    static final Caller EVE = new Caller("eve", Set.of("researcher"), "research");
    static final RunLimits TIGHT = new RunLimits(Duration.ofSeconds(60), 20_000_000L, 64 * 1024);

    static Stream<Arguments> attempts() {
        return Stream.of(
                Arguments.of("open a file", "a.js", "load('/etc/passwd');", "scripts may not load files"),
                Arguments.of("open a file", "a.py", "print(open('/etc/passwd').read())", "scripts may not open files"),
                Arguments.of("open a socket", "b.js", "const s = Java.type('java.net.Socket');", "scripts may not reach java classes"),
                Arguments.of("open a socket", "b.py", "import socket\ns = socket.socket()\ns.connect(('127.0.0.1', 22))", "scripts may not open network connections"),
                Arguments.of("start a process", "c.js", "Java.type('java.lang.ProcessBuilder');", "scripts may not reach java classes"),
                Arguments.of("start a process", "c.py", "import subprocess\nsubprocess.run(['ls'])", "scripts may not start processes"),
                Arguments.of("start a thread", "d.js", "new Worker('x');", "scripts may not start threads"),
                Arguments.of("start a thread", "d.py", "import threading\nt = threading.Thread(target=lambda: None)\nt.start()", "scripts may not start threads"),
                Arguments.of("reach a host class", "e.js", "Java.type('java.lang.System').exit(1);", "scripts may not reach java classes"),
                Arguments.of("reach a host class", "e.py", "import java\njava.type('java.lang.System').exit(1)", "scripts may not reach java classes"),
                Arguments.of("reflect", "f.js", "_host.getClass().forName('java.lang.Runtime');", "unknown identifier: getclass"),
                Arguments.of("reflect", "f.py", "lab._h.getClass().forName('java.lang.Runtime')", "no attribute 'getclass'"),
                Arguments.of("loop forever", "g.js", "while (true) {}", "statement limit"),
                Arguments.of("loop forever", "g.py", "while True:\n    pass", "statement limit"),
                Arguments.of("nest a literal 50,000 deep", "k.js", "const x = " + "[".repeat(50_000) + "]".repeat(50_000) + ";", "nests too deeply|too deep|nested"),
                Arguments.of("nest a literal 50,000 deep", "k.py", "x = " + "[".repeat(50_000) + "]".repeat(50_000), "nests too deeply|too deep|nested"),
                Arguments.of("recurse without end", "h.js", "function f(n) { return f(n + 1) + 1; }\nf(0);", "maximum call stack size exceeded"),
                Arguments.of("recurse without end", "h.py", "def f(n):\n    return f(n + 1) + 1\nf(0)", "maximum recursion depth exceeded"),
                Arguments.of("print without end", "i.js", "while (true) { console.log('x'.repeat(1000)); }", "output limit"),
                Arguments.of("print without end", "i.py", "while True:\n    print('x' * 1000)", "output limit"),
                Arguments.of("allocate without end", "j.js", "const a = []; while (true) { a.push(new Array(1000000).fill(1.5)); }", "used too much memory|memory limit"),
                Arguments.of("allocate without end", "j.py", "a = []\nwhile True:\n    a.append([1.5] * 1000000)", "used too much memory|memory limit"));
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("attempts")
    void the_attempt_is_stopped_with_a_clear_error_and_the_lab_goes_on(String what, String file, String code, String expected) throws Exception {
        int before = lab.stimulations.size();
        RunRecord r = runner.runAndWait(new RunRequest(ScriptSource.of(file, code), EVE, List.of("o1"), TIGHT));
        System.out.printf("sandbox: %-22s %-5s -> %s: %s%n", what, file, r.state(), r.error().lines().findFirst().orElse(""));
        assertNotEquals(RunState.SUCCEEDED, r.state(), what + " must not succeed");
        assertTrue(r.error().toLowerCase(Locale.ROOT).matches("(?s).*(" + expected + ").*"), what + ": " + r.error());
        assertEquals(before, lab.stimulations.size());
        RunRecord next = runner.runAndWait(new RunRequest(ScriptSource.of(file.endsWith(".py") ? "ok.py" : "ok.js",
                file.endsWith(".py") ? "lab.result('ok', 1)" : "lab.result('ok', 1);"), EVE, List.of("o1"), TIGHT));
        assertEquals(RunState.SUCCEEDED, next.state(), "the lab goes on serving: " + next.error());
    }
}
