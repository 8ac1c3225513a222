package org.neurolab.ethics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurolab.api.control.Caller;
import org.neurolab.api.control.CommandRequest;
import org.neurolab.api.control.GuardDecision;
import org.neurolab.api.control.Stimulate;
import org.neurolab.api.lab.CultureState;
import org.neurolab.api.lab.Organoid;
import org.neurolab.api.lab.Provenance;
import org.neurolab.api.stimulation.Polarity;
import org.neurolab.api.stimulation.Pulse;
import org.neurolab.api.stimulation.PulseTrain;
import org.neurolab.ethics.ChangeKind;
import org.neurolab.ethics.PendingChange;
import org.neurolab.ethics.audit.AuditEvent;
import org.neurolab.ethics.audit.AuditLog;
import org.neurolab.ethics.audit.CheckpointKeys;
import org.neurolab.ethics.audit.LogVerifier;

/** The guard with its office: consent changes under the two-person rule, withdrawal as one transaction, holds, fail closed. */
class EthicsGuardTest {
    @TempDir
    Path dir;
    AuditLog log;
    EthicsGuard guard;

    @BeforeEach
    void setUp() throws IOException {
        Path policies = Files.createDirectories(dir.resolve("policies"));
        Path src = Path.of("../../ethics-policies");
        for (String f : List.of("stimulation-limits.yaml", "consent-scopes.yaml")) Files.copy(src.resolve(f), policies.resolve(f));
        log = AuditLog.open(dir.resolve("ethics/audit"), Clock.systemUTC(), 1);
        guard = new EthicsGuard(new AuditTrail() {
            @Override
            public long record(AuditEvent event) throws IOException {
                return log.append(event);
            }

            @Override
            public AuditLog log() {
                return log;
            }
        }, policies, dir.resolve("ethics"));
    }

    @AfterEach
    void tearDown() throws IOException {
        log.close();
    }

    static CommandRequest request(String line, String consent, double amp) {
        Organoid o = new Organoid("o1", "m/0", List.of(0, 1), new Provenance(line, "B", consent, LocalDate.now().minusDays(10)), CultureState.ACTIVE);
        return new CommandRequest("c1", "s1", new Caller("alice", Set.of("researcher"), "research"),
                new Stimulate("o1", List.of(0), PulseTrain.single(Pulse.biphasic(Polarity.CATHODIC_FIRST, 10, 200, 0))), o, 1_000_000);
    }

    @Test
    void simulated_cultures_are_covered_by_the_shipped_consent_and_the_decision_carries_the_policy_set() {
        GuardDecision d = guard.check(request("SIM-iPSC", "simulated-no-donor", 10));
        assertTrue(d.allowed(), d.reason());
        assertTrue(d.policyIds().contains("policy-set:" + guard.policySetHash()), d.policyIds().toString());
    }

    @Test
    void a_consent_change_needs_a_second_person_and_both_are_audited() throws Exception {
        assertFalse(guard.check(request("HUES-9", "consent-0042", 10)).allowed(), "unknown consent");
        PendingChange c = guard.propose(ChangeKind.CONSENT, "consent-0042",
                "donor=D-42;scopes=derivation-of-lines,organoid-generation,future-unspecified-research;onWithdrawal=QUARANTINE", "olga", "signed form 2026-01");
        IllegalArgumentException self = assertThrows(IllegalArgumentException.class, () -> guard.approve(c.id(), "olga", "checked"));
        assertTrue(self.getMessage().contains("two-person rule"), self.getMessage());
        assertThrows(IllegalArgumentException.class, () -> guard.approve(c.id(), "petra", " "), "an approval must say what it means");
        guard.approve(c.id(), "petra", "reviewed against the signed consent form");
        PendingChange link = guard.propose(ChangeKind.CELL_LINE, "HUES-9", "consent-0042", "olga", "line derived from D-42");
        guard.approve(link.id(), "petra", "reviewed the derivation record");
        assertTrue(guard.check(request("HUES-9", "consent-0042", 10)).allowed());

        List<String> entries = Files.readAllLines(dir.resolve("ethics/audit/log.jsonl"));
        String approval = entries.stream().filter(l -> l.contains("\"action\":\"change.approve\"") && l.contains("CONSENT consent-0042")).findFirst().orElseThrow();
        assertTrue(approval.contains("\"actor\":\"petra\"") && approval.contains("proposed by olga") && approval.contains("reviewed against the signed consent form"), approval);
        assertTrue(entries.stream().anyMatch(l -> l.contains("\"action\":\"change.propose\"") && l.contains("\"actor\":\"olga\"")));
    }

    @Test
    void withdrawal_refuses_at_once_creates_tasks_and_is_audited() throws Exception {
        PendingChange c = guard.propose(ChangeKind.CONSENT, "consent-7", "donor=D-7;scopes=derivation-of-lines,organoid-generation,future-unspecified-research;onWithdrawal=DISPOSE", "olga", "form");
        guard.approve(c.id(), "petra", "checked");
        guard.approve(guard.propose(ChangeKind.CELL_LINE, "L7", "consent-7", "olga", "line").id(), "petra", "checked");
        assertTrue(guard.check(request("L7", "consent-7", 10)).allowed());

        PendingChange w = guard.propose(ChangeKind.WITHDRAW_CONSENT, "consent-7", "", "olga", "donor asked by letter 2026-05-02");
        assertTrue(guard.check(request("L7", "consent-7", 10)).allowed(), "a proposal alone changes nothing");
        String applied = guard.approve(w.id(), "petra", "letter verified");
        assertTrue(applied.contains("withdrawn"), applied);
        GuardDecision d = guard.check(request("L7", "consent-7", 10));
        assertFalse(d.allowed());
        assertTrue(d.reason().contains("consent consent-7 was withdrawn") && d.policyIds().contains("consent.scopes v1"), d.reason());
        assertTrue(Files.readString(dir.resolve("ethics/consents.json")).contains("WITHDRAWN"), "persisted");
        assertTrue(Files.readAllLines(dir.resolve("ethics/audit/log.jsonl")).stream().anyMatch(l -> l.contains("\"action\":\"consent.withdraw\"")));
    }

    @Test
    void a_rehearsal_judges_by_a_copy_of_the_charge_budget_and_charges_nothing_of_the_labs() {
        CommandRequest pulse = request("SIM-iPSC", "simulated-no-donor", 10);
        double perPulse = ((Stimulate) pulse.command()).train().totalChargeNanocoulombs();
        int fits = (int) Math.floor(2000 / perPulse + 1e-9); // the shipped budget: 2000 nC per culture in its window
        for (int i = 0; i < fits - 10; i++) assertTrue(guard.check(pulse).allowed(), "pulse " + i);

        org.neurolab.api.control.CommandGuard dry = guard.rehearsal(new FixedClock());
        for (int i = 0; i < 10; i++) assertTrue(dry.check(pulse).allowed(), "the dry run has what is left of the budget: pulse " + i);
        GuardDecision over = dry.check(pulse);
        assertFalse(over.allowed());
        assertTrue(over.reason().contains("charge budget"), over.reason());

        for (int i = 0; i < 10; i++) assertTrue(guard.check(pulse).allowed(), "the lab's budget was not spent by the dry run: pulse " + i);
        assertFalse(guard.check(pulse).allowed());
        guard.hold("o1", "review", "ethics-officer");
        assertTrue(dry.check(pulse).reason().contains("resting"), "the rehearsal keeps the holds in force when it began, and its own rest");
    }

    /** A dry run's clock: virtual, its time 0 now. */
    static final class FixedClock implements org.neurolab.api.clock.LabClock {
        @Override
        public long nowMicros() {
            return 0;
        }

        @Override
        public long epochMillis() {
            return System.currentTimeMillis();
        }

        @Override
        public boolean isVirtual() {
            return true;
        }

        @Override
        public void awaitMicros(long t) {
        }
    }

    @Test
    void a_pending_change_can_be_rejected_by_another_officer_or_withdrawn_by_its_author_and_both_are_audited() throws Exception {
        PendingChange a = guard.propose(ChangeKind.CELL_LINE, "L8", "consent-8", "olga", "line derived from D-8");
        PendingChange b = guard.propose(ChangeKind.CELL_LINE, "L9", "consent-9", "olga", "line derived from D-9");
        assertThrows(IllegalArgumentException.class, () -> guard.reject(a.id(), "petra", " "), "a rejection needs its reason");
        guard.reject(a.id(), "petra", "no signed form on file");
        guard.reject(b.id(), "olga", "typo in the line name");
        assertTrue(guard.pending().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> guard.approve(a.id(), "petra", "checked"), "a rejected change cannot be approved");
        assertThrows(IllegalArgumentException.class, () -> guard.reject("chg-none", "petra", "x"));
        List<String> entries = Files.readAllLines(dir.resolve("ethics/audit/log.jsonl"));
        assertTrue(entries.stream().anyMatch(l -> l.contains("\"action\":\"change.reject\"") && l.contains("\"actor\":\"petra\"") && l.contains("no signed form")));
        assertTrue(entries.stream().anyMatch(l -> l.contains("\"action\":\"change.withdraw\"") && l.contains("\"actor\":\"olga\"") && l.contains("typo")));
    }

    @Test
    void a_hold_refuses_until_released() {
        guard.hold("o1", "tripwire: loss of activity", "ethics-officer");
        GuardDecision d = guard.check(request("SIM-iPSC", "simulated-no-donor", 10));
        assertFalse(d.allowed());
        assertTrue(d.reason().contains("on hold") && d.policyIds().contains("ethics.hold v1"), d.reason());
        guard.release("o1", "reviewed, activity back", "ethics-officer");
        assertTrue(guard.check(request("SIM-iPSC", "simulated-no-donor", 10)).allowed());
    }

    @Test
    void a_policy_change_is_validated_applied_and_changes_the_set_hash() throws Exception {
        String before = guard.policySetHash();
        String doc = Files.readString(dir.resolve("policies/stimulation-limits.yaml")).replace("max: 4.0 ", "max: 3.0 ");
        PendingChange bad = guard.propose(ChangeKind.POLICY, "stimulation-limits.yaml", "kind: nonsense\n", "olga", "typo");
        assertThrows(IllegalArgumentException.class, () -> guard.approve(bad.id(), "petra", "ok"));
        assertEquals(before, guard.policySetHash());
        guard.approve(guard.propose(ChangeKind.POLICY, "stimulation-limits.yaml", doc, "olga", "tighter after review").id(), "petra", "approved by board");
        assertFalse(before.equals(guard.policySetHash()));
        GuardDecision d = guard.check(request("SIM-iPSC", "simulated-no-donor", 10)); // 2 nC: fine
        assertTrue(d.allowed(), d.reason());
    }

    @Test
    void broken_policies_fail_closed() throws IOException {
        Files.writeString(dir.resolve("policies/stimulation-limits.yaml"), "kind: stimulation-limits\nid: x\nversion: 1\nelectrodeDiameterMicrons: 30\nlimits: [{id: a, version: 1, kind: warp, max: 1}]\n");
        EthicsGuard broken = new EthicsGuard(null, dir.resolve("policies"), dir.resolve("ethics2"));
        GuardDecision d = broken.check(request("SIM-iPSC", "simulated-no-donor", 10));
        assertFalse(d.allowed());
        assertTrue(d.reason().contains("policies could not be loaded") && d.reason().contains("warp"), d.reason());
    }

    @Test
    void the_audit_log_written_by_the_office_verifies() throws Exception {
        guard.hold("o1", "r", "x");
        guard.release("o1", "r", "x");
        log.close();
        LogVerifier.Report r = LogVerifier.verify(dir.resolve("ethics/audit"), CheckpointKeys.publicKey(dir.resolve("ethics/audit/" + CheckpointKeys.PUBLIC)));
        assertTrue(r.ok(), r.problems().toString());
        assertEquals(2, r.entries());
        assertEquals(new ArrayList<String>(), new ArrayList<>(r.problems()));
    }
}
