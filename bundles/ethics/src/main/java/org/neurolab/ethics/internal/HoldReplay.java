package org.neurolab.ethics.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.neurolab.ethics.Hold;
import org.neurolab.ethics.internal.audit.AuditReader;

/**
 * Rebuilds the holds in force from the audit trail: every {@code culture.hold} not followed by a {@code culture.release}
 * of the same culture. The trail is where a hold becomes durable (its entry is forced to disk before the hold takes
 * effect) and it is verified against its signed checkpoints when opened, so the holds cannot be dropped by editing a
 * side file, and there is no second record that could disagree with the trail.
 */
final class HoldReplay {
    static final String HOLD = "culture.hold";
    static final String RELEASE = "culture.release";

    private HoldReplay() {
    }

    static Map<String, Hold> fromTrail(Path auditDir) throws IOException {
        Map<String, Hold> held = new TreeMap<>();
        AuditReader.forEach(auditDir, e -> {
            if (e.action().equals(HOLD)) held.put(e.target(), new Hold(e.target(), e.reason(), e.actor(), e.time(), e.seq()));
            else if (e.action().equals(RELEASE)) held.remove(e.target());
        });
        return held;
    }
}
