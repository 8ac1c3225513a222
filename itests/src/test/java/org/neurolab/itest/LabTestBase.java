package org.neurolab.itest;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * One lab per test class, in a fresh home folder, stopped after the class. Subclasses start it in their
 * @BeforeAll. The fields are shared statics: test classes run one after another (no parallel classes).
 */
abstract class LabTestBase {
    @TempDir
    static Path home;
    static LabUnderTest lab;

    @AfterAll
    static void stopLab() throws Exception {
        if (lab != null) lab.close();
        lab = null;
    }
}
