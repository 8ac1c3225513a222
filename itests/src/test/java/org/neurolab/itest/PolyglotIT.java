package org.neurolab.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** JavaScript and Python from inside a bundle, through the polyglot API the system bundle exports, with the JIT on. */
class PolyglotIT extends LabTestBase {
    static final String PROBE = "org.neurolab.itest.probe.PolyglotProbe";

    static Function<String, Object> probe;

    @BeforeAll
    static void boot() throws Exception {
        lab = LabUnderTest.start(home);
        probe = Probes.install(lab, "polyglot", Probes.jar(home.resolve("build"), "org.neurolab.itest.polyglotprobe",
                PROBE, "org.graalvm.polyglot,org.osgi.framework", PROBE));
    }


    @Test
    void javascript_runs_inside_a_bundle() {
        assertEquals("2,4,6", probe.apply("js:[1, 2, 3].map(x => x * 2).join(',')"));
    }

    @Test
    void python_runs_inside_a_bundle() {
        assertEquals("285", probe.apply("python:sum(i * i for i in range(10))"));
    }

    @Test
    void runtime_compilation_is_active_not_the_interpreter_only_fallback() {
        String runtime = (String) probe.apply("engine");
        // Truffle names its fallback runtime "Interpreted"; with JVMCI and the Graal compiler it reports the GraalVM runtime
        assertNotEquals("Interpreted", runtime, "the polyglot engine runs without runtime compilation");
        System.out.println("polyglot runtime: " + runtime);
    }
}
