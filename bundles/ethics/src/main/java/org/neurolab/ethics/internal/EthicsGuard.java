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
import org.neurolab.api.clock.LabClock;
import org.neurolab.api.control.CommandGuard;
import org.neurolab.api.control.CommandRequest;
import org.neurolab.api.control.GuardDecision;
import org.neurolab.api.lab.CultureRegistry;
import org.neurolab.api.lab.Organoid;
import org.neurolab.ethics.ChangeKind;
import org.neurolab.ethics.ConsentWithdrawalListener;
import org.neurolab.ethics.EthicsOffice;
import org.neurolab.ethics.PendingChange;
import org.neurolab.ethics.audit.AuditEvent;
import org.neurolab.ethics.consent.Consent;
import org.neurolab.ethics.consent.ConsentBook;
import org.neurolab.ethics.consent.ConsentStore;
import org.neurolab.ethics.policy.ChargeLedger;
import org.neurolab.ethics.policy.PolicySet;
import org.neurolab.ethics.policy.Rules;
import org.osgi.framework.BundleContext;
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

    record Snapshot(PolicySet policies, ConsentBook consents, Map<String, String> holds, String broken) {
    }

    private final AuditTrail audit;
    private final Path policiesDir;
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

    @Activate
    public EthicsGuard(BundleContext context, EthicsConfig config, @Reference AuditTrail audit) {
        this(audit, Folders.policies(context, config), Folders.ethics(context));
    }

    EthicsGuard(AuditTrail audit, Path policiesDir, Path ethicsDir) {
        this.audit = audit;
        this.policiesDir = policiesDir;
        this.store = new ConsentStore(ethicsDir.resolve("consents.json"));
        this.tasks = ethicsDir.resolve("tasks.jsonl");
        this.snapshot = load();
        LOG.info("Ethics guard: policy set {} {}", snapshot.policies() == null ? "-" : snapshot.policies().hash(),
                snapshot.broken() == null ? "loaded" : "BROKEN, refusing every command: " + snapshot.broken());
    }

    private Snapshot load() {
        PolicySet p;
        try {
            p = PolicySet.load(policiesDir);
        } catch (IOException | RuntimeException e) {
            return new Snapshot(null, ConsentBook.empty(), Map.of(), "the ethics policies could not be loaded (" + e.getMessage() + ")");
        }
        try {
            return new Snapshot(p, store.loadOrSeed(new HashSet<>(p.consent().scopes())), Map.of(), null);
        } catch (IOException | RuntimeException e) {
            return new Snapshot(p, ConsentBook.empty(), Map.of(), "the consent registry could not be read (" + e.getMessage() + ")");
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addListener(ConsentWithdrawalListener l) {
        listeners.add(l);
    }

    void removeListener(ConsentWithdrawalListener l) {
        listeners.remove(l);
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
        PendingChange c = new PendingChange("chg-" + System.currentTimeMillis() + "-" + changeCounter.incrementAndGet(), kind, target,
                newValue == null ? "" : newValue, author, reason, Instant.now().toString());
        recordOrFail(AuditEvent.record(author, "change.propose", kind + " " + target, reason, current(kind, target), c.newValue(), policySetHash()));
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
        if (c.author().equals(approver))
            throw new IllegalArgumentException("two-person rule: " + approver + " proposed " + changeId + " and cannot also approve it");
        String old = current(c.kind(), c.target());
        String applied = apply(c);
        pending.remove(changeId);
        audit.record(new AuditEvent(approver, "change.approve", c.kind() + " " + c.target(), "allow", approver, List.of("ethics.two-person v1"),
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
                List.of("ethics.two-person v1"), policySetHash(), reason + " | proposed by " + c.author() + " at " + c.proposedAt() + ": " + c.reason(),
                current(c.kind(), c.target()), c.newValue(), changeId, 0));
        pending.remove(changeId); // only once the trail holds it
    }

    @Override
    public Map<String, String> holds() {
        return snapshot.holds();
    }

    @Override
    public synchronized void hold(String organoidId, String reason, String by) {
        require(reason, "reason");
        Snapshot s = snapshot;
        Map<String, String> holds = new HashMap<>(s.holds());
        holds.put(organoidId, reason + " (by " + by + ")");
        snapshot = new Snapshot(s.policies(), s.consents(), Map.copyOf(holds), s.broken());
        recordOrFail(AuditEvent.record(by, "culture.hold", organoidId, reason, "", "on hold", policySetHash()));
    }

    @Override
    public synchronized void release(String organoidId, String reason, String by) {
        require(reason, "reason");
        Snapshot s = snapshot;
        Map<String, String> holds = new HashMap<>(s.holds());
        String was = holds.remove(organoidId);
        snapshot = new Snapshot(s.policies(), s.consents(), Map.copyOf(holds), s.broken());
        recordOrFail(AuditEvent.record(by, "culture.release", organoidId, reason, was == null ? "not held" : was, "released", policySetHash()));
    }

    private String apply(PendingChange c) throws IOException {
        Snapshot s = snapshot;
        switch (c.kind()) {
            case CONSENT -> {
                ConsentBook book = s.consents().with(parseConsent(c.target(), c.newValue()));
                store.save(book);
                snapshot = new Snapshot(s.policies(), book, s.holds(), s.broken());
                return "consent " + c.target() + " set";
            }
            case CELL_LINE -> {
                if (s.consents().consent(c.newValue()).isEmpty()) throw new IllegalArgumentException("no consent " + c.newValue() + " to link " + c.target() + " to");
                ConsentBook book = s.consents().withLine(c.target(), c.newValue());
                store.save(book);
                snapshot = new Snapshot(s.policies(), book, s.holds(), s.broken());
                return "cell line " + c.target() + " linked to consent " + c.newValue();
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
                snapshot = new Snapshot(next, s.consents(), s.holds(), null);
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
        snapshot = new Snapshot(s.policies(), book, s.holds(), s.broken());

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

    private void recordOrFail(AuditEvent e) {
        try {
            audit.record(e);
        } catch (IOException ex) {
            throw new IllegalStateException("the audit log could not record " + e.action() + "; nothing was changed: " + ex.getMessage(), ex);
        }
    }

    private static void require(String v, String what) {
        if (v == null || v.isBlank()) throw new IllegalArgumentException("a " + what + " is required");
    }
}
