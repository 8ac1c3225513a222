package org.neurolab.scheduling.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The neurolab commands against a scheduler on H2 (the management socket only carries their text). */
class SchedulingCommandsTest {
    @TempDir
    Path dir;

    record Out(int exit, String text) {
    }

    @Test
    void bookListSubmitQueueAndCancelFromTheCommandLine() throws Exception {
        try (LabSchedulerTest.Lab l = new LabSchedulerTest.Lab(Dialect.H2)) {
            SchedulingCommands commands = new SchedulingCommands(l.scheduler);
            java.util.function.BiFunction<String, String, Out> run = (name, args) -> {
                List<String> lines = new ArrayList<>();
                int exit = commands.run(name, args, lines::add);
                return new Out(exit, String.join("\n", lines));
            };
            // T0 is 2026-12-01T08:00Z = 09:00 in Zurich
            Out booked = run.apply("book", "sim-mea0-o0 2026-12-01T09:10+01:00[Europe/Zurich] 2026-12-01T08:40Z --user alice --zone Europe/Zurich");
            assertEquals(0, booked.exit(), booked.text());
            assertTrue(booked.text().contains("2026-12-01 09:10:00 +01:00 [Europe/Zurich] .. 2026-12-01 09:40:00 +01:00 [Europe/Zurich]"), booked.text());
            Out clash = run.apply("book", "sim/mea0 2026-12-01T08:30Z 2026-12-01T09:00Z --user bob");
            assertEquals(1, clash.exit(), clash.text());
            assertTrue(clash.text().startsWith("REFUSED") && clash.text().contains("reservation 1"), clash.text());
            Out noZone = run.apply("book", "sim-mea0-o1 2026-12-01T10:00 2026-12-01T11:00");
            assertEquals(2, noZone.exit(), noZone.text());
            assertTrue(noZone.text().contains("'2026-12-01T10:00' has no time zone"), noZone.text());
            Out list = run.apply("reservations", "--from 2026-12-01T08:00Z --zone America/New_York");
            assertTrue(list.text().contains("reservation 1  sim-mea0-o0  alice  2026-12-01 03:10:00 -05:00"), list.text());

            Path script = Files.writeString(dir.resolve("a.py"), FakeRunner.script(60));
            Out submitted = run.apply("submit", "1 " + script + " --user alice");
            assertEquals(0, submitted.exit(), submitted.text());
            assertTrue(submitted.text().contains("queued run 1 (a.py, dry run 60.0 s) in reservation 1"), submitted.text());
            l.at(10);
            Out queue = run.apply("queue", "--zone UTC");
            assertTrue(queue.text().contains("1  RUNNING  a.py  reservation 1  alice") && queue.text().contains("started"), queue.text());
            Out cancelled = run.apply("cancel", "1 --user alice");
            assertEquals(0, cancelled.exit(), cancelled.text());
            assertTrue(cancelled.text().contains("CANCELLED by alice"), cancelled.text());
            assertTrue(run.apply("queue", "").text().contains("1  CANCELLED"));

            Out added = run.apply("maintenance", "add impedance-check sim-mea1-o0 2026-12-02T06:00Z 1440 10");
            assertTrue(added.text().contains("status: cannot run: no maintenance task service 'impedance-check' is installed"), added.text());
            assertTrue(run.apply("maintenance", "").text().contains("maintenance job 1  impedance-check  sim-mea1-o0  every 1440 min for 10 min"));
            Out bad = run.apply("cancel", "twelve");
            assertEquals(2, bad.exit(), bad.text());
            assertTrue(bad.text().contains("reservation id must be a whole number, was 'twelve'"), bad.text());
            assertTrue(l.clock.instant().isBefore(LabSchedulerTest.T0.plus(Duration.ofHours(1))));
        }
    }
}
