package org.neurolab.driver.testkit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.neurolab.api.driver.DeviceException;
import org.neurolab.api.driver.DeviceKind;
import org.neurolab.api.driver.MeaDriver;
import org.neurolab.api.driver.SignalListener;
import org.neurolab.api.lab.MeaLayout;
import org.neurolab.api.signal.RawSampleBlock;
import org.neurolab.api.signal.SpikeBatch;
import org.neurolab.api.stimulation.Polarity;
import org.neurolab.api.stimulation.Pulse;
import org.neurolab.api.stimulation.PulseTrain;
import org.neurolab.api.stimulation.StimulatorRange;

/**
 * MEAs: a consistent layout, stimulation inside the stimulator's range accepted and outside refused,
 * spike batches and raw blocks that make sense, listeners that can be removed, no callbacks after stop.
 * The driver must produce activity within {@link #activityWindowMicros()} (a living culture does).
 */
public abstract class MeaDriverContract extends DriverContract<MeaDriver> {
    @Override
    protected DeviceKind expectedKind() {
        return DeviceKind.MEA;
    }

    /** Lab time within which the MEA reports at least one spike. */
    protected long activityWindowMicros() {
        return 5_000_000;
    }

    @Test
    void layout_matches_the_device() {
        MeaLayout layout = driver.layout();
        assertEquals(driver.info().deviceId(), layout.meaId(), "the MEA's id is its device id");
        assertTrue(layout.sampleRateHz() >= 1_000, "sample rate " + layout.sampleRateHz());
        assertNotNull(driver.stimulatorRange());
    }

    @Test
    void stimulation_inside_the_range_is_accepted() {
        StimulatorRange range = driver.stimulatorRange();
        long phase = Math.max(range.minPhaseDurationMicros(), Math.min(200, range.maxPhaseDurationMicros()));
        Pulse largest = Pulse.biphasic(Polarity.CATHODIC_FIRST, range.maxAmplitudeMicroamps(), phase, 0);
        assertDoesNotThrow(() -> driver.stimulate(List.of(0), PulseTrain.single(largest)));
    }

    @Test
    void stimulation_outside_the_range_or_the_array_is_refused_with_a_reason() {
        StimulatorRange range = driver.stimulatorRange();
        long phase = Math.max(range.minPhaseDurationMicros(), Math.min(200, range.maxPhaseDurationMicros()));
        Pulse tooStrong = Pulse.biphasic(Polarity.CATHODIC_FIRST, range.maxAmplitudeMicroamps() * 1.01, phase, 0);
        DeviceException e = assertThrows(DeviceException.class, () -> driver.stimulate(List.of(0), PulseTrain.single(tooStrong)));
        assertTrue(e.getMessage().contains("amplitude"), e.getMessage());
        Pulse ok = Pulse.biphasic(Polarity.CATHODIC_FIRST, range.maxAmplitudeMicroamps() / 2, phase, 0);
        int outside = driver.layout().electrodeCount();
        DeviceException e2 = assertThrows(DeviceException.class, () -> driver.stimulate(List.of(outside), PulseTrain.single(ok)));
        assertTrue(e2.getMessage().contains(Integer.toString(outside)), "names the electrode: " + e2.getMessage());
        assertThrows(DeviceException.class, () -> driver.stimulate(List.of(), PulseTrain.single(ok)), "no electrode");
    }

    @Test
    void spike_batches_are_time_ordered_and_on_real_electrodes() throws Exception {
        assumeTrue(driver.detectsSpikes(), "a raw-only driver (detectsSpikes() == false) delivers no spike events: the lab detects them");
        List<SpikeBatch> batches = new CopyOnWriteArrayList<>();
        SignalListener l = batches::add;
        driver.addSignalListener(l, false);
        letTimePass(activityWindowMicros());
        driver.removeSignalListener(l);
        int n = driver.layout().electrodeCount();
        long last = Long.MIN_VALUE;
        int spikes = 0;
        for (SpikeBatch b : batches) {
            assertEquals(driver.layout().meaId(), b.meaId());
            for (int i = 0; i < b.count(); i++) {
                assertTrue(b.electrodes()[i] >= 0 && b.electrodes()[i] < n, "electrode " + b.electrodes()[i]);
                assertTrue(b.timesMicros()[i] >= last, "spike times never go backwards");
                last = b.timesMicros()[i];
                spikes++;
            }
        }
        assertTrue(spikes > 0, "a culture shows activity within " + activityWindowMicros() + " µs");
    }

    @Test
    void raw_blocks_cover_every_electrode_continuously() throws Exception {
        List<RawSampleBlock> blocks = new CopyOnWriteArrayList<>();
        SignalListener l = new SignalListener() {
            @Override
            public void onSpikes(SpikeBatch batch) {
            }

            @Override
            public void onSamples(RawSampleBlock block) {
                blocks.add(block);
            }
        };
        driver.addSignalListener(l, true);
        letTimePass(50_000);
        // a loaded machine may deliver a hardware stream's first block late: wait for one, boundedly
        for (int i = 0; i < 200 && blocks.isEmpty(); i++) letTimePass(50_000);
        driver.removeSignalListener(l);
        assertTrue(blocks.size() > 0, "raw blocks arrive for a raw listener");
        long next = -1;
        for (RawSampleBlock b : blocks) {
            assertEquals(driver.layout().electrodeCount(), b.channelCount());
            assertEquals(driver.layout().sampleRateHz(), b.sampleRateHz());
            if (next >= 0) assertEquals(next, b.firstSampleIndex(), "blocks are contiguous");
            next = b.firstSampleIndex() + b.sampleCount();
            for (float v : b.samplesMicrovolts()) assertTrue(Float.isFinite(v), "samples are finite");
        }
    }

    @Test
    void watermarks_never_go_back_and_nothing_earlier_follows_them() throws Exception {
        List<long[]> events = new CopyOnWriteArrayList<>(); // {0, block start} or {1, watermark}
        String meaId = driver.layout().meaId();
        SignalListener l = new SignalListener() {
            @Override
            public void onSpikes(SpikeBatch batch) {
            }

            @Override
            public void onSamples(RawSampleBlock block) {
                events.add(new long[] {0, block.startMicros()});
            }

            @Override
            public void onWatermark(String mea, long completeUpToMicros) {
                if (mea.equals(meaId)) events.add(new long[] {1, completeUpToMicros});
            }
        };
        driver.addSignalListener(l, true);
        letTimePass(50_000);
        for (int i = 0; i < 200 && !driver.detectsSpikes() && events.stream().noneMatch(e -> e[0] == 1); i++) letTimePass(50_000);
        driver.removeSignalListener(l);
        long mark = Long.MIN_VALUE;
        int marks = 0;
        for (long[] e : events) {
            if (e[0] == 1) {
                assertTrue(e[1] >= mark, "the watermark went back from " + mark + " to " + e[1] + " µs");
                mark = e[1];
                marks++;
            } else {
                assertTrue(e[1] >= mark, "a block starting at " + e[1] + " µs came after the watermark " + mark + " µs");
            }
        }
        if (!driver.detectsSpikes()) assertTrue(marks > 0, "a raw-only driver reports how far its data is complete (onWatermark)");
    }

    @Test
    void a_removed_listener_hears_nothing_more() throws Exception {
        List<SpikeBatch> batches = new CopyOnWriteArrayList<>();
        SignalListener l = batches::add;
        driver.addSignalListener(l, false);
        driver.removeSignalListener(l);
        letTimePass(activityWindowMicros());
        assertEquals(0, batches.size());
    }

    @Test
    void nothing_is_delivered_after_stop() throws Exception {
        List<SpikeBatch> batches = new CopyOnWriteArrayList<>();
        driver.addSignalListener(batches::add, false);
        stopDriver(driver);
        MeaDriver stopped = driver;
        driver = null;
        int seen = batches.size();
        try {
            letTimePass(activityWindowMicros() / 10);
        } catch (IllegalStateException expected) {
            // a stopped simulator may refuse to advance
        }
        assertEquals(seen, batches.size(), "no callbacks after stop");
        assertNotNull(stopped);
    }
}
