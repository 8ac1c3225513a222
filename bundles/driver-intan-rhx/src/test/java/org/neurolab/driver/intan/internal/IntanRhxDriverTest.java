package org.neurolab.driver.intan.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.neurolab.api.driver.DeviceException;
import org.neurolab.api.driver.SignalListener;
import org.neurolab.api.signal.RawSampleBlock;
import org.neurolab.api.signal.SpikeBatch;
import org.neurolab.api.stimulation.Phase;
import org.neurolab.api.stimulation.Polarity;
import org.neurolab.api.stimulation.Pulse;
import org.neurolab.api.stimulation.PulseTrain;
import org.neurolab.driver.intan.emulator.RhxEmulator;
import org.neurolab.testsupport.RealTimeLabClock;

/** The driver against the emulated RHX: verification, streaming, stimulation, safe states, and the ways a connection fails. */
@Timeout(120)
class IntanRhxDriverTest {
    private RhxEmulator emulator;
    private final RealTimeLabClock clock = new RealTimeLabClock();
    private final TestRig.Presence presence = new TestRig.Presence();
    private IntanRhxMea mea;
    private final Recorded recorded = new Recorded();

    /** Everything the driver delivers, in order. */
    final class Recorded implements SignalListener {
        final List<Long> aheadOfClock = new CopyOnWriteArrayList<>();
        final List<RawSampleBlock> blocks = new CopyOnWriteArrayList<>();
        final List<long[]> gaps = new CopyOnWriteArrayList<>();
        final List<String> gapReasons = new CopyOnWriteArrayList<>();
        final List<Long> watermarks = new CopyOnWriteArrayList<>();
        final List<String> order = new CopyOnWriteArrayList<>();

        @Override
        public void onSpikes(SpikeBatch batch) {
            order.add("spikes");
        }

        @Override
        public void onSamples(RawSampleBlock block) {
            blocks.add(block);
            order.add("block " + block.startMicros());
        }

        @Override
        public void onWatermark(String meaId, long completeUpToMicros) {
            watermarks.add(completeUpToMicros);
            long ahead = completeUpToMicros - clock.nowMicros();
            if (ahead > 0) aheadOfClock.add(ahead);
        }

        @Override
        public void onGap(String meaId, long fromMicros, long toMicros, String reason) {
            gaps.add(new long[] {fromMicros, toMicros});
            gapReasons.add(reason);
        }
    }

    @BeforeEach
    void emulator() throws Exception {
        emulator = RhxEmulator.start(2, 32);
    }

    @AfterEach
    void stop() throws Exception {
        if (mea != null) mea.stop();
        emulator.close();
    }

    private IntanRhxMea startDriver(String channels, String... extra) throws InterruptedException {
        Map<String, Object> config = TestRig.config(emulator, channels);
        for (int i = 0; i < extra.length; i += 2) config.put(extra[i], extra[i + 1]);
        mea = TestRig.start(config, clock, presence);
        mea.addSignalListener(recorded, true);
        return mea;
    }

    /** Streaming, and what came before (a gap for the run's first blocks, on a loaded machine) forgotten. */
    private void streaming() throws InterruptedException {
        TestRig.awaitStreaming(mea);
        recorded.gaps.clear();
        recorded.gapReasons.clear();
    }

    private static PulseTrain biphasic(double microamps, long phaseMicros) {
        return PulseTrain.single(Pulse.biphasic(Polarity.CATHODIC_FIRST, microamps, phaseMicros, 0));
    }

    @Test
    void first_connection_verifies_then_stops_the_run_and_disables_stimulation_everywhere() throws Exception {
        emulator.operatorSets("B-007", "StimEnabled", "true"); // armed by hand in RHX's window, on a channel the lab does not map
        emulator.operatorRuns();
        startDriver("A-000..A-007");
        streaming();
        List<String> c = emulator.commands();
        int type = c.indexOf("get Type"), stop = c.indexOf("set RunMode Stop"), upload = c.indexOf("execute UploadStimParameters"),
                run = c.indexOf("set RunMode Run");
        assertTrue(type >= 0 && type < stop && stop < upload && upload < run, "verify, stop, disable and upload all, then run: " + c);
        assertTrue(c.contains("set B-007.StimEnabled False"), "every channel of the controller is disabled, mapped or not");
        assertEquals(List.of(), emulator.armedChannels());
        assertEquals(2, emulator.runs(), "the operator's run was stopped and the driver's own started");
        assertEquals(List.of("verified"), presence.events);
    }

    @Test
    void a_recording_only_controller_is_refused_and_the_mea_stays_absent() throws Exception {
        emulator.controllerType("ControllerRecordUSB3");
        startDriver("A-000..A-007");
        TestRig.await("refusal", 20_000, () -> !presence.events.isEmpty());
        assertTrue(presence.events.get(0).contains("ControllerRecordUSB3") && presence.events.get(0).contains("stimulation/recording"), presence.events.toString());
        assertEquals("REFUSED", mea.status().state());
        assertTrue(emulator.commands().stream().noneMatch(c -> c.startsWith("set ") || c.startsWith("execute ")), "nothing is set on a controller that does not fit");
        DeviceException e = assertThrows(DeviceException.class, () -> mea.stimulate(List.of(0), biphasic(10, 100)));
        assertTrue(e.getMessage().contains("no verified connection"), e.getMessage());
    }

    @Test
    void a_controller_at_another_sample_rate_is_refused_naming_both_rates() throws Exception {
        emulator.sampleRateHz(20_000);
        startDriver("A-000..A-007");
        TestRig.await("refusal", 20_000, () -> !presence.events.isEmpty());
        assertTrue(presence.events.get(0).contains("20000 Hz") && presence.events.get(0).contains("30000 Hz"), presence.events.toString());
        assertTrue(mea.status().reason().contains("20000 Hz"));
    }

    @Test
    void a_channel_the_controller_lacks_is_refused_naming_it() throws Exception {
        startDriver("A-030..A-033");
        TestRig.await("refusal", 20_000, () -> !presence.events.isEmpty());
        assertTrue(presence.events.get(0).contains("A-032") && presence.events.get(0).contains("electrode 2"), presence.events.toString());
    }

    @Test
    void wideband_samples_arrive_in_microvolts_per_electrode_contiguous_and_watermarked() throws Exception {
        emulator.offsetMicrovolts("B-001", 500);
        emulator.offsetMicrovolts("A-003", -300);
        startDriver("B-001,A-003,A-000"); // electrode 0 is B-001, electrode 1 is A-003: not RHX's order
        streaming();
        TestRig.await("30 blocks", 20_000, () -> recorded.blocks.size() >= 30);
        List<RawSampleBlock> bs = new ArrayList<>(recorded.blocks);
        double[] mean = new double[3];
        long samples = 0;
        for (RawSampleBlock b : bs) {
            assertEquals(3, b.channelCount());
            assertEquals(128, b.sampleCount());
            assertEquals(30_000, b.sampleRateHz());
            for (int c = 0; c < 3; c++) for (int i = 0; i < b.sampleCount(); i++) mean[c] += b.sample(c, i);
            samples += b.sampleCount();
        }
        for (int c = 0; c < 3; c++) mean[c] /= samples;
        assertEquals(500, mean[0], 5, "B-001's offset on electrode 0, at 0.195 µV per bit");
        assertEquals(-300, mean[1], 5, "A-003's offset on electrode 1");
        assertEquals(0, mean[2], 5);
        for (int i = 1; i < bs.size(); i++) {
            assertEquals(bs.get(i - 1).firstSampleIndex() + 128, bs.get(i).firstSampleIndex(), "contiguous");
            assertEquals(bs.get(i - 1).endMicros(), bs.get(i).startMicros(), 1, "lab time follows the sample count");
        }
        long last = Long.MIN_VALUE;
        for (long w : recorded.watermarks) {
            assertTrue(w >= last);
            last = w;
        }
        assertTrue(bs.get(bs.size() - 1).startMicros() <= clock.nowMicros(), "data is never stamped in the lab's future");
        assertTrue(recorded.gaps.stream().allMatch(g -> g[1] <= bs.get(0).startMicros()), "no gap once streaming (one at the start is the "
                + "blocks RHX sent before the driver read the stream, on a loaded machine)");
        assertEquals(List.of(), recorded.aheadOfClock, "the watermark is never ahead of the lab clock (µs ahead)");
    }

    @Test
    void a_stimulation_uploads_exactly_what_was_asked_fires_it_and_reports_when_the_controller_applied_it() throws Exception {
        startDriver("A-000..A-007");
        streaming();
        Pulse triphasic = Pulse.triphasic(Polarity.CATHODIC_FIRST, new Phase(10, 100), new Phase(20, 100), 0);
        long applied = mea.stimulate(List.of(1, 2), new PulseTrain(triphasic, 3, 10_000));
        Map<String, String> u = emulator.uploaded("A-001");
        assertEquals("triphasic", u.get("shape"));
        assertEquals("negativefirst", u.get("polarity"));
        assertEquals("100", u.get("firstphasedurationmicroseconds"));
        assertEquals("100", u.get("secondphasedurationmicroseconds"));
        assertEquals("10", u.get("firstphaseamplitudemicroamps"));
        assertEquals("20", u.get("secondphaseamplitudemicroamps"));
        assertEquals("pulsetrain", u.get("pulseortrain"));
        assertEquals("3", u.get("numberofstimpulses"));
        assertEquals("10000", u.get("pulsetrainperiodmicroseconds"));
        assertEquals("keypressf1", u.get("source"));
        assertEquals(List.of("A-001", "A-002"), emulator.armedChannels(), "only the channels asked for");
        assertEquals(List.of("keypressf1"), emulator.triggers());
        List<RhxEmulator.Delivered> d = emulator.delivered();
        assertEquals(2, d.size());
        // the applied time is the lab time of the first stimulated sample: find it in the delivered blocks
        TestRig.await("the block holding the pulse", 10_000, () -> recorded.blocks.stream().anyMatch(b -> b.endMicros() > applied + 1000));
        RawSampleBlock first = recorded.blocks.get(0);
        long expected = first.startMicros() + (long) d.get(0).firstTimestamp() * 1_000_000L / 30_000 - first.firstSampleIndex() * 1_000_000L / 30_000;
        assertEquals(0, mea.status().echoMisses(), "the echo showed: " + mea.status());
        assertEquals(0, mea.status().reconnects(), "one run of the controller: " + mea.status());
        assertEquals(expected, applied, 1, "from the data stream's timestamps; delivered " + d + ", first block " + first.firstSampleIndex() + " at "
                + first.startMicros());
        RawSampleBlock at = recorded.blocks.stream().filter(b -> b.startMicros() <= applied && applied < b.endMicros()).findFirst().orElseThrow();
        int i = (int) Math.round((applied - at.startMicros()) * 30_000 / 1e6);
        assertTrue(at.sample(1, Math.min(i, 127)) < -200, "the cathodic artifact is in electrode 1's samples: " + at.sample(1, Math.min(i, 127)));

        mea.stimulate(List.of(3), biphasic(5, 200));
        assertEquals(List.of("A-003"), emulator.armedChannels(), "a later call disarms what it does not name");
    }

    @Test
    void a_stimulation_that_does_not_show_in_the_data_reports_when_its_trigger_was_sent() throws Exception {
        startDriver("A-000..A-007", "echoTimeoutMillis", "200");
        streaming();
        long before = clock.nowMicros();
        long applied = mea.stimulate(List.of(0), biphasic(0, 200)); // no current: nothing for the stimulation word to show
        long after = clock.nowMicros();
        assertTrue(applied >= before && applied <= after, before + " <= " + applied + " <= " + after);
        assertEquals(1, mea.status().echoMisses());
        assertEquals(1, emulator.delivered().size(), "it was fired all the same");
    }

    @Test
    void the_same_stimulation_again_is_only_fired_not_uploaded_again() throws Exception {
        startDriver("A-000..A-007");
        streaming();
        mea.stimulate(List.of(0), biphasic(8, 200));
        int uploads = count("execute UploadStimParameters A-000");
        Thread.sleep(5);
        mea.stimulate(List.of(0), biphasic(8, 200));
        assertEquals(uploads, count("execute UploadStimParameters A-000"));
        assertEquals(2, emulator.triggers().size());
    }

    private int count(String command) {
        return (int) emulator.commands().stream().filter(command::equals).count();
    }

    @Test
    void what_the_controller_cannot_deliver_is_refused_and_nothing_is_armed() throws Exception {
        startDriver("A-000..A-007");
        streaming();
        assertRefused("monophasic", PulseTrain.single(Pulse.monophasic(Polarity.CATHODIC_FIRST, 10, 100)));
        assertRefused("interphase", PulseTrain.single(Pulse.triphasic(Polarity.CATHODIC_FIRST, new Phase(10, 100), new Phase(20, 100), 100)));
        assertRefused("whole number of the controller's 1 µA steps", biphasic(10.5, 100));
        assertRefused("sample periods", biphasic(10, 50));
        assertRefused("exceeds", biphasic(300, 100));
        assertEquals(List.of(), emulator.armedChannels());
        assertEquals(List.of(), emulator.triggers());
        DeviceException busy = assertThrows(DeviceException.class, () -> {
            mea.stimulate(List.of(4), new PulseTrain(Pulse.biphasic(Polarity.CATHODIC_FIRST, 5, 100, 0), 10, 100_000));
            mea.stimulate(List.of(4), biphasic(5, 100));
        });
        assertTrue(busy.getMessage().contains("still delivering"), busy.getMessage());
    }

    private void assertRefused(String why, PulseTrain train) {
        DeviceException e = assertThrows(DeviceException.class, () -> mea.stimulate(List.of(0), train));
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    @Test
    void the_safe_state_disables_stimulation_on_every_channel_and_is_idempotent() throws Exception {
        startDriver("A-000..A-007");
        streaming();
        mea.stimulate(List.of(2), biphasic(10, 200));
        assertEquals(List.of("A-002"), emulator.armedChannels());
        int gapsBefore = recorded.gaps.size();
        mea.enterSafeState();
        assertEquals(List.of(), emulator.armedChannels());
        assertTrue(emulator.commands().contains("set B-031.StimEnabled False"), "every channel the controller has");
        assertTrue(emulator.running(), "the recording goes on");
        int before = emulator.commands().size();
        mea.enterSafeState();
        assertEquals(before, emulator.commands().size(), "already safe: nothing to send");
        Thread.sleep(50);
        assertEquals(gapsBefore, recorded.gaps.size(), "no gap for a session's end");
    }

    @Test
    void stop_stops_the_run_disables_stimulation_and_nothing_is_delivered_after() throws Exception {
        startDriver("A-000..A-007");
        streaming();
        mea.stimulate(List.of(2), biphasic(10, 200));
        mea.stop();
        int seen = recorded.blocks.size();
        assertFalse(emulator.running());
        assertEquals(List.of(), emulator.armedChannels());
        Thread.sleep(100);
        assertEquals(seen, recorded.blocks.size());
        assertEquals("STOPPED", mea.status().state());
        mea = null;
    }

    @Test
    void a_dropped_connection_is_a_gap_and_nothing_is_stimulated_until_a_new_connection_is_verified() throws Exception {
        startDriver("A-000..A-007");
        streaming();
        mea.stimulate(List.of(1), biphasic(10, 200));
        int connections = emulator.commandConnections();
        emulator.dropConnections();
        TestRig.await("the driver to notice", 10_000, () -> !"STREAMING".equals(mea.status().state()));
        DeviceException e = assertThrows(DeviceException.class, () -> mea.stimulate(List.of(1), biphasic(10, 200)));
        assertTrue(e.getMessage().contains("no verified connection"), e.getMessage());
        TestRig.awaitStreaming(mea);
        TestRig.await("a gap", 10_000, () -> !recorded.gaps.isEmpty());
        assertTrue(emulator.commandConnections() > connections);
        assertTrue(recorded.gapReasons.get(0).contains("lost"), recorded.gapReasons.toString());
        long[] gap = recorded.gaps.get(0);
        assertTrue(gap[1] > gap[0]);
        TestRig.await("blocks after the gap", 10_000, () -> recorded.blocks.get(recorded.blocks.size() - 1).startMicros() >= gap[1]);
        assertTrue(recorded.watermarks.get(recorded.watermarks.size() - 1) >= gap[1], "the watermark moved past the gap");
        assertEquals(List.of(), emulator.armedChannels(), "the new connection began with stimulation disabled");
        assertEquals(1, mea.status().reconnects());
        assertTrue(mea.stimulate(List.of(1), biphasic(10, 200)) >= gap[1], "stimulation works again on the verified connection");
    }

    @Test
    void malformed_truncated_and_stray_data_are_skipped_counted_and_shown_as_gaps() throws Exception {
        startDriver("A-000..A-007");
        streaming();
        emulator.corruptNextBlock();
        TestRig.await("a gap for the corrupted block", 10_000, () -> recorded.gaps.size() >= 1);
        emulator.truncateNextBlock();
        TestRig.await("a gap for the truncated block", 10_000, () -> recorded.gaps.size() >= 2);
        emulator.strayBytesBeforeNextBlock(77);
        TestRig.await("the stray bytes counted", 10_000, () -> mea.status().malformedBlocks() >= 3);
        int blocks = recorded.blocks.size();
        TestRig.await("streaming on", 10_000, () -> recorded.blocks.size() > blocks + 20);
        assertEquals("STREAMING", mea.status().state());
        assertEquals(0, mea.status().reconnects(), "a bad block costs its samples, not the connection");
        for (int g = 0; g < 2; g++) {
            long[] gap = recorded.gaps.get(g);
            assertEquals(128 * 1_000_000L / 30_000, gap[1] - gap[0], 2, "one block's samples");
            assertTrue(recorded.gapReasons.get(g).contains("malformed"), recorded.gapReasons.get(g));
        }
        assertEquals(2, recorded.gaps.size(), "stray bytes between blocks lose no samples");
        List<RawSampleBlock> bs = new ArrayList<>(recorded.blocks);
        for (int i = 1; i < bs.size(); i++) assertTrue(bs.get(i).startMicros() >= bs.get(i - 1).endMicros(), "time never goes back");
    }

    @Test
    void a_stalled_stream_counts_as_lost_and_gets_the_safe_state() throws Exception {
        startDriver("A-000..A-007", "stallTimeoutMillis", "1500");
        streaming();
        mea.stimulate(List.of(1), biphasic(10, 200));
        int stopsBefore = count("set RunMode Stop");
        emulator.stallData(4_000);
        TestRig.await("the stall noticed", 15_000, () -> !"STREAMING".equals(mea.status().state()));
        assertTrue(mea.status().reason().contains("no waveform data"), mea.status().reason());
        TestRig.awaitStreaming(mea);
        assertTrue(count("set RunMode Stop") > stopsBefore, "the run was stopped when the stream was lost");
        TestRig.await("a gap", 10_000, () -> !recorded.gaps.isEmpty());
        assertTrue(recorded.gapReasons.get(0).contains("no waveform data"), recorded.gapReasons.toString());
    }

    @Test
    void a_stream_closed_in_the_middle_of_a_block_is_recovered() throws Exception {
        startDriver("A-000..A-007");
        streaming();
        emulator.closeDataMidNextBlock();
        TestRig.await("a gap", 15_000, () -> !recorded.gaps.isEmpty());
        TestRig.awaitStreaming(mea);
        assertTrue(recorded.gapReasons.get(0).contains("middle of a block"), recorded.gapReasons.toString());
        assertEquals(1, mea.status().reconnects());
    }

    @Test
    void a_command_server_that_stops_answering_fails_the_stimulation_and_the_driver_reconnects() throws Exception {
        startDriver("A-000..A-007", "replyTimeoutMillis", "500");
        streaming();
        emulator.answerCommands(false);
        long t0 = System.nanoTime();
        DeviceException e = assertThrows(DeviceException.class, () -> mea.stimulate(List.of(1), biphasic(10, 200)));
        assertTrue(e.getMessage().contains("did not answer"), e.getMessage());
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 10_000, "bounded by the reply timeout");
        emulator.answerCommands(true);
        TestRig.await("a reconnect", 20_000, () -> mea.status().reconnects() >= 1 && "STREAMING".equals(mea.status().state()));
        mea.stimulate(List.of(1), biphasic(10, 200));
    }

    @Test
    void impedances_come_from_the_configuration_or_the_driver_says_why_not() throws Exception {
        startDriver("A-000..A-002", "impedancesKilohms", "50, 60,70");
        assertEquals(60, mea.electrodeImpedancesKilohms()[1]);
        mea.stop();
        mea = null;
        startDriver("A-000..A-002");
        DeviceException e = assertThrows(DeviceException.class, mea::electrodeImpedancesKilohms);
        assertTrue(e.getMessage().contains("cannot return the values"), e.getMessage());
    }
}
