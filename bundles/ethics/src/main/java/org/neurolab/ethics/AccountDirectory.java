package org.neurolab.ethics;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The lab's accounts as the two-person rule needs them, registered by whoever keeps the accounts (the console). The
 * ethics office refuses an approval when the approver and the proposer are not independent: one created the other's
 * account or granted one of the other's roles. Without this service no approval is possible (it fails closed).
 */
@ConsumerType
public interface AccountDirectory {
    /**
     * Where an account came from.
     *
     * @param user          the account
     * @param createdBy     who created it (empty: the lab itself, or not recorded)
     * @param roleGrantedBy per role id, who granted it (for the ethics-officer role: who proposed it and who approved it; absent:
     *                      not recorded)
     * @param ethicsOfficer it holds the ethics-officer role now
     * @param enabled       it may log in
     */
    record Origin(String user, String createdBy, Map<String, Set<String>> roleGrantedBy, boolean ethicsOfficer, boolean enabled) {
        public Origin {
            createdBy = createdBy == null ? "" : createdBy;
            Map<String, Set<String>> copy = new java.util.TreeMap<>();
            roleGrantedBy.forEach((role, by) -> copy.put(role, Set.copyOf(by)));
            roleGrantedBy = java.util.Collections.unmodifiableMap(copy);
        }
    }

    Optional<Origin> origin(String user);

    /**
     * Applies an approved {@link ChangeKind#ETHICS_OFFICER_ROLE} change, durably, before it returns.
     *
     * @throws IllegalArgumentException when there is no such account
     */
    void setEthicsOfficer(String user, boolean officer, String proposedBy, String approvedBy);
}
