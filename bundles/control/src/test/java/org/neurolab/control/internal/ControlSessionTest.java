package org.neurolab.control.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.neurolab.api.control.Caller;
import org.neurolab.api.control.CommandGuard;
import org.neurolab.api.control.CommandJournal;
import org.neurolab.api.control.CommandRefusedException;
import org.neurolab.api.control.GuardDecision;
import org.neurolab.api.control.Stimulate;
import org.neurolab.api.driver.DeviceException;
import org.neurolab.api.driver.DeviceInfo;
import org.neurolab.api.driver.DeviceKind;
import org.neurolab.api.driver.MeaDriver;
import org.neurolab.api.driver.SignalListener;
import org.neurolab.api.lab.CultureRegistry;
import org.neurolab.api.lab.CultureState;
import org.neurolab.api.lab.Electrode;
import org.neurolab.api.lab.MeaLayout;
import org.neurolab.api.lab.Organoid;
import org.neurolab.api.lab.Provenance;
import org.neurolab.api.stimulation.Polarity;
import org.neurolab.api.stimulation.Pulse;
import org.neurolab.api.stimulation.PulseTrain;
import org.neurolab.api.stimulation.StimulatorRange;

class ControlSessionTest {
    static final Provenance PROV = new Provenance("L1", "B1", "C1", LocalDate.of(2026, 1, 1));

    final FakeMea mea = new FakeMea();
    final DeviceTable devices = new DeviceTable();
    final GuardBoard guards = new GuardBoard();
    final List<Organoid> cultures = new ArrayList<>(List.of(
            new Organoid("o1", "rig1/mea0", List.of(0, 1, 2), PROV, CultureState.ACTIVE),
            new Organoid("held", "rig1/mea0", List.of(3), PROV, CultureState.ON_HOLD),
            new Organoid("orphan", "rig9/mea0", List.of(0), PROV, CultureState.ACTIVE)));
    final CultureRegistry registry = new CultureRegistry() {
        @Override
        public List<Organoid> cultures() {
            return cultures;
        }

        @Override
        public Optional<Organoid> culture(String id) {
            return cultures.stream().filter(o -> o.id().equals(id)).findFirst();
        }
    };
    final SystemLabClock clock = new SystemLabClock();
    final List<String> closed = new ArrayList<>();
    final SignalHub signals = new SignalHub(clock::nowMicros);
    final ControlSession session;

    ControlSessionTest() {
        devices.add(mea);
        signals.add(mea);
        session = new ControlSession("s1", new Caller("ana", Set.of("researcher"), "research"), devices, signals, guards, registry, () -> clock,
                closed::add);
    }

    static Stimulate stim(String organoid, double amplitude, Integer... electrodes) {
        return new Stimulate(organoid, List.of(electrodes), PulseTrain.single(Pulse.biphasic(Polarity.CATHODIC_FIRST, amplitude, 200, 0)));
    }

    @Test
    void an_allowed_command_reaches_the_driver_with_a_receipt() throws Exception {
        var receipt = session.stimulate(stim("o1", 3, 0, 2));
        assertEquals("rig1/mea0", receipt.deviceId());
        assertEquals(List.of("[0, 2]"), mea.stimulated);
    }

    @Test
    void refusals_say_why_and_nothing_reaches_the_driver() {
        assertRefused(stim("nope", 3, 0), "unknown organoid 'nope'");
        assertRefused(stim("held", 3, 3), "is ON_HOLD");
        assertRefused(stim("o1", 3, 5), "electrode 5 is not under organoid o1");
        assertRefused(stim("orphan", 3, 0), "no driver for MEA rig9/mea0");
        assertRefused(stim("o1", 11, 0), "exceeds the stimulator's maximum of 10.0 µA");
        guards.addGuard(r -> GuardDecision.deny("over budget", "budget.1"), Map.of(CommandGuard.NAME, "ethics"));
        assertRefused(stim("o1", 3, 0), "over budget");
        assertEquals(List.of(), mea.stimulated);
    }

    @Test
    void controls_own_refusals_are_journaled_with_who_what_and_why() {
        List<org.neurolab.api.control.CommandRecord> journaled = new ArrayList<>();
        guards.addJournal(journaled::add, Map.of(CommandJournal.NAME, "audit"));
        assertRefused(stim("nope", 3, 0), "unknown organoid 'nope'");
        assertRefused(stim("o1", 3, 5), "electrode 5 is not under organoid o1");
        assertRefused(stim("o1", 11, 0), "exceeds the stimulator's maximum");
        assertEquals(3, journaled.size(), "every refusal is in the journal");
        for (var r : journaled) {
            assertEquals(false, r.allowed());
            assertEquals("control", r.decidedBy());
            assertEquals("ana", r.request().caller().user());
            assertEquals("stimulate", r.request().command().action());
        }
        assertEquals("nope", journaled.get(0).request().organoid().id());
        assertTrue(journaled.get(2).reason().contains("exceeds the stimulator's maximum"), journaled.get(2).reason());
    }

    @Test
    void a_driver_failure_is_reported_as_a_refusal_by_the_device() {
        mea.fail = true;
        CommandRefusedException e = assertThrows(CommandRefusedException.class, () -> session.stimulate(stim("o1", 3, 0)));
        assertEquals("rig1/mea0", e.refusedBy());
    }

    @Test
    void closing_returns_touched_devices_to_safe_state_once_and_ends_the_session() throws Exception {
        session.stimulate(stim("o1", 3, 0));
        session.close();
        session.close();
        assertEquals(1, mea.safeStates);
        assertEquals(List.of("s1"), closed);
        assertThrows(IllegalStateException.class, () -> session.stimulate(stim("o1", 3, 0)));
    }

    @Test
    void subscriptions_end_with_the_session() {
        List<Integer> seen = new ArrayList<>();
        session.subscribe("o1", batch -> seen.add(batch.count()), false);
        assertEquals(1, mea.listeners.size(), "the lab listens once per array, whoever subscribes");
        feed(2);
        session.close();
        feed(3);
        assertEquals(List.of(2), seen);
    }

    @Test
    void every_subscriber_gets_the_same_events_watermarks_and_gaps_and_raw_is_asked_for_only_while_wanted() throws Exception {
        List<String> a = new ArrayList<>(), b = new ArrayList<>();
        session.subscribe("o1", recorder(a), false);
        AutoCloseable raw = session.subscribe("o1", recorder(b), true);
        assertEquals(2, mea.listeners.size(), "the events listener and, while someone wants raw samples, the raw tap");
        feed(4);
        for (SignalListener l : List.copyOf(mea.listeners)) {
            l.onWatermark("m/mea0", 1_000);
            l.onGap("m/mea0", 1_000, 5_000, "test gap");
        }
        assertEquals(List.of("spikes 4", "watermark 1000", "gap 1000-5000 test gap"), a);
        assertEquals(a, b, "one signal path: both subscribers see exactly the same");
        raw.close();
        assertEquals(1, mea.listeners.size(), "no raw subscriber left: the driver need not compute traces");
        var health = signals.health().get(0);
        assertEquals(1_000, health.watermarkMicros());
        assertEquals(1, health.gaps());
        assertEquals(4_000, health.gapMicros());
        assertTrue(health.lagMicros() > 0, "lab time is past the watermark");
        assertTrue(health.summary().contains("test gap"), health.summary());
    }

    private static SignalListener recorder(List<String> into) {
        return new SignalListener() {
            @Override
            public void onSpikes(org.neurolab.api.signal.SpikeBatch batch) {
                into.add("spikes " + batch.count());
            }

            @Override
            public void onWatermark(String meaId, long completeUpToMicros) {
                into.add("watermark " + completeUpToMicros);
            }

            @Override
            public void onGap(String meaId, long fromMicros, long toMicros, String reason) {
                into.add("gap " + fromMicros + "-" + toMicros + " " + reason);
            }
        };
    }

    private void feed(int spikes) {
        var batch = new org.neurolab.api.signal.SpikeBatch("m/mea0", spikes, new int[spikes], new long[spikes], new float[spikes]);
        for (SignalListener l : List.copyOf(mea.listeners)) l.onSpikes(batch);
    }

    private void assertRefused(Stimulate command, String fragment) {
        CommandRefusedException e = assertThrows(CommandRefusedException.class, () -> session.stimulate(command));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    static final class FakeMea implements MeaDriver {
        final List<String> stimulated = new ArrayList<>();
        final List<SignalListener> listeners = new ArrayList<>();
        int safeStates;
        boolean fail;

        @Override
        public DeviceInfo info() {
            return new DeviceInfo("rig1/mea0", DeviceKind.MEA, "rig1", "test", "fake", "1");
        }

        @Override
        public void enterSafeState() {
            safeStates++;
        }

        @Override
        public MeaLayout layout() {
            return new MeaLayout("rig1/mea0", List.of(new Electrode(0, 0, 0, 30), new Electrode(1, 1, 0, 30), new Electrode(2, 2, 0, 30),
                    new Electrode(3, 3, 0, 30)), 30_000);
        }

        @Override
        public StimulatorRange stimulatorRange() {
            return new StimulatorRange(10, 20, 1000, 1000, 1000);
        }

        @Override
        public long stimulate(List<Integer> electrodes, PulseTrain train) throws DeviceException {
            if (fail) throw new DeviceException("stimulator not armed");
            stimulated.add(electrodes.toString());
            return 0;
        }

        @Override
        public void addSignalListener(SignalListener listener, boolean wantsRaw) {
            listeners.add(listener);
        }

        @Override
        public void removeSignalListener(SignalListener listener) {
            listeners.remove(listener);
        }
    }
}
