package org.neurolab.ethics.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.neurolab.api.clock.LabClock;
import org.neurolab.api.control.CommandGuard;
import org.neurolab.api.control.CommandRequest;
import org.neurolab.api.control.GuardDecision;
import org.neurolab.api.lab.CultureRegistry;
import org.neurolab.api.lab.Organoid;
import org.neurolab.ethics.AccountDirectory;
import org.neurolab.ethics.AuditPage;
import org.neurolab.ethics.AuditQuery;
import org.neurolab.ethics.AuditVerification;
import org.neurolab.ethics.ChangeKind;
import org.neurolab.ethics.ConsentRegistry;
import org.neurolab.ethics.ConsentWithdrawalListener;
import org.neurolab.ethics.DonorConsent;
import org.neurolab.ethics.EthicsOffice;
import org.neurolab.ethics.Hold;
import org.neurolab.ethics.PendingChange;
import org.neurolab.ethics.PoliciesInForce;
import org.neurolab.ethics.PolicyDocument;
import org.neurolab.ethics.internal.audit.AuditEvent;
import org.neurolab.ethics.internal.audit.AuditReader;
import org.neurolab.ethics.internal.audit.CheckpointKeys;
import org.neurolab.ethics.internal.audit.LogVerifier;
import org.neurolab.ethics.internal.consent.Consent;
import org.neurolab.ethics.internal.consent.ConsentBook;
import org.neurolab.ethics.internal.consent.ConsentStore;
import org.neurolab.ethics.internal.policy.ChargeLedger;
import org.neurolab.ethics.internal.policy.PolicySet;
import org.neurolab.ethics.internal.policy.Rules;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ethics guard and office. Decides from an immutable snapshot (policies, consents, holds) swapped on change, so a
 * check is a few map lookups and arithmetic. When the policies or the consent registry cannot be loaded the guard
 * still answers, and refuses everything: the lab fails closed. Without the audit log this component does not run at
 * all, so control (configured to require the guard) refuses.
 */
@Component(service = {CommandGuard.class, EthicsOffice.class}, configurationPid = EthicsConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = CommandGuard.NAME + "=ethics", immediate = true)
public class EthicsGuard implements CommandGuard, EthicsOffice {
    private static final Logger LOG = LoggerFactory.getLogger(EthicsGuard.class);

    /**
     * @param documents the policy documents {@code policies} was parsed from, by file name
     * @param held      the holds in force, by culture
     * @param holds     the same as the rules read them: culture to "reason (by who)"
     */
    record Snapshot(PolicySet policies, Map<String, byte[]> documents, ConsentBook consents, Map<String, Hold> held, Map<String, String> holds,
                    String broken) {
        Snapshot withConsents(ConsentBook book) {
            return new Snapshot(policies, documents, book, held, holds, broken);
        }

        Snapshot withHeld(Map<String, Hold> next) {
            Map<String, String> rules = new TreeMap<>();
            next.forEach((id, h) -> rules.put(id, h.reason() + " (by " + h.by() + ")"));
            return new Snapshot(policies, documents, consents, Collections.unmodifiableMap(new TreeMap<>(next)), Map.copyOf(rules), broken);
        }
    }

    private final AuditTrail audit;
    /** The lab home's policy folder ({@code data/ethics/policies/}), seeded from {@code seedPolicies} on first start. */
    private final Path policiesDir;
    private final Path seedPolicies;
    private final ConsentStore store;
    private final Path tasks;
    private final ChargeLedger ledger = new ChargeLedger();
    private final Map<String, PendingChange> pending = new ConcurrentHashMap<>();
    private final AtomicLong changeCounter = new AtomicLong();
    private final List<ConsentWithdrawalListener> listeners = new CopyOnWriteArrayList<>();
    private volatile Snapshot snapshot;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile LabClock clock;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile CultureRegistry cultures;

    /** The lab's accounts (the console), for the independence of two persons: dynamic, it comes and goes with the console bundle. */
    private volatile AccountDirectory accounts;
    /** Which bundles are the lab's own (the launcher's trust service); everything counts outside the lab (unit tests). */
    private volatile Predicate<Bundle> labsOwn = b -> true;

    @Activate
    public EthicsGuard(BundleContext context, EthicsConfig config, @Reference AuditTrail audit) {
        this(audit, Folders.seedPolicies(context, config), Folders.ethics(context));
        this.labsOwn = labTrust(context);
    }

    /**
     * The launcher's trust service, registered by the framework itself (bundle 0); one from any other bundle is a forgery.
     * Without it no account directory counts, so no two-person change can be approved.
     */
    @SuppressWarnings("unchecked")
    private static Predicate<Bundle> labTrust(BundleContext context) {
        try {
            for (ServiceReference<Predicate> ref : context.getServiceReferences(Predicate.class, "(neurolab.trust=distribution)"))
                if (ref.getBundle() != null && ref.getBundle().getBundleId() == 0) return (Predicate<Bundle>) context.getService(ref);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        LOG.error("The lab's trust service is missing (the lab was not started by its launcher): no account directory counts for the two-person rule");
        return b -> false;
    }

    /**
     * @param seedPolicies the distribution's policies, copied into {@code ethicsDir/policies} when that holds none yet
     * @param ethicsDir    the lab home's ethics folder
     */
    EthicsGuard(AuditTrail audit, Path seedPolicies, Path ethicsDir) {
        this.audit = audit;
        this.seedPolicies = seedPolicies;
        this.policiesDir = ethicsDir.resolve("policies");
        this.store = new ConsentStore(ethicsDir.resolve("consents.json"));
        this.tasks = ethicsDir.resolve("tasks.jsonl");
        this.snapshot = load();
        try {
            pending.putAll(PendingReplay.fromTrail(audit.log().directory()));
        } catch (IOException | RuntimeException e) {
            LOG.error("Pending changes could not be read back from the audit trail: {}", e.getMessage()); // the guard refuses already (load)
        }
        LOG.info("Ethics guard: policy set {} from {} {}; {} culture(s) on hold", snapshot.policies() == null ? "-" : snapshot.policies().hash(),
                policiesDir, snapshot.broken() == null ? "loaded" : "BROKEN, refusing every command: " + snapshot.broken(), snapshot.held().size());
    }

    private Snapshot load() {
        Map<String, Hold> held;
        try {
            held = HoldReplay.fromTrail(audit.log().directory());
        } catch (IOException | RuntimeException e) {
            return broken("the holds could not be read back from the audit trail (" + e.getMessage() + ")");
        }
        PolicySet p;
        Map<String, byte[]> docs;
        try {
            docs = PolicySet.read(PolicyHome.seeded(policiesDir, seedPolicies));
            p = PolicySet.parse(docs);
        } catch (IOException | RuntimeException e) {
            return broken("the ethics policies could not be loaded (" + e.getMessage() + ")").withHeld(held);
        }
        try {
            return new Snapshot(p, docs, store.loadOrSeed(new HashSet<>(p.consent().scopes())), Map.of(), Map.of(), null).withHeld(held);
        } catch (IOException | RuntimeException e) {
            return new Snapshot(p, docs, ConsentBook.empty(), Map.of(), Map.of(), "the consent registry could not be read (" + e.getMessage() + ")")
                    .withHeld(held);
        }
    }

    private static Snapshot broken(String why) {
        return new Snapshot(null, Map.of(), ConsentBook.empty(), Map.of(), Map.of(), why);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addListener(ConsentWithdrawalListener l) {
        listeners.add(l);
    }

    void removeListener(ConsentWithdrawalListener l) {
        listeners.remove(l);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindAccounts(AccountDirectory a, ServiceReference<AccountDirectory> ref) {
        // who created which account decides who may approve whose change: only the lab's own console may say
        Bundle from = ref.getBundle();
        if (from == null || !labsOwn.test(from)) {
            LOG.error("An account directory registered by {} is not the lab's own and is ignored: the two-person rule reads accounts from the lab's console only",
                    from == null ? "a bundle that is gone" : "bundle " + from.getBundleId() + " (" + from.getSymbolicName() + ", " + from.getLocation() + ")");
            return;
        }
        accounts = a;
    }

    /** Tests: the accounts, and which bundles count as the lab's own. */
    void useAccounts(AccountDirectory a, Predicate<Bundle> labsOwn) {
        this.labsOwn = labsOwn;
        accounts = a;
    }

    void unbindAccounts(AccountDirectory a) {
        if (accounts == a) accounts = null;
    }

    // ---- the guard: memory only --------------------------------------------------------------------------

    @Override
    public GuardDecision check(CommandRequest request) {
        Snapshot s = snapshot;
        if (s.broken() != null) return GuardDecision.deny(s.broken() + "; no stimulation or dosing until it is fixed", "ethics.fail-closed");
        GuardDecision d = Rules.decide(request, s.policies(), s.consents(), s.holds(), ledger, today(request.labTimeMicros()));
        List<String> ids = new ArrayList<>(d.policyIds());
        ids.add(AuditJournal.POLICY_SET + s.policies().hash());
        return new GuardDecision(d.allowed(), d.reason(), ids);
    }

    private LocalDate today(long labTimeMicros) {
        return dateAt(clock, labTimeMicros);
    }

    private static LocalDate dateAt(LabClock c, long labTimeMicros) {
        long millis = c == null ? System.currentTimeMillis() : c.epochMillis() + labTimeMicros / 1000;
        return Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC).toLocalDate();
    }

    @Override
    public CommandGuard rehearsal(LabClock privateClock) {
        LabClock lab = clock;
        ChargeLedger budget = ledger.copyShifted(lab == null ? 0 : -lab.nowMicros()); // the lab's now is the dry run's 0
        Snapshot s = snapshot; // the policies, consents and holds in force as the dry run starts
        return request -> {
            if (s.broken() != null) return GuardDecision.deny(s.broken() + "; no stimulation or dosing until it is fixed", "ethics.fail-closed");
            return Rules.decide(request, s.policies(), s.consents(), s.holds(), budget, dateAt(privateClock, request.labTimeMicros()));
        };
    }

    // ---- the office ----------------------------------------------------------------------------------------

    @Override
    public String policySetHash() {
        PolicySet p = snapshot.policies();
        return p == null ? "" : p.hash();
    }

    @Override
    public PendingChange propose(ChangeKind kind, String target, String newValue, String author, String reason) {
        require(author, "author");
        require(target, "target");
        require(reason, "reason");
        if (kind == ChangeKind.ETHICS_OFFICER_ROLE) checkRoleProposal(target, newValue);
        PendingChange c = new PendingChange("chg-" + System.currentTimeMillis() + "-" + changeCounter.incrementAndGet(), kind, target,
                newValue == null ? "" : newValue, author, reason, Instant.now().toString());
        // the change id in the detail lets the next start rebuild what is still pending (PendingReplay)
        recordOrFail(new AuditEvent(author, PendingReplay.PROPOSE, kind + " " + target, "record", author, List.of(), policySetHash(), reason,
                current(kind, target), c.newValue(), c.id(), 0));
        pending.put(c.id(), c);
        return c;
    }

    @Override
    public List<PendingChange> pending() {
        return List.copyOf(new TreeMap<>(pending).values());
    }

    @Override
    public synchronized String approve(String changeId, String approver, String meaning) throws Exception {
        require(approver, "approver");
        require(meaning, "meaning of the approval");
        PendingChange c = pending.get(changeId);
        if (c == null) throw new IllegalArgumentException("no pending change " + changeId);
        try {
            TwoPersonRule.check(c, approver, accounts);
        } catch (IllegalStateException refused) {
            recordOrFail(new AuditEvent(approver, "change.approve", c.kind() + " " + c.target(), "deny", approver, List.of(TwoPersonRule.ID),
                    policySetHash(), refused.getMessage(), "", "", changeId, 0));
            throw refused;
        }
        String old = current(c.kind(), c.target());
        String applied = apply(c, approver);
        pending.remove(changeId);
        audit.record(new AuditEvent(approver, "change.approve", c.kind() + " " + c.target(), "allow", approver, List.of(TwoPersonRule.ID),
                policySetHash(), c.reason() + " | proposed by " + c.author() + " at " + c.proposedAt() + " | approved: " + meaning, old,
                c.newValue().isEmpty() ? applied : c.newValue(), changeId, 0));
        return applied;
    }

    @Override
    public synchronized void reject(String changeId, String by, String reason) {
        require(by, "who rejects");
        require(reason, "reason");
        PendingChange c = pending.get(changeId);
        if (c == null) throw new IllegalArgumentException("no pending change " + changeId);
        boolean withdrawn = c.author().equals(by);
        recordOrFail(new AuditEvent(by, withdrawn ? "change.withdraw" : "change.reject", c.kind() + " " + c.target(), "deny", by,
                List.of(TwoPersonRule.ID), policySetHash(), reason + " | proposed by " + c.author() + " at " + c.proposedAt() + ": " + c.reason(),
                current(c.kind(), c.target()), c.newValue(), changeId, 0));
        pending.remove(changeId); // only once the trail holds it
    }

    @Override
    public Map<String, String> holds() {
        return snapshot.holds();
    }

    @Override
    public List<Hold> currentHolds() {
        return List.copyOf(snapshot.held().values());
    }

    /** The hold is in force once its audit entry is on disk (the trail is what the next start rebuilds holds from). */
    @Override
    public synchronized void hold(String organoidId, String reason, String by) {
        require(organoidId, "culture");
        require(reason, "reason");
        require(by, "who holds");
        long seq = recordOrFail(AuditEvent.record(by, HoldReplay.HOLD, organoidId, reason, "", "on hold", policySetHash()));
        Map<String, Hold> held = new TreeMap<>(snapshot.held());
        held.put(organoidId, new Hold(organoidId, reason, by, Instant.now().toString(), seq));
        snapshot = snapshot.withHeld(held);
    }

    @Override
    public synchronized void release(String organoidId, String reason, String by) {
        require(organoidId, "culture");
        require(reason, "reason");
        require(by, "who releases");
        Hold was = snapshot.held().get(organoidId);
        recordOrFail(AuditEvent.record(by, HoldReplay.RELEASE, organoidId, reason,
                was == null ? "not held" : was.reason() + " (by " + was.by() + " at " + was.since() + ")", "released", policySetHash()));
        Map<String, Hold> held = new TreeMap<>(snapshot.held());
        held.remove(organoidId);
        snapshot = snapshot.withHeld(held);
    }

    // ---- what the office shows ---------------------------------------------------------------------------------

    @Override
    public ConsentRegistry consents() {
        ConsentBook b = snapshot.consents();
        List<DonorConsent> out = new ArrayList<>();
        for (Consent c : new TreeMap<>(b.consents()).values())
            out.add(new DonorConsent(c.id(), c.donorCode(), c.scopes(), c.onWithdrawal().name(), c.state().name(), c.withdrawnAt()));
        return new ConsentRegistry(out, b.cellLines());
    }

    @Override
    public PoliciesInForce policies() {
        Snapshot s = snapshot;
        List<PolicyDocument> docs = new ArrayList<>();
        new TreeMap<>(s.documents()).forEach((name, bytes) -> docs.add(new PolicyDocument(name, PolicySet.sha256(bytes), new String(bytes, StandardCharsets.UTF_8))));
        return new PoliciesInForce(s.policies() == null ? "" : s.policies().hash(), policiesDir.toString(),
                s.policies() == null ? List.of() : s.policies().documents(), docs, s.policies() == null ? s.broken() : null);
    }

    @Override
    public AuditPage audit(AuditQuery query) throws IOException {
        return AuditReader.page(audit.log().directory(), query);
    }

    @Override
    public AuditVerification verifyAudit() throws IOException {
        Path dir = audit.log().directory();
        LogVerifier.Report r = LogVerifier.verify(dir, CheckpointKeys.publicKey(dir.resolve(CheckpointKeys.PUBLIC)));
        return new AuditVerification(r.ok(), r.entries(), r.checkpoints(), r.lastCheckpointSize(), r.uncovered(), r.problems());
    }

    // ---- applying approved changes -----------------------------------------------------------------------------

    private void checkRoleProposal(String user, String value) {
        if (!value.equals("grant") && !value.equals("remove"))
            throw new IllegalArgumentException("a change of the ethics-officer role has the value 'grant' or 'remove', not '" + value + "'");
        AccountDirectory dir = accounts;
        if (dir == null) throw new IllegalStateException("the lab's accounts (console bundle) are not available to change a role");
        AccountDirectory.Origin o = dir.origin(user).orElseThrow(() -> new IllegalArgumentException("no account '" + user + "'"));
        if (value.equals("grant") == o.ethicsOfficer())
            throw new IllegalArgumentException(user + (o.ethicsOfficer() ? " is an ethics officer already" : " is no ethics officer"));
        for (PendingChange p : pending.values())
            if (p.kind() == ChangeKind.ETHICS_OFFICER_ROLE && p.target().equals(user))
                throw new IllegalArgumentException("a change of the ethics-officer role of " + user + " is pending already: " + p.id());
    }

    private String apply(PendingChange c, String approver) throws IOException {
        Snapshot s = snapshot;
        switch (c.kind()) {
            case CONSENT -> {
                ConsentBook book = s.consents().with(parseConsent(c.target(), c.newValue()));
                store.save(book);
                snapshot = s.withConsents(book);
                return "consent " + c.target() + " set";
            }
            case CELL_LINE -> {
                if (s.consents().consent(c.newValue()).isEmpty()) throw new IllegalArgumentException("no consent " + c.newValue() + " to link " + c.target() + " to");
                ConsentBook book = s.consents().withLine(c.target(), c.newValue());
                store.save(book);
                snapshot = s.withConsents(book);
                return "cell line " + c.target() + " linked to consent " + c.newValue();
            }
            case ETHICS_OFFICER_ROLE -> {
                AccountDirectory dir = accounts;
                if (dir == null) throw new IllegalStateException("the lab's accounts (console bundle) are not available to change a role");
                boolean grant = c.newValue().equals("grant");
                dir.setEthicsOfficer(c.target(), grant, c.author(), approver);
                return "ethics-officer role of " + c.target() + (grant ? " granted" : " removed");
            }
            case WITHDRAW_CONSENT -> {
                return withdraw(c.target(), c.reason(), c.author());
            }
            case POLICY -> {
                Path file = policiesDir.resolve(Path.of(c.target()).getFileName().toString());
                Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
                Files.writeString(tmp, c.newValue(), StandardCharsets.UTF_8);
                Map<String, byte[]> docs = new HashMap<>();
                try (var files = Files.list(policiesDir)) {
                    for (Path f : files.filter(PolicySet::isPolicyDocument).toList()) docs.put(f.getFileName().toString(), Files.readAllBytes(f));
                }
                docs.put(file.getFileName().toString(), c.newValue().getBytes(StandardCharsets.UTF_8));
                PolicySet next;
                try {
                    next = PolicySet.parse(docs);
                } catch (IOException e) {
                    Files.deleteIfExists(tmp);
                    throw new IllegalArgumentException("the new policy does not load: " + e.getMessage(), e);
                }
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                snapshot = new Snapshot(next, Map.copyOf(docs), s.consents(), s.held(), s.holds(), null);
                return "policy " + file.getFileName() + " replaced; policy set " + next.hash();
            }
            default -> throw new IllegalArgumentException(c.kind().toString());
        }
    }

    /**
     * One transaction: the consent is marked withdrawn and saved, the guard's snapshot swapped (every culture of the
     * line is refused from now on), a disposal or quarantine task created per culture, listeners told, all audited.
     */
    private String withdraw(String consentId, String reason, String by) throws IOException {
        Snapshot s = snapshot;
        Consent c = s.consents().consent(consentId).orElseThrow(() -> new IllegalArgumentException("no consent " + consentId));
        if (!c.active()) return "consent " + consentId + " was already withdrawn";
        ConsentBook book = s.consents().with(c.withdrawn(Instant.now()));
        store.save(book);
        snapshot = s.withConsents(book);

        Set<String> lines = new TreeSet<>();
        book.cellLines().forEach((line, id) -> {
            if (id.equals(consentId)) lines.add(line);
        });
        Set<String> affected = new TreeSet<>();
        CultureRegistry reg = cultures;
        if (reg != null)
            for (Organoid o : reg.cultures())
                if (o.provenance().donorConsentRef().equals(consentId) || lines.contains(o.provenance().cellLine())) affected.add(o.id());
        audit.record(AuditEvent.record(by, "consent.withdraw", consentId, reason, "ACTIVE", "WITHDRAWN; lines " + lines + "; cultures " + affected,
                policySetHash()));
        String task = switch (c.onWithdrawal()) {
            case DISPOSE -> "dispose";
            case QUARANTINE -> "quarantine";
            case KEEP_DATA_ONLY -> "dispose-material-keep-data";
        };
        for (String o : affected) {
            String line = "{\"task\":\"" + task + "\",\"organoid\":\"" + o + "\",\"consent\":\"" + consentId + "\",\"created\":\"" + Instant.now() + "\",\"state\":\"open\"}\n";
            Files.createDirectories(tasks.getParent());
            Files.writeString(tasks, line, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            audit.record(AuditEvent.record(by, "task.create", o, "consent " + consentId + " withdrawn: " + reason, "", task, policySetHash()));
        }
        for (ConsentWithdrawalListener l : listeners) {
            try {
                l.consentWithdrawn(consentId, affected, reason);
            } catch (RuntimeException e) {
                LOG.error("Withdrawal listener {} failed for consent {}", l, consentId, e);
            }
        }
        return "consent " + consentId + " withdrawn; " + affected.size() + " culture(s) refused and given " + task + " tasks";
    }

    private String current(ChangeKind kind, String target) {
        Snapshot s = snapshot;
        return switch (kind) {
            case CONSENT, WITHDRAW_CONSENT -> s.consents().consent(target).map(Object::toString).orElse("");
            case CELL_LINE -> s.consents().consentOfLine(target).orElse("");
            case ETHICS_OFFICER_ROLE -> {
                AccountDirectory dir = accounts;
                yield dir == null ? "" : dir.origin(target).map(o -> o.ethicsOfficer() ? "ethics officer" : "no ethics officer").orElse("no account");
            }
            case POLICY -> {
                try {
                    Path f = policiesDir.resolve(Path.of(target).getFileName().toString());
                    yield Files.exists(f) ? Files.readString(f) : "";
                } catch (IOException e) {
                    yield "(unreadable: " + e.getMessage() + ")";
                }
            }
        };
    }

    static Consent parseConsent(String id, String value) {
        Map<String, String> kv = new HashMap<>();
        for (String part : value.split(";")) {
            String[] p = part.split("=", 2);
            if (p.length == 2) kv.put(p[0].trim(), p[1].trim());
        }
        Set<String> scopes = new TreeSet<>();
        for (String sc : kv.getOrDefault("scopes", "").split(",")) if (!sc.isBlank()) scopes.add(sc.trim());
        return new Consent(id, kv.getOrDefault("donor", ""), scopes,
                Consent.WithdrawalTerms.valueOf(kv.getOrDefault("onWithdrawal", "DISPOSE").toUpperCase().replace('-', '_')), Consent.State.ACTIVE, null);
    }

    @Override
    public void recordEvent(String actor, String action, String target, String reason) {
        require(actor, "actor");
        require(action, "action");
        recordOrFail(AuditEvent.record(actor, action, target == null ? "" : target, reason == null ? "" : reason, "", "", policySetHash()));
    }

    private long recordOrFail(AuditEvent e) {
        try {
            return audit.record(e);
        } catch (IOException ex) {
            throw new IllegalStateException("the audit log could not record " + e.action() + "; nothing was changed: " + ex.getMessage(), ex);
        }
    }

    private static void require(String v, String what) {
        if (v == null || v.isBlank()) throw new IllegalArgumentException("a " + what + " is required");
    }
}
