package org.neurolab.recording.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.neurolab.api.driver.DeviceInfo;
import org.neurolab.api.driver.DeviceKind;
import org.neurolab.api.lab.CultureState;
import org.neurolab.api.lab.Electrode;
import org.neurolab.api.lab.MeaLayout;
import org.neurolab.api.lab.Organoid;
import org.neurolab.api.lab.Provenance;
import org.neurolab.recording.RecordingProvenance;

class ProvenancesTest {
    static final List<DeviceInfo> DEVICES = List.of(
            new DeviceInfo("sim/mea0", DeviceKind.MEA, "sim", "NeuroLab", "Simulated MEA (16 electrodes)", "0.1.0.2026"),
            new DeviceInfo("sim/incubator", DeviceKind.ENVIRONMENT_SENSOR, "sim", "NeuroLab", "Simulated incubator sensors", "0.1.0.2026"),
            new DeviceInfo("rig2/mea0", DeviceKind.MEA, "rig2", "MCS", "MEA2100", "fw 4.2"));

    static Organoid organoid(String id, String mea, String batch, int first) {
        return new Organoid(id, mea, List.of(first, first + 1), new Provenance("SIM-iPSC", batch, "simulated-no-donor", LocalDate.of(2026, 7, 1)), CultureState.ACTIVE);
    }

    static Optional<MeaLayout> layout(String mea) {
        List<Electrode> e = new ArrayList<>();
        for (int i = 0; i < 16; i++) e.add(new Electrode(i, i * 100.0, 0, 30));
        return mea.equals("sim/mea0") ? Optional.of(new MeaLayout(mea, e, 30_000)) : Optional.empty();
    }

    static Properties props(String text) throws Exception {
        Properties p = new Properties();
        p.load(new StringReader(text));
        return p;
    }

    @Test
    void an_automatic_recording_gets_rig_devices_versions_policy_hash_and_seed() throws Exception {
        RecordingProvenance p = Provenances.complete(new RecordingProvenance("autoRecord-1", "", "", "", "", null),
                List.of(organoid("sim-mea0-o0", "sim/mea0", "seed-3", 0), organoid("sim-mea0-o1", "sim/mea0", "seed-3", 2)), DEVICES,
                ProvenancesTest::layout, "org.neurolab.driver.sim=0.1.0.2026\n", "ab12");
        assertEquals("autoRecord-1", p.runId());
        assertEquals("ab12", p.policySetHash());
        assertEquals(3L, p.simulatorSeed());
        Properties rig = props(p.rigConfiguration());
        assertEquals("MEA", rig.getProperty("device.sim/mea0.kind"));
        assertEquals("ENVIRONMENT_SENSOR", rig.getProperty("device.sim/incubator.kind"));
        assertNull(rig.getProperty("device.rig2/mea0.kind"), "only the rigs recorded");
        assertEquals("16", rig.getProperty("mea.sim/mea0.electrodes"));
        assertEquals("30000", rig.getProperty("mea.sim/mea0.sampleRateHz"));
        assertEquals("2,3", rig.getProperty("culture.sim-mea0-o1.electrodes"));
        assertEquals("seed-3", rig.getProperty("culture.sim-mea0-o1.batch"));
        assertEquals("2026-07-01", rig.getProperty("culture.sim-mea0-o0.seedingDate"));
        Properties v = props(p.driverVersions());
        assertEquals("0.1.0.2026", v.getProperty("bundle.org.neurolab.driver.sim"));
        assertEquals("NeuroLab Simulated MEA (16 electrodes)", v.getProperty("device.sim/mea0.model"));
        assertEquals("0.1.0.2026", v.getProperty("device.sim/incubator.firmware"));
        assertFalse(v.containsKey("device.rig2/mea0.firmware"));
    }

    @Test
    void what_the_caller_gave_is_kept_and_a_real_rig_has_no_seed() throws Exception {
        RecordingProvenance given = new RecordingProvenance("run-9", "sha256:s", "", "", "given-hash", null);
        RecordingProvenance p = Provenances.complete(given, List.of(organoid("r2-o0", "rig2/mea0", "seed-3", 0)), DEVICES, ProvenancesTest::layout, "", "ab12");
        assertEquals("run-9", p.runId());
        assertEquals("sha256:s", p.scriptHash());
        assertEquals("given-hash", p.policySetHash());
        assertNull(p.simulatorSeed(), "a batch named seed-N on a real array is no simulator seed");
        assertEquals("fw 4.2", props(p.driverVersions()).getProperty("device.rig2/mea0.firmware"));
        assertTrue(p.rigConfiguration().contains("culture.r2-o0.mea=rig2/mea0"));
    }

    @Test
    void cultures_of_different_seeds_give_no_single_seed() {
        assertNull(Provenances.seed(List.of(organoid("a", "sim/mea0", "seed-3", 0), organoid("b", "sim/mea0", "seed-4", 2)), DEVICES));
        assertEquals(-7L, Provenances.seed(List.of(organoid("a", "sim/mea0", "seed--7", 0)), DEVICES));
    }
}
