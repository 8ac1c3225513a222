package org.neurolab.ethics.tripwire;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.neurolab.api.signal.SpikeBatch;

class CultureActivityTest {
    static final TripwireLimits LIMITS = new TripwireLimits(10_000_000L, 3, 10_000L, 0.75, 20);
    static final Set<Integer> ELECTRODES = Set.of(0, 1, 2, 3, 4, 5, 6, 7);

    static SpikeBatch spikes(long t, int... electrodes) {
        long[] times = new long[electrodes.length];
        java.util.Arrays.fill(times, t);
        return new SpikeBatch("m", electrodes.length, electrodes, times, new float[electrodes.length]);
    }

    @Test
    void healthy_activity_does_not_trip() {
        CultureActivity a = new CultureActivity("o1", ELECTRODES, LIMITS);
        for (long t = 0; t <= 30_000_000; t += 100_000) { // an event every 100 ms on rotating electrodes, a small burst each 5 s
            a.add(spikes(t, (int) (t / 100_000 % 8)));
            if (t % 5_000_000 == 0) a.add(spikes(t + 3_000, 0, 1, 2, 3, 4, 5, 6));
            a.advanceTo(t);
            assertNull(a.tripped(), "at " + t);
        }
    }

    @Test
    void silence_is_judged_only_where_the_data_is_complete() {
        CultureActivity a = new CultureActivity("o1", ELECTRODES, LIMITS);
        for (long t = 0; t < 5_000_000; t += 100_000) a.add(spikes(t, 1));
        a.complete(5_000_000);
        a.advanceToComplete();
        // lab time runs on to 60 s, but the array's data is complete only to 5 s: no judgement of what has not arrived
        for (int i = 0; i < 100; i++) a.advanceToComplete();
        assertNull(a.tripped(), "late data is not silence");
        a.complete(16_000_000);
        a.advanceToComplete();
        assertTrue(a.tripped() != null && a.tripped().startsWith("loss of activity"), "once the data is in, real silence trips");
    }

    @Test
    void a_gap_in_the_data_is_never_read_as_silence() {
        CultureActivity a = new CultureActivity("o1", ELECTRODES, LIMITS);
        for (long t = 0; t < 5_000_000; t += 100_000) a.add(spikes(t, 1));
        a.complete(5_000_000);
        a.advanceToComplete();
        a.gap(30_000_000); // 25 s of data missing for good (the rig shed them)
        for (long t = 30_000_000; t < 36_000_000; t += 100_000) a.add(spikes(t, 2));
        a.complete(36_000_000);
        a.advanceToComplete();
        assertNull(a.tripped(), "the window starts afresh after the gap");
    }

    @Test
    void nothing_is_judged_before_a_whole_window() {
        CultureActivity a = new CultureActivity("o1", ELECTRODES, LIMITS);
        a.advanceTo(0);
        a.advanceTo(9_999_999);
        assertNull(a.tripped());
    }

    @Test
    void silence_after_activity_is_loss_of_activity_at_the_boundary() {
        CultureActivity a = new CultureActivity("o1", ELECTRODES, LIMITS);
        for (long t = 0; t < 5_000_000; t += 100_000) a.add(spikes(t, 1));
        a.advanceTo(5_000_000);
        // three events in the window is still enough...
        a.add(spikes(14_000_000, 2));
        a.add(spikes(14_500_000, 2));
        a.add(spikes(14_900_000, 2));
        a.advanceTo(15_000_000);
        assertNull(a.tripped(), "exactly the minimum passes");
        a.advanceTo(24_500_000);
        // ...the window now holds two of them
        String why = a.tripped();
        assertTrue(why != null && why.startsWith("loss of activity: 2 events on o1"), why);
    }

    @Test
    void a_culture_that_never_fired_is_not_held_for_losing_activity() {
        CultureActivity a = new CultureActivity("o1", ELECTRODES, LIMITS);
        a.advanceTo(0);
        a.advanceTo(60_000_000);
        assertNull(a.tripped());
    }

    @Test
    void electrodes_firing_together_again_and_again_is_abnormal_synchrony() {
        CultureActivity a = new CultureActivity("o1", ELECTRODES, LIMITS);
        String why = null;
        for (long t = 0; t <= 12_000_000 && why == null; t += 200_000) { // all 8 electrodes within one bin, 5 times a second
            a.add(spikes(t, 0, 1, 2, 3, 4, 5, 6, 7));
            a.advanceTo(t);
            why = a.tripped();
        }
        assertTrue(why != null && why.startsWith("abnormal synchrony"), why);
    }

    @Test
    void spikes_on_other_electrodes_do_not_count() {
        CultureActivity a = new CultureActivity("o1", Set.of(0, 1), LIMITS);
        for (long t = 0; t < 5_000_000; t += 100_000) a.add(spikes(t, 0));
        for (long t = 5_000_000; t <= 20_000_000; t += 100_000) a.add(spikes(t, 9)); // another culture's electrode
        a.advanceTo(20_000_000);
        assertTrue(a.tripped() != null && a.tripped().startsWith("loss of activity: 0 events"));
    }
}
