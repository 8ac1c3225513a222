package org.neurolab.recording.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A configuration file seen while it is written, cut, or emptied is named as such and never taken. */
class RecordingSettingsTest {
    static final String FILE = "felix.fileinstall.filename";

    @Test
    void a_whole_file_is_taken() {
        var p = RecordingSettings.parse(Map.of(FILE, "x", "service.pid", "org.neurolab.recording", "neurolab.journal.name", "recording",
                "osgi.ds.satisfying.condition.target", "(osgi.condition.id=true)", "autoRecord", "all", "rawTraces", "true",
                "thresholdSigmas", "5", "commitMillis", "50", "jdbcUrl", "jdbc:postgresql://127.0.0.1:5432/test"));
        assertTrue(p.ok(), p.problems().toString());
        assertEquals("all", p.settings().autoRecord());
        assertTrue(p.settings().rawTraces());
        assertEquals(5.0, p.settings().thresholdSigmas());
        assertEquals(50, p.settings().commitMillis());
    }

    @Test
    void an_empty_file_is_not_taken() {
        var p = RecordingSettings.parse(Map.of(FILE, "x", "service.pid", "org.neurolab.recording"));
        assertFalse(p.ok());
        assertTrue(p.problems().get(0).contains("empty"), p.problems().toString());
    }

    @Test
    void a_file_cut_mid_key_or_mid_value_is_not_taken_and_each_problem_is_named() {
        var cutKey = RecordingSettings.parse(Map.of(FILE, "x", "autoRecord", "all", "rawTra", ""));
        assertFalse(cutKey.ok());
        assertTrue(cutKey.problems().get(0).contains("unknown key 'rawTra'"), cutKey.problems().toString());
        var cutValue = RecordingSettings.parse(Map.of(FILE, "x", "rawTraces", "tr", "thresholdSigmas", "", "jdbcUrl", "jdbc:postgresql://127.0.0.1:54"));
        assertEquals(3, cutValue.problems().size(), cutValue.problems().toString());
        assertTrue(String.join(";", cutValue.problems()).contains("rawTraces must be true or false, was 'tr'"));
        assertTrue(String.join(";", cutValue.problems()).contains("thresholdSigmas must be a number"));
        assertTrue(String.join(";", cutValue.problems()).contains("jdbcUrl names no database"));
        var range = RecordingSettings.parse(Map.of(FILE, "x", "commitMillis", "0", "telemetryPeriodMillis", "-5"));
        assertEquals(2, range.problems().size(), range.problems().toString());
    }

    @Test
    void what_needs_a_new_store_or_a_new_automatic_recording_is_told_apart() {
        RecordingSettings a = RecordingSettings.parse(Map.of(FILE, "x", "autoRecord", "all")).settings();
        RecordingSettings b = RecordingSettings.parse(Map.of(FILE, "x", "autoRecord", "all", "telemetryPeriodMillis", "500")).settings();
        RecordingSettings c = RecordingSettings.parse(Map.of(FILE, "x", "autoRecord", "all", "commitMillis", "40")).settings();
        RecordingSettings t = RecordingSettings.parse(Map.of(FILE, "x", "autoRecord", "all", "thresholdSigmas", "5")).settings();
        RecordingSettings d = RecordingSettings.parse(Map.of(FILE, "x", "autoRecord", "all", "jdbcUrl", "jdbc:postgresql://h:5432/db")).settings();
        assertTrue(a.sameStore(b) && a.sameAutomaticRecording(b), "telemetry alone restarts neither");
        assertFalse(a.sameAutomaticRecording(c));
        assertTrue(a.sameAutomaticRecording(t), "detection is the signal path's: its old keys restart nothing");
        assertTrue(a.sameStore(c));
        assertFalse(a.sameStore(d));
    }
}
