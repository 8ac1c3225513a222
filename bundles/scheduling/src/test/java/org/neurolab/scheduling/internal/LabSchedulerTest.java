package org.neurolab.scheduling.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.neurolab.api.control.Caller;
import org.neurolab.api.control.CommandRequest;
import org.neurolab.api.control.Delivery;
import org.neurolab.api.control.ExchangeMedium;
import org.neurolab.api.control.GuardDecision;
import org.neurolab.api.control.Stimulate;
import org.neurolab.api.lab.CultureState;
import org.neurolab.api.stimulation.Pulse;
import org.neurolab.api.stimulation.PulseTrain;
import org.neurolab.scheduling.BookingRequest;
import org.neurolab.scheduling.MaintenanceJob;
import org.neurolab.scheduling.MaintenanceSchedule;
import org.neurolab.scheduling.MaintenanceTask;
import org.neurolab.scheduling.QueueState;
import org.neurolab.scheduling.QueuedRun;
import org.neurolab.scheduling.Reservation;
import org.neurolab.scheduling.SchedulingConflictException;
import org.neurolab.scripting.RunState;
import org.neurolab.scripting.ScriptSource;

/** The scheduler against a controllable clock, a fake runner and a real database: H2 and PostgreSQL. */
class LabSchedulerTest {
    static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");
    static final Caller ALICE = new Caller("alice", Set.of("researcher"), "research");
    static final Caller BOB = new Caller("bob", Set.of("researcher"), "research");

    /** One scheduler on a fresh database. */
    static final class Lab implements AutoCloseable {
        final ScheduleTarget target;
        final MutableClock clock = new MutableClock(T0);
        final FakeLab lab = new FakeLab();
        final FakeRunner runner = new FakeRunner();
        final Map<String, MaintenanceTask> tasks = new ConcurrentHashMap<>();
        SchedulingSettings settings = new SchedulingSettings(true, Duration.ofHours(4), Map.of("carol", Duration.ofHours(1)), Duration.ofHours(3), 36, 38, 4.5,
                5.5, 1.0, Duration.ofSeconds(30), Map.of(), "rt-test");
        ScheduleStore store;
        LabScheduler scheduler;

        Lab(Dialect d) throws Exception {
            target = ScheduleTarget.create(d);
            start();
        }

        void start() throws Exception {
            store = target.open();
            scheduler = new LabScheduler(store, clock, lab, runner, tasks, settings);
        }

        /** The lab dies and comes back on the same database (the runner forgets its runs: a new JVM). */
        void restart() throws Exception {
            store.close();
            runner.forgetAll();
            start();
        }

        Reservation book(String user, String target, int fromMinutes, int toMinutes) {
            return scheduler.book(new BookingRequest(user, target, T0.plus(Duration.ofMinutes(fromMinutes)), T0.plus(Duration.ofMinutes(toMinutes)), "research"));
        }

        void at(int minutes) {
            clock.set(T0.plus(Duration.ofMinutes(minutes)));
            scheduler.tick();
        }

        QueuedRun queued(long id) {
            return scheduler.queuedRun(id).orElseThrow();
        }

        @Override
        public void close() throws java.sql.SQLException, java.io.IOException {
            store.close();
            target.close();
        }
    }

    static CommandRequest stimulate(Caller caller, String organoid, String mea) {
        var o = new org.neurolab.api.lab.Organoid(organoid, mea, List.of(0, 1), new org.neurolab.api.lab.Provenance("SIM", "b", "c", java.time.LocalDate.of(2026, 1, 1)),
                CultureState.ACTIVE);
        return new CommandRequest("c1", "s1", caller, new Stimulate(organoid, List.of(0), new PulseTrain(Pulse.biphasic(org.neurolab.api.stimulation.Polarity.CATHODIC_FIRST, 10, 200, 0), 1, 0)), o, 0);
    }

    // ---- bookings ---------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void overlappingBookingsOfOneCultureAreRefusedNamingTheConflict(Dialect d) throws Exception {
        try (Lab l = new Lab(d)) {
            Reservation a = l.book("alice", "sim-mea0-o0", 60, 120);
            var e = assertThrows(SchedulingConflictException.class, () -> l.book("bob", "sim-mea0-o0", 90, 150));
            assertTrue(e.getMessage().contains("reservation " + a.id()) && e.getMessage().contains("alice"), e.getMessage());
            assertEquals("reservation " + a.id(), e.conflictingWith());
            // back to back is no overlap; another organoid on the same array is free
            l.book("bob", "sim-mea0-o0", 120, 150);
            l.book("bob", "sim-mea0-o1", 60, 120);
            // the whole array overlaps both organoid bookings, and an organoid overlaps an array booking
            var m = assertThrows(SchedulingConflictException.class, () -> l.book("carol", "sim/mea0", 100, 110));
            assertTrue(m.getMessage().contains("reservation"), m.getMessage());
            Reservation array = l.book("carol", "sim/mea1", 60, 90);
            var o = assertThrows(SchedulingConflictException.class, () -> l.book("bob", "sim-mea1-o1", 80, 100));
            assertTrue(o.getMessage().contains("reservation " + array.id()), o.getMessage());
            assertEquals(4, l.scheduler.reservations(T0, T0.plus(Duration.ofHours(4))).size());
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void quotasCountBookingsThatHaveNotEnded(Dialect d) throws Exception {
        try (Lab l = new Lab(d)) {
            l.book("carol", "sim-mea0-o0", 0, 40); // carol's quota is 1 h
            var e = assertThrows(SchedulingConflictException.class, () -> l.book("carol", "sim-mea0-o1", 60, 90));
            assertTrue(e.getMessage().contains("quota of 1 h"), e.getMessage());
            Reservation fits = l.book("carol", "sim-mea0-o1", 60, 80);
            l.scheduler.cancel(fits.id(), new Caller("carol", Set.of(), "research"));
            l.book("carol", "sim-mea0-o1", 60, 80); // cancelled time is given back
            l.clock.set(T0.plus(Duration.ofMinutes(41))); // the first slot has ended: it no longer counts
            l.book("carol", "sim-mea1-o0", 100, 140);
            // others have the default quota (4 h)
            l.book("alice", "sim/mea1", 180, 360);
            assertThrows(SchedulingConflictException.class, () -> l.book("alice", "sim-mea0-o0", 400, 500));
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void badInputIsRefusedWithWhatWasWrong(Dialect d) throws Exception {
        try (Lab l = new Lab(d)) {
            var backwards = assertThrows(IllegalArgumentException.class, () -> l.book("alice", "sim-mea0-o0", 60, 30));
            assertTrue(backwards.getMessage().contains("before"), backwards.getMessage());
            var past = assertThrows(IllegalArgumentException.class, () -> l.book("alice", "sim-mea0-o0", -120, -60));
            assertTrue(past.getMessage().contains("past"), past.getMessage());
            var startsPast = assertThrows(IllegalArgumentException.class, () -> l.book("alice", "sim-mea0-o0", -30, 30));
            assertTrue(startsPast.getMessage().contains("starts in the past"), startsPast.getMessage());
            var unknown = assertThrows(IllegalArgumentException.class, () -> l.book("alice", "no-such-organoid", 10, 20));
            assertTrue(unknown.getMessage().contains("unknown culture 'no-such-organoid'"), unknown.getMessage());
            var tooLong = assertThrows(IllegalArgumentException.class, () -> l.book("alice", "sim-mea0-o0", 10, 10 + 4 * 60));
            assertTrue(tooLong.getMessage().contains("at most 3 h"), tooLong.getMessage());
            assertTrue(tooLong.getMessage().contains("this one lasts 4 h, 1 h too long"), tooLong.getMessage());
            assertEquals("24 h 0 min 0.000001 s", Lengths.exactly(java.time.Duration.ofHours(24).plusNanos(1000)), "a microsecond over is said");
            assertEquals("1 h 30 min", Lengths.exactly(java.time.Duration.ofMinutes(90)));
            assertThrows(IllegalArgumentException.class, () -> l.scheduler.reservations(T0, T0.minusSeconds(1)));
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void culturesOnHoldOrPastTheirEndOfLifeCannotBeBooked(Dialect d) throws Exception {
        try (Lab l = new Lab(d)) {
            l.lab.holds.put("sim-mea0-o0", "tripwire: activity collapsed (by ethics)");
            var held = assertThrows(SchedulingConflictException.class, () -> l.book("alice", "sim-mea0-o0", 10, 20));
            assertTrue(held.getMessage().contains("on hold") && held.getMessage().contains("tripwire"), held.getMessage());
            // a whole array with a held organoid on it cannot be booked either
            assertThrows(SchedulingConflictException.class, () -> l.book("alice", "sim/mea0", 10, 20));
            l.lab.put("sim-mea1-o1", "sim/mea1", CultureState.RETIRED);
            var retired = assertThrows(SchedulingConflictException.class, () -> l.book("alice", "sim-mea1-o1", 10, 20));
            assertTrue(retired.getMessage().contains("end of life"), retired.getMessage());
        }
    }

    // ---- the guard -----------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void onlyTheHolderOfTheLiveReservationReachesTheCulture(Dialect d) throws Exception {
        try (Lab l = new Lab(d)) {
            Reservation r = l.book("alice", "sim-mea0-o0", 10, 20);
            GuardDecision early = l.scheduler.guard().check(stimulate(ALICE, "sim-mea0-o0", "sim/mea0"));
            assertFalse(early.allowed());
            assertTrue(early.reason().contains("no reservation live"), early.reason());
            l.at(10);
            assertTrue(l.scheduler.guard().check(stimulate(ALICE, "sim-mea0-o0", "sim/mea0")).allowed());
            GuardDecision other = l.scheduler.guard().check(stimulate(BOB, "sim-mea0-o0", "sim/mea0"));
            assertFalse(other.allowed());
            assertTrue(other.reason().contains("reserved by alice") && other.reason().contains("reservation " + r.id()), other.reason());
            // operators' maintenance goes through
            Caller operator = new Caller("olga", Set.of("operator"), "maintenance");
            var feed = new CommandRequest("c2", "s2", operator, new ExchangeMedium("sim-mea0-o0", new Delivery.Infusion("sim/pump0", 50, 100)),
                    stimulate(ALICE, "sim-mea0-o0", "sim/mea0").organoid(), 0);
            assertTrue(l.scheduler.guard().check(feed).allowed());
            l.at(20);
            assertFalse(l.scheduler.guard().check(stimulate(ALICE, "sim-mea0-o0", "sim/mea0")).allowed(), "the slot is over");
        }
    }

    // ---- the queue -----------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aRunIsBookedWithTheMarginARealRunMayNeedBeyondItsDryRun(Dialect d) throws Exception {
        try (Lab l = new Lab(d)) {
            Reservation r = l.book("alice", "sim-mea0-o0", 10, 20); // 600 s
            // 580 s fits bare, not with its margin (2 s + 5 %: 611 s)
            var tight = assertThrows(SchedulingConflictException.class, () -> l.scheduler.submit(r.id(), "alice", ScriptSource.of("tight.py", FakeRunner.script(580))));
            assertTrue(tight.getMessage().contains("with the margin") && tight.getMessage().contains("does not fit"), tight.getMessage());
            QueuedRun fits = l.scheduler.submit(r.id(), "alice", ScriptSource.of("fits.py", FakeRunner.script(560))); // 590 s with its margin
            assertEquals(560_000_000L, fits.estimatedLabMicros(), "the run keeps its dry run's own figure");
            // what is left (10 s) is less than a 8 s run with its margin (10.4 s)
            assertThrows(SchedulingConflictException.class, () -> l.scheduler.submit(r.id(), "alice", ScriptSource.of("more.py", FakeRunner.script(8))));
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void runsStartWhenTheSlotOpensInOrderAndAreStoppedAtItsEnd(Dialect d) throws Exception {
        try (Lab l = new Lab(d)) {
            Reservation r = l.book("alice", "sim-mea0-o0", 10, 20);
            QueuedRun first = l.scheduler.submit(r.id(), "alice", ScriptSource.of("first.py", FakeRunner.script(120)));
            QueuedRun second = l.scheduler.submit(r.id(), "alice", ScriptSource.of("second.py", FakeRunner.script(300)));
            var tooLong = assertThrows(SchedulingConflictException.class,
                    () -> l.scheduler.submit(r.id(), "alice", ScriptSource.of("third.py", FakeRunner.script(200))));
            assertTrue(tooLong.getMessage().contains("does not fit") && tooLong.getMessage().contains("after the runs queued before it"), tooLong.getMessage());
            assertThrows(SchedulingConflictException.class, () -> l.scheduler.submit(r.id(), "bob", ScriptSource.of("x.py", FakeRunner.script(1))));

            l.at(9);
            assertEquals(QueueState.WAITING, l.queued(first.id()).state());
            assertTrue(l.runner.requests.isEmpty(), "nothing starts before the slot");
            l.at(10);
            QueuedRun going = l.queued(first.id());
            assertEquals(QueueState.RUNNING, going.state());
            assertEquals("alice", l.runner.requests.get(going.runId()).caller().user());
            assertEquals(List.of("sim-mea0-o0"), l.runner.requests.get(going.runId()).organoids());
            assertEquals(QueueState.WAITING, l.queued(second.id()).state(), "one run at a time, in order");
            l.runner.finish(going.runId());
            l.at(12);
            assertEquals(QueueState.SUCCEEDED, l.queued(first.id()).state());
            assertEquals(QueueState.RUNNING, l.queued(second.id()).state());
            String secondRun = l.queued(second.id()).runId();
            l.at(20);
            QueuedRun stopped = l.queued(second.id());
            assertEquals(QueueState.STOPPED_AT_SLOT_END, stopped.state());
            assertTrue(l.runner.cancelled.contains(secondRun), "cancelled: its session closes, which returns the rig to its safe state");
            assertTrue(stopped.history().stream().anyMatch(e -> e.event().equals("stopped-at-slot-end") && e.detail().contains("safe state")), stopped.history().toString());
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aRunThatCannotBeDryRunIsRefusedClearly(Dialect d) throws Exception {
        try (Lab l = new Lab(d)) {
            Reservation r = l.book("alice", "sim-mea0-o0", 10, 20);
            l.runner.dryRunsAvailable = false;
            var e = assertThrows(IllegalStateException.class, () -> l.scheduler.submit(r.id(), "alice", ScriptSource.of("a.py", FakeRunner.script(1))));
            assertTrue(e.getMessage().contains("cannot be checked against its slot"), e.getMessage());
            assertTrue(l.scheduler.queue().isEmpty());
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void waitingRunsOfACancelledOrMissedSlotDoNotRun(Dialect d) throws Exception {
        try (Lab l = new Lab(d)) {
            Reservation r = l.book("alice", "sim-mea0-o0", 10, 20);
            QueuedRun q = l.scheduler.submit(r.id(), "alice", ScriptSource.of("a.py", FakeRunner.script(60)));
            assertThrows(SchedulingConflictException.class, () -> l.scheduler.cancel(r.id(), BOB), "only the holder, an operator or an admin cancels");
            l.scheduler.cancel(r.id(), ALICE);
            assertEquals(QueueState.CANCELLED, l.queued(q.id()).state());
            l.at(15);
            assertTrue(l.runner.requests.isEmpty());
            assertFalse(l.scheduler.guard().check(stimulate(ALICE, "sim-mea0-o0", "sim/mea0")).allowed(), "a cancelled reservation holds nothing");
        }
    }

    // ---- maintenance ---------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void maintenanceTakesPrecedenceBookingsPlanAroundItAndRunsAreSuspendedWhileItWorks(Dialect d) throws Exception {
        try (Lab l = new Lab(d)) {
            List<String> performed = new ArrayList<>();
            l.tasks.put("medium-exchange", (job, caller) -> {
                performed.add(job.organoidId() + " by " + caller.user() + " as " + caller.roles());
                return "exchanged 50 µL";
            });
            // a booking made before the job: the job preempts it
            Reservation r = l.book("alice", "sim-mea0-o0", 10, 40);
            MaintenanceJob job = l.scheduler.addMaintenance(new MaintenanceSchedule("medium-exchange", "sim-mea0-o0", T0.plus(Duration.ofMinutes(20)),
                    Duration.ofHours(2), Duration.ofMinutes(5)));
            assertEquals("ok", job.status());
            // bookings made after it plan around its windows
            var e = assertThrows(SchedulingConflictException.class, () -> l.book("bob", "sim-mea0-o0", 135, 150));
            assertTrue(e.getMessage().contains("maintenance job " + job.id()) && e.getMessage().contains("medium-exchange"), e.getMessage());
            assertEquals("maintenance " + job.id(), e.conflictingWith());
            l.book("bob", "sim-mea0-o0", 145, 160);
            assertThrows(SchedulingConflictException.class, () -> l.book("dave", "sim/mea0", 138, 142), "an array booking covers the job's organoid");

            QueuedRun q = l.scheduler.submit(r.id(), "alice", ScriptSource.of("long.py", FakeRunner.script(25 * 60)));
            l.at(10);
            String runId = l.queued(q.id()).runId();
            l.at(20);
            assertEquals(List.of("sim-mea0-o0 by system:scheduling as [operator]"), performed);
            QueuedRun after = l.queued(q.id());
            assertEquals(QueueState.RUNNING, after.state(), "resumed once the task is done");
            List<String> events = after.history().stream().map(ev -> ev.event() + ":" + ev.detail()).toList();
            assertTrue(events.stream().anyMatch(s -> s.startsWith("suspended:maintenance job " + job.id())), events.toString());
            assertTrue(events.stream().anyMatch(s -> s.startsWith("resumed:maintenance job " + job.id())), events.toString());
            assertEquals(List.of("started", "suspended", "resumed"), l.runner.history.get(runId).stream().map(ev -> ev.event()).toList());
            MaintenanceJob done = l.scheduler.maintenance().getFirst();
            assertEquals("exchanged 50 µL", done.lastOutcome());
            assertEquals(T0.plus(Duration.ofMinutes(140)), done.nextAt());
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aJobWhoseTaskServiceIsMissingSaysSo(Dialect d) throws Exception {
        try (Lab l = new Lab(d)) {
            MaintenanceJob job = l.scheduler.addMaintenance(new MaintenanceSchedule("impedance-check", "sim-mea1-o0", T0.plus(Duration.ofMinutes(5)),
                    Duration.ofDays(1), Duration.ofMinutes(10)));
            assertTrue(job.status().contains("no maintenance task service 'impedance-check' is installed"), job.status());
            l.at(6);
            MaintenanceJob after = l.scheduler.maintenance().getFirst();
            assertTrue(after.lastOutcome().startsWith("not run"), after.lastOutcome());
            assertEquals(T0.plus(Duration.ofMinutes(5)).plus(Duration.ofDays(1)), after.nextAt());
            assertThrows(IllegalArgumentException.class, () -> l.scheduler.addMaintenance(new MaintenanceSchedule("medium-exchange", "nope", T0, Duration.ofHours(1),
                    Duration.ofMinutes(1))));
            assertTrue(l.scheduler.removeMaintenance(job.id()));
            assertTrue(l.scheduler.maintenance().isEmpty());
        }
    }

    // ---- conditions ----------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void anIncubatorExcursionSuspendsTheRunUntilConditionsHaveBeenBackForTheConfiguredTime(Dialect d) throws Exception {
        try (Lab l = new Lab(d)) {
            Reservation r = l.book("alice", "sim-mea0-o0", 10, 60);
            QueuedRun q = l.scheduler.submit(r.id(), "alice", ScriptSource.of("a.py", FakeRunner.script(600)));
            l.at(10);
            String runId = l.queued(q.id()).runId();
            l.lab.incubator(39.2, 5.0);
            l.at(11);
            QueuedRun suspended = l.queued(q.id());
            assertEquals(QueueState.SUSPENDED, suspended.state());
            assertTrue(suspended.detail().contains("39.2") && suspended.detail().contains("safe range"), suspended.detail());
            assertEquals(RunState.SUSPENDED, l.runner.states.get(runId));
            l.lab.incubator(37.0, 5.0);
            l.clock.set(T0.plus(Duration.ofMinutes(12)));
            l.scheduler.tick(); // conditions good from now
            l.clock.advance(Duration.ofSeconds(20));
            l.scheduler.tick();
            assertEquals(QueueState.SUSPENDED, l.queued(q.id()).state(), "not yet back for 30 s");
            l.clock.advance(Duration.ofSeconds(10));
            l.scheduler.tick();
            QueuedRun resumed = l.queued(q.id());
            assertEquals(QueueState.RUNNING, resumed.state());
            assertEquals(RunState.RUNNING, l.runner.states.get(runId));
            assertEquals(List.of("submitted", "started", "suspended", "resumed"), resumed.history().stream().map(e -> e.event()).toList());
            // a stuck pump feeding the array suspends it too
            l.lab.flows.put("sim/pump0", 0.0);
            l.at(20);
            assertEquals(QueueState.SUSPENDED, l.queued(q.id()).state());
            assertTrue(l.queued(q.id()).detail().contains("medium flow of sim/pump0"), l.queued(q.id()).detail());
            // and the slot's end stops it while suspended
            l.at(60);
            assertEquals(QueueState.STOPPED_AT_SLOT_END, l.queued(q.id()).state());
            assertTrue(l.runner.cancelled.contains(runId));
            assertEquals(List.of("run.suspended", "run.resumed", "run.suspended", "run.stopped-at-slot-end"),
                    l.lab.audited.stream().map(a -> a.split(" ")[0]).toList(), "both moments, each time, are in the audit trail: " + l.lab.audited);
        }
    }

    // ---- restart -------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aRestartInTheMiddleOfASlotMarksTheRunInterruptedAndKeepsEverythingElse(Dialect d) throws Exception {
        try (Lab l = new Lab(d)) {
            Reservation r = l.book("alice", "sim-mea0-o0", 10, 60);
            QueuedRun running = l.scheduler.submit(r.id(), "alice", ScriptSource.of("a.py", FakeRunner.script(60)));
            QueuedRun next = l.scheduler.submit(r.id(), "alice", ScriptSource.of("b.py", FakeRunner.script(60)));
            l.scheduler.addMaintenance(new MaintenanceSchedule("medium-exchange", "sim-mea1-o0", T0.plus(Duration.ofHours(5)), Duration.ofHours(12), Duration.ofMinutes(5)));
            l.at(10);
            assertEquals(QueueState.RUNNING, l.queued(running.id()).state());
            l.clock.set(T0.plus(Duration.ofMinutes(30)));
            l.restart();
            QueuedRun after = l.queued(running.id());
            assertEquals(QueueState.INTERRUPTED, after.state());
            assertTrue(after.detail().contains("not retried"), after.detail());
            assertEquals(1, l.scheduler.reservations(T0, T0.plus(Duration.ofHours(2))).size());
            assertEquals(1, l.scheduler.maintenance().size());
            assertTrue(l.scheduler.guard().check(stimulate(ALICE, "sim-mea0-o0", "sim/mea0")).allowed(), "the guard knows the reservation again");
            int before = l.runner.requests.size();
            l.at(31);
            assertEquals(QueueState.INTERRUPTED, l.queued(running.id()).state(), "never retried on its own");
            assertEquals(QueueState.RUNNING, l.queued(next.id()).state(), "the next one in the slot goes on");
            assertEquals(before + 1, l.runner.requests.size());
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void stoppingTheSchedulerCancelsItsRunsRatherThanLeaveThemPastTheirSlot(Dialect d) throws Exception {
        try (Lab l = new Lab(d)) {
            Reservation r = l.book("alice", "sim-mea0-o0", 10, 60);
            QueuedRun q = l.scheduler.submit(r.id(), "alice", ScriptSource.of("a.py", FakeRunner.script(60)));
            l.at(10);
            String runId = l.queued(q.id()).runId();
            l.scheduler.close();
            assertTrue(l.runner.cancelled.contains(runId));
            QueuedRun after = l.queued(q.id());
            assertEquals(QueueState.INTERRUPTED, after.state());
            assertTrue(after.detail().contains("scheduler stopped"), after.detail());
        }
    }
}
