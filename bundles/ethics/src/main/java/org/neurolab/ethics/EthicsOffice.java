package org.neurolab.ethics;

import java.io.IOException;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The ethics officer's desk. Every change of a consent, a cell-line link or a policy is proposed by one person and
 * applied only when another approves it (two-person rule); both are recorded in the audit trail with name, time and
 * the meaning of their signature. Holds stop all actions on a culture until released.
 */
@ProviderType
public interface EthicsOffice {
    /** SHA-256 of the policy set in force. */
    String policySetHash();

    PendingChange propose(ChangeKind kind, String target, String newValue, String author, String reason);

    /**
     * @param meaning what the approver's signature means, e.g. "reviewed against the signed consent form"
     * @return what was applied
     * @throws IllegalArgumentException when the approver is the author, the meaning is missing or the change is unknown
     * @throws IllegalStateException    when the two-person rule refuses this approver (see {@link AccountDirectory}): named
     *                                  with the rule
     */
    String approve(String changeId, String approver, String meaning) throws Exception;

    List<PendingChange> pending();

    /**
     * Ends a pending change without applying it: rejected by another officer, or withdrawn by its author; recorded in the
     * audit trail with who and why.
     *
     * @throws IllegalArgumentException when the change is unknown or the reason is missing
     */
    void reject(String changeId, String by, String reason);

    void hold(String organoidId, String reason, String by);

    void release(String organoidId, String reason, String by);

    /** Cultures on hold now, with the reason each was held. */
    java.util.Map<String, String> holds();

    /**
     * Cultures on hold now, with who held them, why and when, ordered by culture. A hold is in force only once its audit
     * entry is on disk, and holds are rebuilt from the audit trail at every start, so they survive a stop or a crash.
     */
    List<Hold> currentHolds();

    /** The consent registry in force (read only: changes go through {@link #propose}). */
    ConsentRegistry consents();

    /** The policy documents in force, from the lab's home, with the set's hash. */
    PoliciesInForce policies();

    /**
     * A page of the audit trail.
     *
     * @throws IOException when the trail cannot be read
     */
    AuditPage audit(AuditQuery query) throws IOException;

    /**
     * Verifies the whole audit trail against its signed checkpoints (as {@code neurolab audit verify} does).
     *
     * @throws IOException when the trail or its public key cannot be read
     */
    AuditVerification verifyAudit() throws IOException;

    /**
     * Appends one of the lab's own moments that is not a command (a run suspended on an incubator excursion, resumed,
     * stopped at its slot's end) to the audit trail.
     *
     * @throws IllegalStateException when the audit log cannot record it
     */
    void recordEvent(String actor, String action, String target, String reason);

    /**
     * The ethics guard for a dry run: it judges by the policies, consents and holds in force now, and by a copy of each
     * culture's charge budget as it stands now, so a dry run meets the refusals the real run would. It records nothing and
     * charges nothing of the lab's budget. {@code privateClock} is the dry run's; its lab time 0 counts as now.
     */
    org.neurolab.api.control.CommandGuard rehearsal(org.neurolab.api.clock.LabClock privateClock);
}
