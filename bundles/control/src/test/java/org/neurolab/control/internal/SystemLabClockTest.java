package org.neurolab.control.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemLabClockTest {
    @TempDir
    Path home;

    @Test
    void lab_time_goes_on_across_restarts_and_never_repeats_an_instant() throws Exception {
        Path file = home.resolve("control/lab-clock.properties");
        SystemLabClock first = new SystemLabClock(file);
        Thread.sleep(20);
        long endOfFirst = first.nowMicros();
        long epoch = first.epochMillis();
        first.deactivate();

        SystemLabClock second = new SystemLabClock(file);
        assertEquals(epoch, second.epochMillis(), "one epoch per lab home: the first start's");
        assertTrue(second.nowMicros() > endOfFirst, "the second start's lab time begins after the first's last instant");
        second.deactivate();
    }

    @Test
    void a_wall_clock_that_went_back_does_not_make_lab_time_repeat() throws Exception {
        Path file = home.resolve("lab-clock.properties");
        // a previous start reached lab time one hour past what the wall clock now says
        long epoch = System.currentTimeMillis() - 60_000;
        long reached = 60_000_000L + 3_600_000_000L;
        Files.writeString(file, "epochMillis=" + epoch + "\nreachedMicros=" + reached + "\n");
        SystemLabClock clock = new SystemLabClock(file);
        assertTrue(clock.nowMicros() > reached, "continues from the last instant reached");
        clock.deactivate();
    }

    @Test
    void an_unreadable_clock_file_stops_the_start_with_what_to_do() throws Exception {
        Path file = home.resolve("lab-clock.properties");
        Files.writeString(file, "epochMillis=not-a-number\n");
        var e = assertThrows(RuntimeException.class, () -> new SystemLabClock(file));
        assertTrue(e.getMessage().contains("restore it from a backup"), e.getMessage());
    }
}
