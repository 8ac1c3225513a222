package org.neurolab.ethics;

import java.util.List;

/**
 * One entry of the audit trail as it is on disk (see the audit log's canonical JSON).
 *
 * @param seq  its sequence number, from 0
 * @param prev the leaf hash of the entry before it (hex; empty for the first)
 * @param time when it was written, ISO-8601 UTC
 */
public record AuditEntry(long seq, String prev, String time, long labTimeMicros, String actor, String action, String target, String decision,
                         String decidedBy, List<String> policyIds, String policySet, String reason, String oldValue, String newValue, String detail) {
    public AuditEntry {
        policyIds = List.copyOf(policyIds);
    }
}
