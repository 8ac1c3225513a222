package org.neurolab.console.internal.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LogLimiterTest {
    @Test
    void a_cause_gets_its_lines_per_window_and_the_next_window_says_how_many_were_left_out() {
        AtomicLong now = new AtomicLong();
        LogLimiter limiter = new LogLimiter(3, 60_000, now::get);
        for (int i = 0; i < 3; i++) assertEquals(0, limiter.admit("npe GET /api/x"));
        for (int i = 0; i < 1000; i++) assertEquals(-1, limiter.admit("npe GET /api/x"));
        assertEquals(0, limiter.admit("other cause"), "another cause is not held up");
        now.addAndGet(60_000);
        assertEquals(1000, limiter.admit("npe GET /api/x"));
        assertEquals(0, limiter.admit("npe GET /api/x"));
    }

    @Test
    void invented_causes_cannot_grow_the_table_without_end() {
        LogLimiter limiter = new LogLimiter(1, 60_000, () -> 0);
        int written = 0;
        for (int i = 0; i < 100_000; i++) if (limiter.admit("cause-" + i) >= 0) written++;
        assertEquals(LogLimiter.MAX_CAUSES + 1, written, "past the table's size every new cause shares one budget");
    }
}
