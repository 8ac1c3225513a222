package org.neurolab.ethics;

import java.util.List;

/**
 * What the verifier found in the whole audit trail: the hash chain, every checkpoint's Ed25519 signature and Merkle root.
 *
 * @param ok                 nothing wrong
 * @param entries            entries in the trail
 * @param checkpoints        signed checkpoints checked
 * @param lastCheckpointSize entries the last valid checkpoint covers
 * @param uncovered          entries after it: chained, not yet under a signature
 * @param problems           what is wrong, first damage first
 */
public record AuditVerification(boolean ok, long entries, long checkpoints, long lastCheckpointSize, long uncovered, List<String> problems) {
    public AuditVerification {
        problems = List.copyOf(problems);
    }
}
