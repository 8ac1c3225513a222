package org.neurolab.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ManualLabClockTest {
    @Test
    void a_wait_ends_only_when_the_test_has_moved_the_clock_far_enough() throws Exception {
        ManualLabClock clock = new ManualLabClock();
        CompletableFuture<Long> waited = CompletableFuture.supplyAsync(() -> {
            try {
                clock.awaitMicros(1_000);
                return clock.nowMicros();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        clock.set(999);
        assertTrue(!waited.isDone() || waited.get() >= 1_000, "a wait for 1000 µs cannot end at 999");
        clock.advance(1);
        assertEquals(1_000, waited.get(30, TimeUnit.SECONDS));
    }

    @Test
    void a_jumping_clock_moves_to_what_is_waited_for_and_never_back() throws Exception {
        ManualLabClock clock = ManualLabClock.jumpingOnWait(1_780_000_000_000L);
        clock.awaitMicros(5_000);
        assertEquals(5_000, clock.nowMicros());
        clock.awaitMicros(10);
        assertEquals(5_000, clock.nowMicros());
        assertEquals(1_780_000_000_000L, clock.epochMillis());
    }
}
