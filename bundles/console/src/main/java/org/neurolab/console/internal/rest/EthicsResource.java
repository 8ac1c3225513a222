package org.neurolab.console.internal.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurolab.console.internal.auth.Role;
import org.neurolab.ethics.ChangeKind;
import org.neurolab.ethics.audit.AuditLog;
import org.neurolab.ethics.audit.CheckpointKeys;
import org.neurolab.ethics.audit.LogVerifier;

/**
 * The ethics officer's desk over REST: policy-set hash, holds, two-person changes (propose, approve, reject), and the
 * audit trail read from its files (never written here) with a verification of its chain and signed checkpoints.
 */
final class EthicsResource {
    private static final Access OFFICERS = Access.roles(Role.ETHICS_OFFICER);
    private static final Access OVERSIGHT = Access.roles(Role.ETHICS_OFFICER, Role.ADMIN);
    private static final Access HOLDERS = Access.roles(Role.ETHICS_OFFICER, Role.ADMIN, Role.OPERATOR);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final LabServices lab;

    EthicsResource(LabServices lab) {
        this.lab = lab;
    }

    void register(RouteTable t) {
        t.get("/api/ethics/policies", Access.ANY_USER, "The SHA-256 of the policy set in force", c -> Map.of("policySetHash", lab.ethics().policySetHash()));
        t.get("/api/ethics/holds", Access.ANY_USER, "Cultures on hold, with the reason", c -> lab.ethics().holds());
        t.post("/api/ethics/holds", HOLDERS, "Put a culture on hold (no stimulation or dosing until released): {organoid, reason}", c -> {
            JsonNode b = c.json();
            String organoid = Call.text(b, "organoid", true, 64);
            lab.cultures().culture(organoid).orElseThrow(() -> ApiException.notFound("no culture '" + Call.clip(organoid) + "'"));
            lab.ethics().hold(organoid, Call.text(b, "reason", true, 1000), c.user());
            return lab.ethics().holds();
        });
        t.post("/api/ethics/holds/{organoid*}", OFFICERS, "Release a hold (ethics officers only): {reason}", c -> {
            String organoid = c.path("organoid");
            if (!lab.ethics().holds().containsKey(organoid)) throw ApiException.notFound("culture '" + Call.clip(organoid) + "' is not on hold");
            lab.ethics().release(organoid, Call.text(c.json(), "reason", true, 1000), c.user());
            return lab.ethics().holds();
        });
        t.get("/api/ethics/consents", OVERSIGHT, "Donor consents (pseudonymous donor codes, scopes, withdrawal terms, state) and cell lines linked to them", c -> {
            Path file = lab.folder("neurolab.data.dir", "data").resolve("ethics").resolve("consents.json");
            if (!Files.exists(file)) return Map.of("consents", List.of(), "cellLines", Map.of());
            return JSON.readTree(file.toFile()); // read only: changes go through the two-person rule
        });
        t.get("/api/ethics/changes", OVERSIGHT, "Changes waiting for their second person", c -> lab.ethics().pending());
        t.post("/api/ethics/changes", OFFICERS, "Propose a change of a consent, cell-line link or policy: {kind, target, value, reason}", c -> {
            JsonNode b = c.json();
            ChangeKind kind;
            try {
                kind = ChangeKind.valueOf(Call.text(b, "kind", true, 40));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("'kind' must be one of " + List.of(ChangeKind.values()));
            }
            return Reply.created(lab.ethics().propose(kind, Call.text(b, "target", true, 200), Call.text(b, "value", true, 100_000), c.user(),
                    Call.text(b, "reason", true, 2000)));
        });
        t.post("/api/ethics/changes/{id}/approve", OFFICERS, "Approve a change proposed by someone else: {meaning} of the signature", c -> {
            String id = c.path("id");
            if (lab.ethics().pending().stream().noneMatch(p -> p.id().equals(id))) throw ApiException.notFound("no pending change '" + Call.clip(id) + "'");
            return Map.of("applied", lab.ethics().approve(id, c.user(), Call.text(c.json(), "meaning", true, 1000)));
        });
        t.post("/api/ethics/changes/{id}/reject", OFFICERS, "Reject a pending change (or withdraw your own): {reason}", c -> {
            String id = c.path("id");
            if (lab.ethics().pending().stream().noneMatch(p -> p.id().equals(id))) throw ApiException.notFound("no pending change '" + Call.clip(id) + "'");
            lab.ethics().reject(id, c.user(), Call.text(c.json(), "reason", true, 2000));
            return Map.of("rejected", id);
        });
        t.get("/api/ethics/audit", OVERSIGHT, "Audit trail entries from ?from (sequence number, default: the newest ?limit)", this::audit);
        t.get("/api/ethics/audit/verify", OVERSIGHT, "Verify the audit trail: hash chain, Merkle roots and signed checkpoints", c -> {
            Path dir = auditDir();
            Path key = dir.resolve(CheckpointKeys.PUBLIC);
            if (!Files.exists(key)) throw new ApiException(409, "the audit trail has no checkpoint key yet (" + CheckpointKeys.PUBLIC + ")");
            return LogVerifier.verify(dir, CheckpointKeys.publicKey(key));
        });
    }

    private Path auditDir() {
        return lab.folder("neurolab.data.dir", "data").resolve("ethics").resolve("audit");
    }

    private Object audit(Call c) throws Exception {
        int limit = (int) c.queryLong("limit", 100, 1, 5000);
        long from = c.queryLong("from", -1, 0, Long.MAX_VALUE);
        Path log = auditDir().resolve(AuditLog.LOG);
        Deque<JsonNode> out = new ArrayDeque<>();
        long total = 0;
        if (Files.exists(log)) {
            try (BufferedReader r = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.isBlank()) continue;
                    long seq = total++;
                    if (from >= 0 && (seq < from || out.size() >= limit)) continue;
                    JsonNode n;
                    try {
                        n = JSON.readTree(line);
                    } catch (Exception e) {
                        continue; // a torn last line: the verifier reports it
                    }
                    out.addLast(n);
                    if (from < 0 && out.size() > limit) out.removeFirst();
                }
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("total", total);
        m.put("entries", List.copyOf(out));
        return m;
    }
}
