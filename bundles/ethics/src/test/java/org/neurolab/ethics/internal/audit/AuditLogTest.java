package org.neurolab.ethics.internal.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurolab.ethics.internal.merkle.Merkle;

class AuditLogTest {
    @TempDir
    Path dir;

    private void write(int entries, int checkpointEvery) throws IOException {
        try (AuditLog log = AuditLog.open(dir, Clock.systemUTC(), checkpointEvery)) {
            for (int i = 0; i < entries; i++)
                log.append(new AuditEvent("user" + i, "stimulate", "org-" + i, i % 2 == 0 ? "allow" : "deny", "ethics",
                        List.of("stim.charge-per-phase"), "abc", i % 2 == 0 ? "" : "too much \"charge\"\n", "", "", "pulses=" + i, i));
        }
    }

    private LogVerifier.Report verify() throws IOException {
        return LogVerifier.verify(dir, CheckpointKeys.publicKey(dir.resolve(CheckpointKeys.PUBLIC)));
    }

    private List<String> lines() throws IOException {
        return new ArrayList<>(Files.readAllLines(dir.resolve(AuditLog.LOG)));
    }

    private void rewrite(List<String> lines) throws IOException {
        Files.writeString(dir.resolve(AuditLog.LOG), String.join("\n", lines) + "\n");
    }

    @Test
    void checkpoints_written_off_the_append_path_cover_exactly_their_sizes_even_under_concurrent_appends() throws Exception {
        try (AuditLog log = AuditLog.open(dir, Clock.systemUTC(), 5)) {
            Thread[] writers = new Thread[3];
            for (int w = 0; w < writers.length; w++) {
                int id = w;
                writers[w] = Thread.ofPlatform().start(() -> {
                    try {
                        for (int i = 0; i < 40; i++) log.append(AuditEvent.record("writer" + id, "x", "t" + i, "", "", "", "abc"));
                        if (id == 0) log.checkpoint(); // an explicit one in the middle of the background ones
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            }
            for (Thread t : writers) t.join();
        }
        LogVerifier.Report r = verify();
        assertTrue(r.ok(), r.problems().toString());
        assertEquals(120, r.entries());
        assertEquals(0, r.uncovered(), "closing signs the rest");
        assertTrue(r.checkpoints() >= 2, "background checkpoints were written: " + r.checkpoints());
    }

    @Test
    void an_intact_log_verifies_and_reopens_where_it_left_off() throws IOException {
        write(10, 4);
        LogVerifier.Report r = verify();
        assertTrue(r.ok(), r.problems().toString());
        assertEquals(10, r.entries());
        assertEquals(3, r.checkpoints(), "at 4, 8 and on close at 10");
        assertEquals(0, r.uncovered());
        try (AuditLog log = AuditLog.open(dir, Clock.systemUTC(), 4)) {
            assertEquals(10, log.size());
            assertEquals(10, log.append(AuditEvent.record("ethics-officer", "consent.put", "c-1", "new donor", "", "{}", "abc")));
        }
        assertTrue(verify().ok());
        assertTrue(lines().get(3).startsWith("{\"seq\":3,\"prev\":\""), lines().get(3));
        assertTrue(lines().get(1).contains("\"reason\":\"too much \\\"charge\\\"\\n\""), "escaped, one line: " + lines().get(1));
    }

    @Test
    void proofs_from_a_live_log_verify_against_its_checkpoint() throws IOException {
        try (AuditLog log = AuditLog.open(dir, Clock.systemUTC(), 100)) {
            for (int i = 0; i < 13; i++) log.append(AuditEvent.record("u", "note", "t" + i, "", "", "", ""));
            Checkpoint c5 = null;
            byte[] root13 = log.root();
            Checkpoint c = log.checkpoint();
            assertArrayEquals(root13, c.root());
            assertTrue(c.verify(CheckpointKeys.publicKey(dir.resolve(CheckpointKeys.PUBLIC))));
            for (int i = 0; i < 13; i++) assertTrue(Merkle.verifyInclusion(i, 13, log.leafHash(i), log.inclusionProof(i, 13), c.root()));
            byte[] root5 = Merkle.root(List.of(log.leafHash(0), log.leafHash(1), log.leafHash(2), log.leafHash(3), log.leafHash(4)));
            assertTrue(Merkle.verifyConsistency(5, 13, root5, c.root(), log.consistencyProof(5, 13)));
            assertFalse(Merkle.verifyConsistency(5, 13, root5, c.root(), log.consistencyProof(4, 13)), "a proof for other sizes");
            assertEquals(null, c5);
        }
    }

    @Test
    void editing_one_entry_is_found_and_located() throws IOException {
        write(10, 4);
        List<String> lines = lines();
        lines.set(5, lines.get(5).replace("\"actor\":\"user5\"", "\"actor\":\"mallory\""));
        rewrite(lines);
        LogVerifier.Report r = verify();
        assertFalse(r.ok());
        assertEquals("entry 5 (line 6) was altered: its hash no longer matches the link recorded in entry 6", r.problems().get(0));
        assertTrue(r.problems().stream().anyMatch(p -> p.contains("checkpoint 2 (size 8") && p.contains("4..7")), r.problems().toString());
    }

    @Test
    void editing_the_last_entry_is_found_by_the_checkpoint() throws IOException {
        write(10, 4);
        List<String> lines = lines();
        lines.set(9, lines.get(9).replace("pulses=9", "pulses=0"));
        rewrite(lines);
        LogVerifier.Report r = verify();
        assertFalse(r.ok());
        assertEquals(1, r.problems().size(), r.problems().toString());
        assertTrue(r.problems().get(0).contains("checkpoint 3 (size 10") && r.problems().get(0).contains("8..9"), r.problems().get(0));
    }

    @Test
    void deleting_one_entry_is_found_and_located() throws IOException {
        write(10, 4);
        List<String> lines = lines();
        lines.remove(3);
        rewrite(lines);
        LogVerifier.Report r = verify();
        assertFalse(r.ok());
        assertEquals("line 4: holds entry 4 where entry 3 belongs: entry 3 was deleted, or entries were reordered", r.problems().get(0));
    }

    @Test
    void deleting_the_tail_is_found() throws IOException {
        write(10, 4);
        List<String> lines = lines();
        rewrite(lines.subList(0, 9));
        LogVerifier.Report r = verify();
        assertFalse(r.ok());
        assertTrue(r.problems().get(0).contains("signed 10 entries but the log holds 9: entries 9..9 were deleted"), r.problems().toString());
    }

    @Test
    void reordering_two_entries_is_found_and_located() throws IOException {
        write(10, 4);
        List<String> lines = lines();
        Collections.swap(lines, 6, 7);
        rewrite(lines);
        LogVerifier.Report r = verify();
        assertFalse(r.ok());
        assertEquals("line 7: holds entry 7 where entry 6 belongs: entry 6 was deleted, or entries were reordered", r.problems().get(0));
    }

    @Test
    void a_forged_checkpoint_is_refused() throws IOException {
        write(4, 4);
        String cp = Files.readAllLines(dir.resolve(AuditLog.CHECKPOINTS)).get(0);
        Files.writeString(dir.resolve(AuditLog.CHECKPOINTS), cp.replaceFirst("^4 ", "3 ") + "\n");
        LogVerifier.Report r = verify();
        assertFalse(r.ok());
        assertTrue(r.problems().get(0).contains("bad signature"), r.problems().toString());
        Files.writeString(dir.resolve(AuditLog.CHECKPOINTS), "4 zz 2026 x\n");
        assertTrue(verify().problems().get(0).contains("malformed checkpoint"), verify().problems().toString());
    }

    @Test
    void a_checkpoint_signed_by_another_key_is_refused() throws Exception {
        write(4, 4);
        var other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        assertFalse(LogVerifier.verify(dir, other.getPublic()).ok());
    }

    @Test
    void a_torn_last_line_is_cut_on_open_but_a_tampered_log_is_not_written_to() throws IOException {
        write(5, 1);
        Files.writeString(dir.resolve(AuditLog.LOG), "{\"seq\":5,\"pr", StandardOpenOption.APPEND);
        assertTrue(verify().problems().get(0).contains("torn last entry"));
        try (AuditLog log = AuditLog.open(dir, Clock.systemUTC(), 1)) {
            assertEquals(5, log.size(), "the unacknowledged half entry is dropped");
        }
        assertTrue(verify().ok(), verify().problems().toString());

        List<String> lines = lines();
        lines.set(2, lines.get(2).replace("user2", "eve"));
        rewrite(lines);
        IOException e = assertThrows(IOException.class, () -> AuditLog.open(dir, Clock.systemUTC(), 1));
        assertTrue(e.getMessage().contains("entry 2 (line 3) was altered"), e.getMessage());
    }

    @Test
    void a_change_without_a_reason_is_not_recorded() {
        assertThrows(IllegalArgumentException.class, () -> AuditEvent.record("u", "policy.change", "p", " ", "1", "2", ""));
        assertThrows(IllegalArgumentException.class, () -> AuditEvent.record("u", "consent.delete", "c", "", "", "", ""));
    }

    @Test
    void the_verifier_command_reports_ok_and_damage_with_exit_codes() throws IOException {
        write(6, 2);
        assertEquals(0, run("verify", "--dir", dir.toString()));
        List<String> lines = lines();
        lines.set(1, lines.get(1).replace("user1", "user9"));
        rewrite(lines);
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertEquals(1, VerifyMain.run(new String[] {"verify", "--dir", dir.toString()}));
        } finally {
            System.setOut(old);
        }
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("DAMAGED") && out.toString(StandardCharsets.UTF_8).contains("entry 1 (line 2) was altered"), out.toString());
        assertEquals(2, run("verify", "--dir", dir.resolve("nowhere").toString()));
        assertEquals(2, run("verify", "--bogus", "x"));
    }

    private static int run(String... args) {
        return VerifyMain.run(args);
    }
}
