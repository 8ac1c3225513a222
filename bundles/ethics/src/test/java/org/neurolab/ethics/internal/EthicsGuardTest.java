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
import org.neurolab.ethics.AccountDirectory;
import org.neurolab.ethics.AuditEntry;
import org.neurolab.ethics.AuditPage;
import org.neurolab.ethics.AuditQuery;
import org.neurolab.ethics.AuditVerification;
import org.neurolab.ethics.ChangeKind;
import org.neurolab.ethics.ConsentRegistry;
import org.neurolab.ethics.DonorConsent;
import org.neurolab.ethics.Hold;
import org.neurolab.ethics.PendingChange;
import org.neurolab.ethics.PoliciesInForce;
import org.neurolab.ethics.PolicyDocument;
import org.neurolab.ethics.internal.audit.AuditEvent;
import org.neurolab.ethics.internal.audit.AuditLog;
import org.neurolab.ethics.internal.audit.CheckpointKeys;
import org.neurolab.ethics.internal.audit.LogVerifier;

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
        guard = new EthicsGuard(trail, policies, dir.resolve("ethics"));
        for (String officer : List.of("olga", "petra")) accounts.add(officer, "admin", true);
        guard.useAccounts(accounts, b -> true);
    }

    final AuditTrail trail = new AuditTrail() {
        @Override
        public long record(AuditEvent event) throws IOException {
            return log.append(event);
        }

        @Override
        public AuditLog log() {
            return log;
        }
    };
    final TestAccounts accounts = new TestAccounts();

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
        EthicsGuard broken = new EthicsGuard(trail, dir.resolve("policies"), dir.resolve("ethics2"));
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
    /** The lab stopped and started again: a new log over the same folder, a new guard over it. */
    private EthicsGuard restarted() throws IOException {
        log.close();
        log = AuditLog.open(dir.resolve("ethics/audit"), Clock.systemUTC(), 1);
        EthicsGuard g = new EthicsGuard(trail, dir.resolve("policies"), dir.resolve("ethics"));
        g.useAccounts(accounts, b -> true);
        return g;
    }

    @Test
    void holds_survive_a_restart_with_who_why_and_when_until_an_officer_releases_them() throws Exception {
        guard.hold("o1", "tripwire: loss of activity", "system:tripwire");
        guard.hold("o2", "odd bursts", "olga");
        guard.release("o2", "reviewed", "petra");
        EthicsGuard after = restarted();
        assertEquals(List.of("o1"), after.currentHolds().stream().map(Hold::organoidId).toList());
        Hold h = after.currentHolds().get(0);
        assertEquals("tripwire: loss of activity", h.reason());
        assertEquals("system:tripwire", h.by());
        assertFalse(h.since().isBlank());
        GuardDecision d = after.check(request("SIM-iPSC", "simulated-no-donor", 10));
        assertFalse(d.allowed(), "still held after the restart");
        assertTrue(d.reason().contains("on hold") && d.reason().contains("loss of activity"), d.reason());

        after.release("o1", "reviewed the recordings: activity back", "petra");
        EthicsGuard again = restarted();
        assertTrue(again.currentHolds().isEmpty(), again.currentHolds().toString());
        assertTrue(again.check(request("SIM-iPSC", "simulated-no-donor", 10)).allowed());
        AuditPage trailOfO1 = again.audit(new AuditQuery(0, 100, null, "culture.*", "o1", null));
        assertEquals(List.of("culture.hold", "culture.release"), trailOfO1.entries().stream().map(AuditEntry::action).toList());
        assertEquals("petra", trailOfO1.entries().get(1).actor());
        assertTrue(trailOfO1.entries().get(1).oldValue().contains("loss of activity (by system:tripwire at "), trailOfO1.entries().get(1).oldValue());
    }

    @Test
    void a_hold_the_trail_cannot_record_is_not_in_force_and_says_so() throws IOException {
        log.close(); // appends now fail
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> guard.hold("o1", "r", "olga"));
        assertTrue(e.getMessage().contains("could not record culture.hold"), e.getMessage());
        assertTrue(guard.holds().isEmpty(), "not acknowledged, so not shown as in force");
        log = AuditLog.open(dir.resolve("ethics/audit"), Clock.systemUTC(), 1);
    }

    @Test
    void an_unreadable_trail_fails_closed() throws IOException {
        log.close();
        Files.writeString(dir.resolve("ethics/audit/log.jsonl"), "not json\n");
        EthicsGuard g = new EthicsGuard(trail, dir.resolve("policies"), dir.resolve("ethics"));
        GuardDecision d = g.check(request("SIM-iPSC", "simulated-no-donor", 10));
        assertFalse(d.allowed());
        assertTrue(d.reason().contains("holds could not be read back"), d.reason());
        Files.delete(dir.resolve("ethics/audit/log.jsonl"));
        log = AuditLog.open(dir.resolve("ethics/audit"), Clock.systemUTC(), 1);
    }

    @Test
    void the_policies_in_force_are_the_homes_seeded_once_and_approved_changes_never_touch_the_seed() throws Exception {
        Path home = dir.resolve("ethics/policies");
        String seed = Files.readString(dir.resolve("policies/stimulation-limits.yaml"));
        assertEquals(seed, Files.readString(home.resolve("stimulation-limits.yaml")), "seeded on the first start");
        PoliciesInForce p = guard.policies();
        assertEquals(guard.policySetHash(), p.setHash());
        assertEquals(home.toString(), p.folder());
        assertEquals(List.of("consent-scopes.yaml", "stimulation-limits.yaml"), p.documents().stream().map(PolicyDocument::name).toList());
        assertEquals(64, p.documents().get(0).sha256().length());

        String tighter = seed.replace("max: 4.0 ", "max: 3.0 ");
        guard.approve(guard.propose(ChangeKind.POLICY, "stimulation-limits.yaml", tighter, "olga", "tighter").id(), "petra", "approved by board");
        assertEquals(tighter, Files.readString(home.resolve("stimulation-limits.yaml")));
        assertEquals(seed, Files.readString(dir.resolve("policies/stimulation-limits.yaml")), "the distribution's folder is never written");
        String approvedHash = guard.policySetHash();
        assertEquals(approvedHash, restarted().policySetHash(), "the home's policies stay in force after a restart");
        String entry = guard.audit(new AuditQuery(-1, 1, null, "change.approve", null, null)).entries().get(0).policySet();
        assertEquals(approvedHash, entry, "the approval is recorded with the new set's hash");
    }

    @Test
    void nobody_approves_what_an_account_they_created_or_whose_role_they_granted_proposed() throws Exception {
        accounts.add("mallory", "olga", true); // olga created mallory's account
        PendingChange c = guard.propose(ChangeKind.CELL_LINE, "L1", "simulated-no-donor", "mallory", "new line");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> guard.approve(c.id(), "olga", "checked"));
        assertTrue(e.getMessage().contains("two-person rule: olga created the account of mallory"), e.getMessage());
        PendingChange d = guard.propose(ChangeKind.CELL_LINE, "L2", "simulated-no-donor", "olga", "new line");
        e = assertThrows(IllegalStateException.class, () -> guard.approve(d.id(), "mallory", "checked"));
        assertTrue(e.getMessage().contains("the account of mallory was created by olga"), e.getMessage());
        accounts.put(new AccountDirectory.Origin("trent", "admin", java.util.Map.of("ethics-officer", Set.of("petra", "admin")), true, true));
        PendingChange f = guard.propose(ChangeKind.CELL_LINE, "L3", "simulated-no-donor", "trent", "new line");
        e = assertThrows(IllegalStateException.class, () -> guard.approve(f.id(), "petra", "checked"));
        assertTrue(e.getMessage().contains("petra granted the ethics-officer role of trent"), e.getMessage());
        assertEquals(3, guard.pending().size(), "refused approvals apply nothing");
        assertEquals(3, guard.audit(new AuditQuery(-1, 10, null, "change.approve", null, "deny")).matched(), "each refusal is audited");

        guard.useAccounts(null, b -> true);
        guard.unbindAccounts(accounts);
        e = assertThrows(IllegalStateException.class, () -> guard.approve(d.id(), "petra", "checked"));
        assertTrue(e.getMessage().contains("cannot be checked"), "without the accounts no approval: " + e.getMessage());
    }

    @Test
    void an_account_directory_from_a_bundle_not_the_labs_own_is_ignored() throws Exception {
        accounts.add("mallory", "olga", true); // olga created mallory's account
        guard.unbindAccounts(accounts);
        guard.useAccounts(null, b -> b.getBundleId() == 7); // bundle 7 is the lab's console
        TestAccounts forged = new TestAccounts(); // says nobody created anyone: olga would be free to approve mallory's change
        for (String user : List.of("olga", "petra", "mallory")) forged.add(user, "nobody", true);
        guard.bindAccounts(forged, reference(42));
        PendingChange c = guard.propose(ChangeKind.CELL_LINE, "L9", "simulated-no-donor", "mallory", "new line");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> guard.approve(c.id(), "olga", "checked"));
        assertTrue(e.getMessage().contains("cannot be checked"), "the forgery does not count: " + e.getMessage());
        guard.bindAccounts(accounts, reference(7));
        e = assertThrows(IllegalStateException.class, () -> guard.approve(c.id(), "olga", "checked"));
        assertTrue(e.getMessage().contains("two-person rule: olga created the account of mallory"), "the console's accounts count: " + e.getMessage());
    }

    /** A service reference whose registering bundle has {@code id}. */
    @SuppressWarnings("unchecked")
    static org.osgi.framework.ServiceReference<AccountDirectory> reference(long id) {
        org.osgi.framework.Bundle bundle = (org.osgi.framework.Bundle) java.lang.reflect.Proxy.newProxyInstance(EthicsGuardTest.class.getClassLoader(),
                new Class<?>[]{org.osgi.framework.Bundle.class}, (p, m, a) -> switch (m.getName()) {
                    case "getBundleId" -> id;
                    case "getSymbolicName" -> "b" + id;
                    case "getLocation" -> "test:" + id;
                    default -> null;
                });
        return (org.osgi.framework.ServiceReference<AccountDirectory>) java.lang.reflect.Proxy.newProxyInstance(EthicsGuardTest.class.getClassLoader(),
                new Class<?>[]{org.osgi.framework.ServiceReference.class}, (p, m, a) -> m.getName().equals("getBundle") ? bundle : null);
    }

    @Test
    void the_ethics_officer_role_changes_by_two_independent_persons_only() throws Exception {
        accounts.add("eve", "admin", false);
        accounts.add("admin", "", false);
        assertThrows(IllegalArgumentException.class, () -> guard.propose(ChangeKind.ETHICS_OFFICER_ROLE, "eve", "promote", "admin", "x"));
        assertThrows(IllegalArgumentException.class, () -> guard.propose(ChangeKind.ETHICS_OFFICER_ROLE, "nobody", "grant", "admin", "x"));
        assertThrows(IllegalArgumentException.class, () -> guard.propose(ChangeKind.ETHICS_OFFICER_ROLE, "olga", "grant", "admin", "x"), "already one");
        PendingChange grant = guard.propose(ChangeKind.ETHICS_OFFICER_ROLE, "eve", "grant", "admin", "second reviewer for the board");
        assertThrows(IllegalArgumentException.class, () -> guard.propose(ChangeKind.ETHICS_OFFICER_ROLE, "eve", "grant", "olga", "x"), "one at a time");
        // olga and petra were created by admin (the proposer): neither may approve
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> guard.approve(grant.id(), "olga", "checked"));
        assertTrue(e.getMessage().contains("the account of olga was created by admin"), e.getMessage());
        accounts.add("victor", "root2", true); // an officer independent of admin and of eve
        accounts.add("ivan", "root2", false);
        e = assertThrows(IllegalStateException.class, () -> guard.approve(grant.id(), "ivan", "checked"));
        assertTrue(e.getMessage().contains("ivan is none"), e.getMessage());
        assertEquals("ethics-officer role of eve granted", guard.approve(grant.id(), "victor", "met eve, checked her appointment letter"));
        AccountDirectory.Origin eve = accounts.origin("eve").orElseThrow();
        assertTrue(eve.ethicsOfficer());
        assertEquals(Set.of("admin", "victor"), eve.roleGrantedBy().get("ethics-officer"));

        PendingChange self = guard.propose(ChangeKind.ETHICS_OFFICER_ROLE, "victor", "remove", "ivan", "leaves the lab");
        e = assertThrows(IllegalStateException.class, () -> guard.approve(self.id(), "victor", "ok"));
        assertTrue(e.getMessage().contains("their own ethics-officer role"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> guard.approve(self.id(), "eve", "ok"));
        assertTrue(e.getMessage().contains("the ethics-officer role of eve was granted by victor, who is the account"), e.getMessage());
    }

    @Test
    void the_office_shows_consents_and_pages_of_the_trail_with_filters_and_verifies_it() throws Exception {
        ConsentRegistry r = guard.consents();
        assertEquals(List.of("simulated-no-donor"), r.consents().stream().map(DonorConsent::id).toList());
        assertEquals("simulated-no-donor", r.cellLines().get("SIM-iPSC"));
        for (int i = 0; i < 5; i++) guard.recordEvent("olga", "run.suspend", "o" + i, "incubator");
        guard.hold("o9", "r", "petra");
        AuditPage newest = guard.audit(AuditQuery.newest(2));
        assertEquals(6, newest.total());
        assertEquals(List.of(4L, 5L), newest.entries().stream().map(AuditEntry::seq).toList());
        AuditPage from = guard.audit(new AuditQuery(1, 2, "olga", null, null, null));
        assertEquals(List.of(1L, 2L), from.entries().stream().map(AuditEntry::seq).toList());
        assertEquals(5, from.matched());
        assertEquals(List.of(5L), guard.audit(new AuditQuery(-1, 10, null, null, null, "record")).entries().stream()
                .filter(x -> x.actor().equals("petra")).map(AuditEntry::seq).toList());
        assertEquals(64, newest.entries().get(1).prev().length(), "entries carry their chain link");
        assertThrows(IllegalArgumentException.class, () -> new AuditQuery(0, 0, null, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new AuditQuery(0, 1, null, null, null, "maybe"));
        AuditVerification v = guard.verifyAudit();
        assertTrue(v.ok(), v.problems().toString());
        assertEquals(6, v.entries());
    }

    @Test
    void pending_changes_survive_a_restart_and_ended_ones_stay_ended() throws Exception {
        PendingChange waiting = guard.propose(ChangeKind.CELL_LINE, "L1", "simulated-no-donor", "olga", "new line");
        PendingChange rejected = guard.propose(ChangeKind.CELL_LINE, "L2", "simulated-no-donor", "olga", "new line");
        PendingChange approved = guard.propose(ChangeKind.CELL_LINE, "L3", "simulated-no-donor", "olga", "new line");
        guard.reject(rejected.id(), "petra", "no form");
        accounts.add("mallory", "olga", true);
        assertThrows(IllegalStateException.class, () -> guard.approve(approved.id(), "mallory", "x")); // a refused approval ends nothing
        guard.approve(approved.id(), "petra", "checked");
        EthicsGuard after = restarted();
        assertEquals(List.of(waiting.id()), after.pending().stream().map(PendingChange::id).toList());
        PendingChange back = after.pending().get(0);
        assertEquals(List.of(ChangeKind.CELL_LINE, "L1", "simulated-no-donor", "olga", "new line"),
                List.of(back.kind(), back.target(), back.newValue(), back.author(), back.reason()));
        assertEquals("cell line L1 linked to consent simulated-no-donor", after.approve(waiting.id(), "petra", "checked"));
    }
}
