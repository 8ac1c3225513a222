package org.neurolab.console.internal.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurolab.console.internal.auth.Role;
import org.neurolab.ethics.AuditQuery;
import org.neurolab.ethics.ChangeKind;
import org.neurolab.ethics.PoliciesInForce;

/**
 * The ethics officer's desk over REST: the policies in force, holds, consents, two-person changes (propose, approve,
 * reject), and the audit trail with a verification of its chain and signed checkpoints, all through the ethics office
 * (the console reads none of the ethics bundle's files).
 */
final class EthicsResource {
    private static final Access OFFICERS = Access.roles(Role.ETHICS_OFFICER);
    private static final Access OVERSIGHT = Access.roles(Role.ETHICS_OFFICER, Role.ADMIN);
    private static final Access HOLDERS = Access.roles(Role.ETHICS_OFFICER, Role.ADMIN, Role.OPERATOR);
    private final LabServices lab;

    EthicsResource(LabServices lab) {
        this.lab = lab;
    }

    void register(RouteTable t) {
        t.get("/api/ethics/policies", Access.ANY_USER, "The policy set in force (from the lab's home): its SHA-256, policy ids, documents "
                + "(name, sha256, text) and the folder", c -> policies());
        t.get("/api/ethics/holds", Access.ANY_USER, "Cultures on hold, with the reason; ?detail=true: a list with who held each, why and when",
                c -> "true".equals(c.query("detail")) ? lab.ethics().currentHolds() : lab.ethics().holds());
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
        t.get("/api/ethics/consents", OVERSIGHT, "Donor consents (pseudonymous donor codes, scopes, withdrawal terms, state) and cell lines linked to them",
                c -> lab.ethics().consents()); // read only: changes go through the two-person rule
        t.get("/api/ethics/changes", OVERSIGHT, "Changes waiting for their second person", c -> lab.ethics().pending());
        t.post("/api/ethics/changes", OFFICERS, "Propose a change of a consent, cell-line link, policy or ethics-officer role (ETHICS_OFFICER_ROLE, "
                + "target the account, value grant or remove): {kind, target, value, reason}", c -> {
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
        t.get("/api/ethics/audit", OVERSIGHT, "Audit trail entries, oldest first: from ?from (sequence number; default the newest ?limit, at most "
                + AuditQuery.MAX_LIMIT + "), only those of ?actor, ?action (exact, or a prefix ending in *), ?target, ?decision (allow, deny, record)", this::audit);
        t.get("/api/ethics/audit/verify", OVERSIGHT, "Verify the audit trail: hash chain, Merkle roots and signed checkpoints", c -> lab.ethics().verifyAudit());
    }

    private Map<String, Object> policies() {
        PoliciesInForce p = lab.ethics().policies();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("policySetHash", p.setHash());
        m.put("policies", p.policies());
        m.put("folder", p.folder());
        m.put("documents", p.documents());
        if (p.problem() != null) m.put("problem", p.problem());
        return m;
    }

    private Object audit(Call c) throws Exception {
        int limit = (int) c.queryLong("limit", 100, 1, AuditQuery.MAX_LIMIT);
        long from = c.queryLong("from", -1, 0, Long.MAX_VALUE);
        return lab.ethics().audit(new AuditQuery(from, limit, c.query("actor"), c.query("action"), c.query("target"), c.query("decision")));
    }
}
