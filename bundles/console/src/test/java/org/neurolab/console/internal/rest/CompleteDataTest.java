package org.neurolab.console.internal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurolab.api.control.DataSourceHealth;
import org.neurolab.recording.Acknowledged;
import org.neurolab.recording.RecordingInfo;
import org.neurolab.recording.RecordingProvenance;
import org.neurolab.recording.RecordingState;
import org.neurolab.recording.RecordingStatus;

/** Where queries that end at "now" end: at the recording's committed complete data, never past an array's watermark. */
class CompleteDataTest {
    static RecordingInfo recording(Long stopped, Long complete) {
        return new RecordingInfo(7, 1_000_000, stopped, 0, List.of("sim/mea0", "sim/mea1"), List.of("sim/mea0-o0"), false, RecordingProvenance.none(), "",
                stopped == null ? RecordingState.RUNNING : RecordingState.STOPPED, "alice", Acknowledged.NONE, null, null, complete, 0, 0);
    }

    static RecordingStatus running(Long complete) {
        return new RecordingStatus(7, true, 0, -1, 0, 0, 0, "", null, 0, 0, complete, 0);
    }

    static DataSourceHealth health(String mea, long watermark) {
        return new DataSourceHealth(mea, watermark, 0, 1.0, 0, 0, "", false, "");
    }

    @Test
    void a_running_recording_is_answered_up_to_its_committed_complete_data() {
        var a = CompleteData.of(recording(null, null), running(9_000_000L), List.of(health("sim/mea0", 9_500_000), health("sim/mea1", 12_000_000)));
        assertEquals(9_000_000L, a.completeUpToMicros());
        assertEquals(9_000_000L, a.endMicros());
    }

    @Test
    void never_past_an_array_s_watermark_now_and_arrays_of_other_recordings_do_not_count() {
        var a = CompleteData.of(recording(null, null), running(9_000_000L),
                List.of(health("sim/mea0", 8_000_000), health("sim/mea5", 1_000), health("sim/mea1", Long.MIN_VALUE)));
        assertEquals(8_000_000L, a.completeUpToMicros());
    }

    @Test
    void nothing_committed_yet_answers_nothing_and_says_it_does_not_know() {
        var a = CompleteData.of(recording(null, null), running(null), List.of());
        assertNull(a.completeUpToMicros());
        assertEquals(1_000_000L, a.endMicros(), "the recording's start: an empty answer, not one from data still on its way");
    }

    @Test
    void a_stopped_recording_is_answered_as_far_as_it_holds_and_says_how_far_it_is_complete() {
        var a = CompleteData.of(recording(20_000_000L, 19_900_000L), null, List.of(health("sim/mea0", 50_000_000)));
        assertEquals(19_900_000L, a.completeUpToMicros());
        assertEquals(20_000_001L, a.endMicros());
    }
}
