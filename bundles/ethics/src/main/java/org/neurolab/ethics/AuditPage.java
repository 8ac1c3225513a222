package org.neurolab.ethics;

import java.util.List;

/**
 * A page of the audit trail.
 *
 * @param total   entries in the whole trail
 * @param matched entries that match the query's filters
 * @param entries this page, oldest first
 */
public record AuditPage(long total, long matched, List<AuditEntry> entries) {
    public AuditPage {
        entries = List.copyOf(entries);
    }
}
