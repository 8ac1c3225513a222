package org.neurolab.control.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.neurolab.api.control.Caller;
import org.neurolab.api.control.CommandGuard;
import org.neurolab.api.control.CommandRecord;
import org.neurolab.api.control.CommandRefusedException;
import org.neurolab.api.control.GuardDecision;
import org.neurolab.api.control.LabSession;
import org.neurolab.api.driver.SignalListener;
import org.neurolab.api.signal.SpikeBatch;
import org.neurolab.control.StandaloneControl;

/** The control service as code outside the bundle gets it without a framework: the lab's path, its guards required. */
class StandaloneControlTest {
    final ControlSessionTest.FakeMea mea = new ControlSessionTest.FakeMea();
    final ControlSessionTest cultures = new ControlSessionTest();
    final Caller ana = new Caller("ana", Set.of("researcher"), "research");

    @Test
    void commands_take_the_labs_path_through_the_given_guards_and_journals() throws Exception {
        List<CommandRecord> journaled = new ArrayList<>();
        List<String> asked = new ArrayList<>();
        CommandGuard budget = request -> {
            asked.add(request.organoid().id());
            return request.command() instanceof org.neurolab.api.control.Stimulate s && s.train().pulse().first().amplitudeMicroamps() > 5
                    ? GuardDecision.deny("over the budget", "budget.1") : GuardDecision.allow(List.of("budget.1"));
        };
        try (StandaloneControl standalone = StandaloneControl.open(cultures.registry, StandaloneControl.realTimeClock(), List.of(mea), Map.of("budget", budget),
                Map.of("audit", journaled::add))) {
            LabSession session = standalone.control().openSession(ana);
            session.stimulate(ControlSessionTest.stim("o1", 3, 0));
            var e = assertThrows(CommandRefusedException.class, () -> session.stimulate(ControlSessionTest.stim("o1", 6, 0)));
            assertTrue(e.getMessage().contains("over the budget"), e.getMessage());
            assertThrows(CommandRefusedException.class, () -> session.stimulate(ControlSessionTest.stim("o1", 3, 7)), "control's own checks come first");
            assertEquals(List.of("[0]"), mea.stimulated);
            assertEquals(List.of("o1", "o1"), asked, "the guard was asked for the two commands control let through");
            assertEquals(List.of(true, false, false), journaled.stream().map(CommandRecord::allowed).toList(), "the journal heard every decision");
        }
    }

    @Test
    void closing_returns_the_devices_to_their_safe_state_and_leaves_the_drivers() throws Exception {
        StandaloneControl standalone = StandaloneControl.open(cultures.registry, StandaloneControl.realTimeClock(), List.of(mea), Map.of(), Map.of());
        LabSession session = standalone.control().openSession(ana);
        List<SpikeBatch> seen = new ArrayList<>();
        session.subscribe("o1", new SignalListener() {
            @Override
            public void onSpikes(SpikeBatch batch) {
                seen.add(batch);
            }
        }, false);
        session.stimulate(ControlSessionTest.stim("o1", 3, 0));
        assertEquals(1, mea.listeners.size(), "control listens to the array once");
        standalone.close();
        assertEquals(1, mea.safeStates, "the touched array was put in its safe state");
        assertEquals(0, mea.listeners.size(), "control no longer listens to the array");
    }

    @Test
    void a_control_without_an_array_is_refused_with_the_reason() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> StandaloneControl.open(cultures.registry, StandaloneControl.realTimeClock(), List.of(), Map.of(), Map.of()));
        assertTrue(e.getMessage().contains("at least one array"), e.getMessage());
    }
}
