package org.neurolab.control.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.neurolab.api.control.Caller;
import org.neurolab.api.control.CommandGuard;
import org.neurolab.api.control.CommandJournal;
import org.neurolab.api.control.CommandRecord;
import org.neurolab.api.control.CommandRefusedException;
import org.neurolab.api.control.CommandRequest;
import org.neurolab.api.control.GuardDecision;
import org.neurolab.api.control.Stimulate;
import org.neurolab.api.lab.CultureState;
import org.neurolab.api.lab.Organoid;
import org.neurolab.api.lab.Provenance;
import org.neurolab.api.stimulation.Polarity;
import org.neurolab.api.stimulation.Pulse;
import org.neurolab.api.stimulation.PulseTrain;

class GuardBoardTest {
    static final CommandRequest REQUEST = new CommandRequest("c1", "s1", new Caller("ana", Set.of("researcher"), "research"),
            new Stimulate("o1", List.of(0), PulseTrain.single(Pulse.biphasic(Polarity.CATHODIC_FIRST, 2, 200, 0))),
            new Organoid("o1", "rig1/mea0", List.of(0, 1), new Provenance("L1", "B1", "C1", LocalDate.of(2026, 1, 1)), CultureState.ACTIVE), 0);

    final GuardBoard board = new GuardBoard();

    @Test
    void with_no_guards_and_none_required_commands_pass() {
        assertTrue(board.decide(REQUEST).allowed());
    }

    @Test
    void a_missing_required_guard_refuses_and_names_it() {
        board.configure(Set.of("ethics", "scheduling"), Set.of());
        board.addGuard(r -> GuardDecision.allow(), Map.of(CommandGuard.NAME, "ethics"));
        CommandRecord r = board.decide(REQUEST);
        assertFalse(r.allowed());
        assertEquals("control", r.decidedBy());
        assertTrue(r.reason().contains("[scheduling]"), r.reason());
        assertEquals(List.of("scheduling"), board.missingGuards());
    }

    @Test
    void a_required_guard_or_journal_counts_only_from_the_labs_own_bundles() throws Exception {
        board.configure(Set.of("ethics"), Set.of("audit"));
        java.util.List<org.neurolab.api.control.CommandRecord> heard = new java.util.ArrayList<>();
        board.addGuard(r -> GuardDecision.allow(), Map.of(CommandGuard.NAME, "ethics"), false, "bundle 42 (evil 1.0)");
        board.addJournal(heard::add, Map.of(org.neurolab.api.control.CommandJournal.NAME, "audit"), false, "bundle 42 (evil 1.0)");
        assertEquals(java.util.List.of("ethics"), board.missingGuards());
        assertEquals(java.util.List.of("audit"), board.missingJournals());
        var d = board.decide(REQUEST);
        assertTrue(!d.allowed() && d.reason().contains("not the lab's own") && d.reason().contains("bundle 42"), d.reason());
        board.journalRefusal(d);
        assertEquals(java.util.List.of(), heard, "a stranger's journal hears nothing of the lab's commands");
        board.addGuard(r -> GuardDecision.allow(), Map.of(CommandGuard.NAME, "ethics"), true, "bundle 7 (org.neurolab.ethics)");
        board.addJournal(r -> { }, Map.of(org.neurolab.api.control.CommandJournal.NAME, "audit"), true, "bundle 7 (org.neurolab.ethics)");
        assertTrue(board.decide(REQUEST).allowed(), "the lab's own guard and journal count");
        assertEquals(2, board.strangers().size());
    }

    @Test
    void first_refusal_wins_and_carries_its_policy() {
        board.addGuard(r -> GuardDecision.allow(List.of("p-ok")), Map.of(CommandGuard.NAME, "a"));
        board.addGuard(r -> GuardDecision.deny("charge per phase 5 nC over 4 nC", "limit.charge"), Map.of(CommandGuard.NAME, "ethics"));
        CommandRecord r = board.decide(REQUEST);
        assertFalse(r.allowed());
        assertEquals("ethics", r.decidedBy());
        assertEquals(List.of("limit.charge"), r.policyIds());
    }

    @Test
    void a_guard_that_throws_or_says_nothing_refuses() {
        CommandGuard failing = r -> {
            throw new IllegalStateException("db down");
        };
        board.addGuard(failing, Map.of(CommandGuard.NAME, "ethics"));
        assertTrue(board.decide(REQUEST).reason().contains("db down"));
        board.removeGuard(failing);
        board.addGuard(r -> null, Map.of(CommandGuard.NAME, "quiet"));
        assertFalse(board.decide(REQUEST).allowed());
    }

    @Test
    void allowed_decision_collects_the_policies_consulted() {
        board.addGuard(r -> GuardDecision.allow(List.of("p1")), Map.of(CommandGuard.NAME, "a"));
        board.addGuard(r -> GuardDecision.allow(List.of("p2")), Map.of(CommandGuard.NAME, "b"));
        assertEquals(List.of("p1", "p2"), board.decide(REQUEST).policyIds());
    }

    @Test
    void journals_receive_decisions_and_a_failing_journal_stops_the_command() throws Exception {
        List<CommandRecord> seen = new ArrayList<>();
        board.addJournal(seen::add, Map.of(CommandJournal.NAME, "audit"));
        CommandRecord allowed = board.decide(REQUEST);
        board.journal(allowed);
        assertEquals(List.of(allowed), seen);
        board.addJournal(r -> {
            throw new java.io.IOException("disk full");
        }, Map.of(CommandJournal.NAME, "broken"));
        CommandRefusedException e = assertThrows(CommandRefusedException.class, () -> board.journal(allowed));
        assertTrue(e.getMessage().contains("disk full"), e.getMessage());
    }

    @Test
    void a_missing_required_journal_refuses() {
        board.configure(Set.of(), Set.of("audit"));
        CommandRecord r = board.decide(REQUEST);
        assertFalse(r.allowed());
        assertTrue(r.reason().contains("[audit]"), r.reason());
    }
}
