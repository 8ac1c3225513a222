package org.neurolab.ethics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurolab.api.control.Caller;
import org.neurolab.api.control.CommandRecord;
import org.neurolab.api.control.CommandRequest;
import org.neurolab.api.control.Stimulate;
import org.neurolab.api.lab.CultureState;
import org.neurolab.api.lab.Organoid;
import org.neurolab.api.lab.Provenance;
import org.neurolab.api.stimulation.Polarity;
import org.neurolab.api.stimulation.Pulse;
import org.neurolab.api.stimulation.PulseTrain;
import org.neurolab.ethics.internal.audit.AuditReader;
import org.neurolab.ethics.internal.audit.CheckpointKeys;
import org.neurolab.ethics.internal.audit.LogVerifier;

/** The audit journal as code outside the bundle opens it: the lab's journal and Merkle log, checkpoints signed. */
class StandaloneAuditTest {
    @TempDir
    Path dir;

    static CommandRequest stimulation() {
        Organoid o = new Organoid("o1", "m/0", List.of(0, 1), new Provenance("SIM-iPSC", "B", "c", LocalDate.of(2026, 1, 1)), CultureState.ACTIVE);
        return new CommandRequest("c1", "s1", new Caller("alice", Set.of("researcher"), "research"),
                new Stimulate("o1", List.of(0), PulseTrain.single(Pulse.biphasic(Polarity.CATHODIC_FIRST, 10, 200, 0))), o, 1_000_000);
    }

    @Test
    void decisions_are_written_as_the_lab_writes_them_and_the_log_verifies_against_its_checkpoints() throws Exception {
        try (StandaloneAudit audit = StandaloneAudit.open(dir, 2)) {
            audit.append(new CommandRecord(stimulation(), true, "ethics", "", List.of("consent.v1")));
            audit.append(new CommandRecord(stimulation(), false, "ethics", "no consent", List.of()));
            audit.append(new CommandRecord(stimulation(), true, "ethics", "", List.of()));
            audit.checkpoint();
            assertEquals(3, audit.size());
        }
        List<AuditEntry> entries = new ArrayList<>();
        AuditReader.forEach(dir, entries::add);
        assertEquals(List.of("allow", "deny", "allow"), entries.stream().map(AuditEntry::decision).toList());
        assertEquals("alice", entries.get(1).actor());
        assertEquals("no consent", entries.get(1).reason());
        LogVerifier.Report report = LogVerifier.verify(dir, CheckpointKeys.publicKey(dir.resolve(CheckpointKeys.PUBLIC)));
        assertTrue(report.ok(), report.problems().toString());
        assertEquals(3, report.lastCheckpointSize(), "the checkpoint asked for covers every entry");
        try (StandaloneAudit again = StandaloneAudit.open(dir, 2)) {
            assertEquals(3, again.size(), "a reopened log goes on from its entries");
        }
    }

    @Test
    void a_checkpoint_interval_below_one_is_refused() {
        var e = assertThrows(IllegalArgumentException.class, () -> StandaloneAudit.open(dir, 0));
        assertTrue(e.getMessage().contains("checkpointEvery"), e.getMessage());
    }
}
