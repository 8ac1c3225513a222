package org.neurolab.ethics;

import java.util.Objects;

/**
 * A culture on hold: no stimulation or dosing reaches it until an ethics officer releases it.
 *
 * @param organoidId the culture
 * @param reason     why it was held (a tripwire's finding starts with {@code tripwire:})
 * @param by         who held it ({@code system:tripwire} for the tripwire)
 * @param since      when, ISO-8601 UTC, as the audit trail recorded it
 * @param auditSeq   the audit entry that put the hold in force
 */
public record Hold(String organoidId, String reason, String by, String since, long auditSeq) {
    public Hold {
        Objects.requireNonNull(organoidId, "organoid");
        reason = Objects.requireNonNullElse(reason, "");
        by = Objects.requireNonNullElse(by, "");
        since = Objects.requireNonNullElse(since, "");
    }
}
