package org.neurolab.scripting.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurolab.scripting.Language;
import org.neurolab.scripting.RunEvent;
import org.neurolab.scripting.RunRecord;
import org.neurolab.scripting.RunState;

/** Run records on disk: a finished run comes back whole after a restart, one cut by a crash as INTERRUPTED. */
class RunJournalTest {
    @TempDir
    Path dir;

    static RunRecord run(String id, RunState state, Instant queued) {
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("recording", 12);
        results.put("rates", List.of(1.5, 2.5));
        results.put("fit", Map.of("slope", 0.25, "ok", true));
        return new RunRecord(id, state, "sweep.py", Language.PYTHON, "sha256:abc", "rita", List.of("sim-mea0-o1"), queued, queued.plusSeconds(1),
                state.isFinal() ? queued.plusSeconds(9) : null, 8_000_000, "step 1\nstep 2 µV\n", state == RunState.FAILED ? "line 3: no" : "", 3, results,
                Map.of("script.sha256", "abc", "bundle.org.neurolab.scripting", "1.4.0"),
                List.of(new RunEvent(queued, "queued", ""), new RunEvent(queued.plusSeconds(1), "started", "")));
    }

    @Test
    void a_finished_run_comes_back_as_it_was() throws Exception {
        Instant t = Instant.parse("2026-12-04T10:00:00Z");
        RunRecord done = run("r1-1", RunState.SUCCEEDED, t);
        new RunJournal(dir).save(done);
        List<RunRecord> back = new RunJournal(dir).load(t.plusSeconds(3600));
        assertEquals(1, back.size());
        RunRecord r = back.get(0);
        assertEquals(done.id(), r.id());
        assertEquals(RunState.SUCCEEDED, r.state());
        assertEquals(done.output(), r.output());
        assertEquals(done.queuedAt(), r.queuedAt());
        assertEquals(done.endedAt(), r.endedAt());
        assertEquals(done.organoids(), r.organoids());
        assertEquals(12, ((Number) r.results().get("recording")).intValue());
        assertEquals(List.of(1.5, 2.5), r.results().get("rates"));
        assertEquals(Map.of("slope", 0.25, "ok", true), r.results().get("fit"));
        assertEquals(done.provenance(), r.provenance());
        assertEquals(done.history(), r.history());
        assertEquals(done.labMicros(), r.labMicros());
    }

    @Test
    void a_run_cut_by_a_crash_is_interrupted_ended_when_the_lab_last_saw_it() throws Exception {
        Instant t = Instant.parse("2026-12-04T10:00:00Z");
        RunJournal j = new RunJournal(dir);
        j.save(run("r1-2", RunState.RUNNING, t));
        Instant lastSeen = t.plusSeconds(40);
        j.touch(List.of("r1-2"), lastSeen);
        assertEquals(FileTime.from(lastSeen), Files.getLastModifiedTime(dir.resolve("r1-2.json")));
        RunRecord r = new RunJournal(dir).load(t.plusSeconds(600)).get(0);
        assertEquals(RunState.INTERRUPTED, r.state());
        assertTrue(r.state().isFinal());
        assertEquals(lastSeen, r.endedAt(), "ended when the lab last saw it going");
        assertTrue(r.error().contains("the lab stopped while this run was running") && r.error().contains(lastSeen.toString()), r.error());
        assertEquals("interrupted", r.history().get(r.history().size() - 1).event());
        assertEquals("step 1\nstep 2 µV\n", r.output(), "what it printed before the last change of state is kept");
        RunRecord again = new RunJournal(dir).load(t.plusSeconds(900)).get(0);
        assertEquals(RunState.INTERRUPTED, again.state(), "marked once, on disk");
        assertEquals(r.history().size(), again.history().size());
    }

    @Test
    void a_file_that_cannot_be_read_is_left_and_the_others_load() throws Exception {
        Instant t = Instant.parse("2026-12-04T10:00:00Z");
        RunJournal j = new RunJournal(dir);
        j.save(run("r1-3", RunState.FAILED, t));
        Files.writeString(dir.resolve("r1-4.json"), "{\"id\": \"r1-4\", \"state\": "); // cut short
        List<RunRecord> back = new RunJournal(dir).load(t);
        assertEquals(List.of("r1-3"), back.stream().map(RunRecord::id).toList());
        assertTrue(Files.exists(dir.resolve("r1-4.json")), "left for a person to look at");
        j.remove("r1-3");
        assertFalse(Files.exists(dir.resolve("r1-3.json")));
        assertTrue(new RunJournal(dir).load(t).isEmpty());
    }
}
