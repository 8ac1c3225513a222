package org.neurolab.control.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.neurolab.api.control.Caller;
import org.neurolab.api.control.CommandGuard;
import org.neurolab.api.control.CommandRefusedException;
import org.neurolab.api.control.GuardDecision;
import org.neurolab.api.control.LabControl;
import org.neurolab.api.control.LabSession;
import org.neurolab.api.control.PrivateControl;

/**
 * A dry run's private path and the lab's path are one piece of code with one set of rules: a guard that throws, a guard
 * that answers nothing and a required guard that is missing refuse in a dry run exactly as in the lab (same refuser,
 * same reason); only the guards the configuration exempts (the booking) are not required of a dry run.
 */
class PrivatePathTest {
    static final Caller ANA = new Caller("ana", Set.of("researcher"), "research");
    final ControlSessionTest fixture = new ControlSessionTest();
    final LabControlService lab = new LabControlService(ControlRules.requiring(Set.of("ethics", "scheduling"), Set.of()).withDryRunWithout(Set.of("scheduling")), fixture.registry, fixture.clock);
    final ControlSessionTest.FakeMea labMea = new ControlSessionTest.FakeMea();
    final ControlSessionTest.FakeMea privateMea = new ControlSessionTest.FakeMea();
    final PrivateControl dryRun;

    PrivatePathTest() {
        lab.addMea(labMea);
        dryRun = lab.open(List.of(privateMea), fixture.registry, fixture.clock);
    }

    /** What each path answers to the same stimulation: "allowed" or "refused by X: why". */
    static String outcome(LabControl control) {
        try (LabSession s = control.openSession(ANA)) {
            s.stimulate(ControlSessionTest.stim("o1", 3, 0));
            return "allowed";
        } catch (CommandRefusedException e) {
            return e.getMessage();
        }
    }

    void giveBoth(String name, CommandGuard guard) {
        lab.addOwnGuard(guard, Map.of(CommandGuard.NAME, name));
        dryRun.addGuard(name, guard);
    }

    @Test
    void a_missing_required_guard_refuses_in_a_dry_run_as_in_the_lab_but_the_booking_is_not_required_of_a_dry_run() {
        assertEquals(List.of("ethics"), dryRun.requiredGuards());
        assertEquals(List.of("ethics"), dryRun.missingRequiredGuards());
        assertEquals(List.of("ethics", "scheduling"), lab.missingRequiredGuards());
        String dry = outcome(dryRun), inLab = outcome(lab);
        assertTrue(dry.startsWith("refused by control: required guard(s) [ethics] not running"), dry);
        assertTrue(inLab.startsWith("refused by control: required guard(s) [ethics, scheduling] not running"), inLab);

        lab.addOwnGuard(r -> GuardDecision.allow(), Map.of(CommandGuard.NAME, "scheduling"));
        giveBoth("ethics", r -> GuardDecision.allow());
        assertEquals("allowed", outcome(dryRun));
        assertEquals("allowed", outcome(lab));
        assertEquals(List.of("[0]"), privateMea.stimulated, "the dry run's own device carried it out");
        assertEquals(List.of("[0]"), labMea.stimulated, "and the lab's only the lab's");
    }

    @Test
    void a_throwing_or_silent_guard_refuses_in_a_dry_run_with_the_labs_words() {
        lab.addOwnGuard(r -> GuardDecision.allow(), Map.of(CommandGuard.NAME, "scheduling"));
        Map<String, CommandGuard> broken = Map.of(
                "throws", r -> {
                    throw new IllegalStateException("policy file unreadable");
                },
                "silent", r -> null);
        for (var e : broken.entrySet()) {
            PrivatePathTest t = new PrivatePathTest();
            t.lab.addOwnGuard(r -> GuardDecision.allow(), Map.of(CommandGuard.NAME, "scheduling"));
            t.giveBoth("ethics", e.getValue());
            String dry = outcome(t.dryRun);
            assertEquals(outcome(t.lab), dry, e.getKey());
            assertTrue(dry.startsWith("refused by ethics: guard "), e.getKey() + ": " + dry);
            assertEquals(List.of(), t.privateMea.stimulated, e.getKey());
        }
    }

    @Test
    void closing_the_private_path_returns_its_touched_devices_to_safety_and_opens_no_more_sessions() throws Exception {
        dryRun.addGuard("ethics", r -> GuardDecision.allow());
        LabSession s = dryRun.openSession(ANA);
        s.stimulate(ControlSessionTest.stim("o1", 3, 0));
        dryRun.close();
        assertEquals(1, privateMea.safeStates, "the session's device is back in its safe state");
        assertEquals(0, labMea.safeStates, "the lab's device is not the dry run's to touch");
        assertThrows(IllegalStateException.class, () -> dryRun.openSession(ANA));
        assertThrows(IllegalStateException.class, () -> s.stimulate(ControlSessionTest.stim("o1", 3, 0)));
    }
}
