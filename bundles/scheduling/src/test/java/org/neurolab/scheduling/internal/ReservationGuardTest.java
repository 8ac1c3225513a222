package org.neurolab.scheduling.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.neurolab.api.control.Caller;
import org.neurolab.api.control.CommandRequest;
import org.neurolab.api.control.Delivery;
import org.neurolab.api.control.ExchangeMedium;
import org.neurolab.api.control.GuardDecision;
import org.neurolab.scheduling.Reservation;
import org.neurolab.scheduling.ReservationState;
import org.neurolab.scheduling.TargetKind;

/** The guard alone: it decides from the index it is given, in memory, against its clock. */
class ReservationGuardTest {
    static final Instant T0 = LabSchedulerTest.T0;
    final MutableClock clock = new MutableClock(T0);
    final Reservation alicesArray = new Reservation(7, "alice", TargetKind.MEA, "sim/mea0", "sim/mea0", T0.plusSeconds(60), T0.plusSeconds(3600), "research",
            ReservationState.BOOKED, T0, "");
    final ReservationIndex index = new ReservationIndex(List.of(alicesArray));
    final ReservationGuard guard = new ReservationGuard(true, clock, () -> index);

    @Test
    void a_command_reaches_a_culture_only_inside_its_holders_live_reservation() {
        GuardDecision early = guard.check(LabSchedulerTest.stimulate(LabSchedulerTest.ALICE, "sim-mea0-o1", "sim/mea0"));
        assertFalse(early.allowed());
        assertTrue(early.reason().contains("no reservation live now"), early.reason());
        assertEquals(List.of(ReservationGuard.POLICY), early.policyIds());
        clock.advance(Duration.ofMinutes(2));
        assertTrue(guard.check(LabSchedulerTest.stimulate(LabSchedulerTest.ALICE, "sim-mea0-o1", "sim/mea0")).allowed(), "the array's booking holds its organoids");
        GuardDecision bob = guard.check(LabSchedulerTest.stimulate(LabSchedulerTest.BOB, "sim-mea0-o1", "sim/mea0"));
        assertFalse(bob.allowed());
        assertTrue(bob.reason().contains("reserved by alice") && bob.reason().contains("reservation 7"), bob.reason());
        assertFalse(guard.check(LabSchedulerTest.stimulate(LabSchedulerTest.ALICE, "sim-mea1-o0", "sim/mea1")).allowed(), "another array is not booked");
        clock.advance(Duration.ofHours(1));
        assertFalse(guard.check(LabSchedulerTest.stimulate(LabSchedulerTest.ALICE, "sim-mea0-o1", "sim/mea0")).allowed(), "the slot has ended");
    }

    @Test
    void staff_feed_cultures_and_maintenance_acts_at_any_time() {
        Caller operator = new Caller("olga", Set.of("operator"), "research");
        CommandRequest stim = LabSchedulerTest.stimulate(operator, "sim-mea0-o1", "sim/mea0");
        CommandRequest feed = new CommandRequest("c2", "s2", operator, new ExchangeMedium("sim-mea0-o1", new Delivery.Infusion("sim/pump0", 50, 100)),
                stim.organoid(), 0);
        assertEquals(List.of(ReservationGuard.MAINTENANCE_POLICY), guard.check(feed).policyIds());
        assertFalse(guard.check(stim).allowed(), "an operator's stimulation needs a reservation like anyone's");
        Caller maintenance = new Caller("system:scheduling", Set.of("operator"), "maintenance");
        assertTrue(guard.check(LabSchedulerTest.stimulate(maintenance, "sim-mea0-o1", "sim/mea0")).allowed());
    }

    @Test
    void a_lab_that_does_not_enforce_reservations_lets_every_command_through() {
        ReservationGuard open = new ReservationGuard(false, clock, () -> ReservationIndex.EMPTY);
        assertTrue(open.check(LabSchedulerTest.stimulate(LabSchedulerTest.BOB, "sim-mea0-o1", "sim/mea0")).allowed());
    }
}
