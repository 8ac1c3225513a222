package org.neurolab.scheduling.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.neurolab.scheduling.BookingRequest;
import org.neurolab.scheduling.Reservation;
import org.neurolab.scheduling.SchedulingConflictException;

/**
 * Two lab runtimes (two schedulers, each with its own connection) on one PostgreSQL schema, booking at the same
 * moment: the database's lock rows let exactly one booking of a culture's slot through.
 */
class ConcurrentBookingTest {
    static final Instant T0 = LabSchedulerTest.T0;

    @Test
    void twoRuntimesOnOnePostgresCannotDoubleBookACulture() throws Exception {
        try (ScheduleTarget target = ScheduleTarget.create(Dialect.POSTGRES); ScheduleStore storeA = target.open(); ScheduleStore storeB = target.open()) {
            MutableClock clock = new MutableClock(T0);
            FakeLab lab = new FakeLab();
            SchedulingSettings settings = new SchedulingSettings(true, Duration.ofHours(100), Map.of(), Duration.ofHours(24), 36, 38, 4.5, 5.5, 1, Duration.ZERO,
                    Map.of(), "rt-a");
            LabScheduler a = new LabScheduler(storeA, clock, lab, new FakeRunner(), new ConcurrentHashMap<>(), settings);
            LabScheduler b = new LabScheduler(storeB, clock, lab, new FakeRunner(), new ConcurrentHashMap<>(), settings);

            int rounds = 20;
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                for (int round = 0; round < rounds; round++) {
                    Instant start = T0.plus(Duration.ofHours(1 + round));
                    CountDownLatch go = new CountDownLatch(1);
                    List<Future<Reservation>> attempts = new ArrayList<>();
                    // per round: both runtimes book the same organoid, and the whole array, for overlapping slots
                    attempts.add(pool.submit(attempt(go, a, new BookingRequest("alice", "sim-mea0-o0", start, start.plus(Duration.ofMinutes(30)), "research"))));
                    attempts.add(pool.submit(attempt(go, b, new BookingRequest("bob", "sim-mea0-o0", start.plus(Duration.ofMinutes(10)), start.plus(Duration.ofMinutes(40)), "research"))));
                    attempts.add(pool.submit(attempt(go, a, new BookingRequest("carol", "sim/mea0", start.plus(Duration.ofMinutes(20)), start.plus(Duration.ofMinutes(50)), "research"))));
                    attempts.add(pool.submit(attempt(go, b, new BookingRequest("dave", "sim/mea0", start.plus(Duration.ofMinutes(15)), start.plus(Duration.ofMinutes(25)), "research"))));
                    go.countDown();
                    int won = 0;
                    for (Future<Reservation> f : attempts) if (f.get() != null) won++;
                    assertEquals(1, won, "round " + round + ": every attempt overlaps every other on sim-mea0-o0, so exactly one may win");
                }
            } finally {
                pool.shutdownNow();
            }
            List<Reservation> all = a.reservations(T0, T0.plus(Duration.ofDays(2)));
            assertEquals(rounds, all.size());
            for (int i = 0; i < all.size(); i++)
                for (int j = i + 1; j < all.size(); j++)
                    assertTrue(!all.get(i).end().isAfter(all.get(j).start()) || !all.get(j).end().isAfter(all.get(i).start()), all.get(i) + " overlaps " + all.get(j));
        }
    }

    private static Callable<Reservation> attempt(CountDownLatch go, LabScheduler scheduler, BookingRequest request) {
        return () -> {
            go.await();
            try {
                return scheduler.book(request);
            } catch (SchedulingConflictException e) {
                return null;
            }
        };
    }
}
