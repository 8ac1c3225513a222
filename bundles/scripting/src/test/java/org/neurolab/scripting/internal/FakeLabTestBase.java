package org.neurolab.scripting.internal;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A script runner on a fresh {@link FakeLab} per test class. Test classes run one after another. */
abstract class FakeLabTestBase {
    static FakeLab lab;
    static ScriptRunner runner;

    @BeforeAll
    static void startRunner() {
        lab = new FakeLab();
        runner = new ScriptRunner(lab, lab, lab);
    }

    @AfterAll
    static void stopRunner() {
        runner.deactivate();
    }
}
