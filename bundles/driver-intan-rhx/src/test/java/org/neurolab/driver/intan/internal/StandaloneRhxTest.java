package org.neurolab.driver.intan.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neurolab.api.driver.SignalListener;
import org.neurolab.api.signal.RawSampleBlock;
import org.neurolab.api.signal.SpikeBatch;
import org.neurolab.driver.intan.StandaloneRhx;
import org.neurolab.driver.intan.emulator.RhxEmulator;
import org.neurolab.testsupport.RealTimeLabClock;

/** The driver as code outside the bundle gets it: the bundle's driver, started and stopped by its caller. */
class StandaloneRhxTest {
    RhxEmulator emulator;

    @BeforeEach
    void start() throws Exception {
        emulator = RhxEmulator.start(1, 32);
    }

    @AfterEach
    void stop() throws Exception {
        emulator.close();
    }

    @Test
    void it_streams_the_configured_channels_and_stops_in_the_safe_state() throws Exception {
        List<RawSampleBlock> blocks = new CopyOnWriteArrayList<>();
        try (StandaloneRhx rhx = StandaloneRhx.create(TestRig.config(emulator, "A-000..A-003"), new RealTimeLabClock(), reason -> { })) {
            rhx.mea().addSignalListener(new SignalListener() {
                @Override
                public void onSpikes(SpikeBatch batch) {
                }

                @Override
                public void onSamples(RawSampleBlock block) {
                    blocks.add(block);
                }
            }, true);
            assertEquals(4, rhx.mea().layout().electrodes().size());
            rhx.start();
            TestRig.await("blocks", 20_000, () -> "STREAMING".equals(rhx.state()) && blocks.size() >= 3);
            assertEquals(4, blocks.get(0).channelCount());
            assertEquals(0, rhx.malformedBlocks());
            rhx.close();
            assertEquals("STOPPED", rhx.state());
            assertEquals(List.of(), emulator.armedChannels(), "nothing is left armed");
        }
    }

    @Test
    void a_controller_it_will_not_work_with_is_refused_with_the_reason() throws Exception {
        emulator.controllerType("ControllerRecordUSB3");
        List<String> refusals = new CopyOnWriteArrayList<>();
        try (StandaloneRhx rhx = StandaloneRhx.create(TestRig.config(emulator, "A-000..A-003"), new RealTimeLabClock(), refusals::add)) {
            rhx.start();
            TestRig.await("refusal", 20_000, () -> !refusals.isEmpty());
            assertTrue(refusals.get(0).contains("ControllerRecordUSB3"), refusals.toString());
            assertEquals("REFUSED", rhx.state());
        }
    }

    @Test
    void a_wrong_configuration_is_refused_before_anything_connects() {
        var e = assertThrows(IllegalArgumentException.class, () -> StandaloneRhx.create(Map.of("deviceId", "rig9/mea0", "rigId", "rig9", "channels", "Z-999"),
                new RealTimeLabClock(), reason -> { }));
        assertTrue(e.getMessage().contains("Z-999"), e.getMessage());
    }
}
