package org.neurolab.driver.intan.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Sample counter to lab time: anchors, lost samples, new runs. */
class LabTimelineTest {
    @Test
    void a_run_is_one_line_of_sample_count_over_rate() {
        LabTimeline t = new LabTimeline(30_000, 128);
        LabTimeline.Placement a = t.place(0, 1_000_000);
        assertEquals(1_000_000 - 4266, a.startMicros(), "the first block ends now");
        assertFalse(a.hasGap());
        LabTimeline.Placement b = t.place(128, 5_000_000); // arrived late: its time still follows from the count
        assertEquals(a.endMicros(), b.startMicros());
        assertEquals(128, b.firstSampleIndex());
    }

    @Test
    void a_run_the_driver_started_begins_when_it_was_told_to_run() {
        LabTimeline t = new LabTimeline(30_000, 128);
        t.newRun(900_000);
        LabTimeline.Placement a = t.place(0, 1_000_000); // arrived 100 ms after the command: a late first block
        assertEquals(900_000, a.startMicros(), "never later than the run command, so never ahead of the clock");
        t.newRun(800_000); // a command stamped before the data already delivered (a clock step)
        LabTimeline.Placement b = t.place(0, 1_500_000);
        assertEquals(a.endMicros(), b.startMicros(), "and never before the data already delivered");
    }

    @Test
    void blocks_of_a_run_that_went_by_before_the_stream_was_read_are_a_gap_and_the_counter_keeps_its_place() {
        LabTimeline t = new LabTimeline(30_000, 128);
        t.newRun(1_000_000);
        LabTimeline.Placement p = t.place(640, 1_100_000);
        assertEquals(640, p.firstSampleIndex(), "index = the run's sample counter");
        assertEquals(1_000_000 + 640 * 1_000_000L / 30_000, p.startMicros());
        assertEquals(1_000_000, p.gapFromMicros());
        assertEquals(p.startMicros(), p.gapToMicros());
    }

    @Test
    void lost_samples_and_new_runs_are_gaps_and_the_watermark_never_goes_back() {
        LabTimeline t = new LabTimeline(30_000, 128);
        t.place(0, 1_000_000);
        LabTimeline.Placement jump = t.place(384, 1_010_000);
        assertTrue(jump.hasGap());
        assertEquals(256 * 1_000_000L / 30_000, jump.gapToMicros() - jump.gapFromMicros(), 1);
        assertEquals(384, jump.firstSampleIndex());
        long mark = t.watermark();
        t.newRun(-1);
        LabTimeline.Placement run = t.place(0, 3_000_000);
        assertTrue(run.newRun() && run.hasGap());
        assertEquals(mark, run.gapFromMicros());
        assertEquals(run.gapToMicros(), run.startMicros());
        assertTrue(run.firstSampleIndex() > 512, "indices jump with the gap");
        t.newRun(-1);
        LabTimeline.Placement early = t.place(0, 0); // the lab clock behind the data: no going back
        assertEquals(t.watermark() - 4266, early.startMicros(), 1);
        assertTrue(early.startMicros() >= run.endMicros());
    }
}
