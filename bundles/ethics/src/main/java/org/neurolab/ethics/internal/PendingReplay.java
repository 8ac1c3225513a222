package org.neurolab.ethics.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.neurolab.ethics.ChangeKind;
import org.neurolab.ethics.PendingChange;
import org.neurolab.ethics.internal.audit.AuditReader;

/**
 * Rebuilds the changes still waiting for their second person from the audit trail, so a restart loses no proposal
 * (an account created to become an officer keeps its pending grant): every {@code change.propose} whose change id
 * (the entry's detail) has no allowed {@code change.approve}, {@code change.reject} or {@code change.withdraw} after it.
 * Proposals recorded before the id was kept in the trail cannot be told apart and are not rebuilt.
 */
final class PendingReplay {
    static final String PROPOSE = "change.propose";

    private PendingReplay() {
    }

    static Map<String, PendingChange> fromTrail(Path auditDir) throws IOException {
        Map<String, PendingChange> pending = new TreeMap<>();
        AuditReader.forEach(auditDir, e -> {
            String id = e.detail();
            if (!id.startsWith("chg-")) return;
            switch (e.action()) {
                case PROPOSE -> {
                    int sp = e.target().indexOf(' ');
                    if (sp < 0) return;
                    ChangeKind kind;
                    try {
                        kind = ChangeKind.valueOf(e.target().substring(0, sp));
                    } catch (IllegalArgumentException unknown) {
                        return;
                    }
                    pending.put(id, new PendingChange(id, kind, e.target().substring(sp + 1), e.newValue(), e.actor(), e.reason(), e.time()));
                }
                case "change.approve" -> {
                    if (e.decision().equals("allow")) pending.remove(id);
                }
                case "change.reject", "change.withdraw" -> pending.remove(id);
                default -> {
                }
            }
        });
        return pending;
    }
}
