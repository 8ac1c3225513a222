package org.neurolab.console.internal.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.neurolab.api.control.Caller;
import org.neurolab.api.control.LabSession;
import org.neurolab.console.internal.auth.Principal;
import org.neurolab.console.internal.auth.Role;
import org.neurolab.dosing.DoseOrder;
import org.neurolab.dosing.Route;

/** Dosing: the catalogue, reservoirs and alerts, concentrations and dose history, doses, medium exchanges and refills. */
final class DosingResource {
    static final Access DOSERS = Access.roles(Role.RESEARCHER, Role.OPERATOR, Role.ADMIN);
    static final Access KEEPERS = Access.roles(Role.OPERATOR, Role.ADMIN);
    private final LabServices lab;

    DosingResource(LabServices lab) {
        this.lab = lab;
    }

    void register(RouteTable t) {
        t.get("/api/dosing/compounds", Access.ANY_USER, "The compound catalogue: form, effect, washout half-life, limits", c -> lab.dosing().catalogue());
        t.get("/api/dosing/reservoirs", Access.ANY_USER, "Reservoirs (medium, stocks, caged pre-loads) with their levels, and the alerts operators must see", c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("reservoirs", lab.dosing().reservoirs());
            m.put("alerts", lab.dosing().alerts());
            return m;
        });
        t.get("/api/dosing/organoids/{id*}", Access.ANY_USER, "A culture's chamber now (compound → µM) and the doses it was given", c -> {
            String id = culture(c.path("id"));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("organoid", id);
            m.put("concentrationsMicromolar", lab.dosing().concentrations(id));
            m.put("doses", lab.dosing().history(id));
            return m;
        });
        t.post("/api/dosing/doses", DOSERS, "Dose a compound: {organoid, compound, amount, unit (pmol, nmol, µmol, nM, µM, mM), route?, purpose?}; "
                + "guarded like every command (ethics, dosing limits, reservoirs)", this::dose);
        t.post("/api/dosing/exchanges", KEEPERS, "Exchange a culture's chamber medium: {organoid, volumeMicrolitres}", c -> {
            JsonNode body = c.json();
            String id = culture(Call.text(body, "organoid", true, 200));
            double volume = decimal(body, "volumeMicrolitres");
            try (LabSession s = lab.control().openSession(caller(c.principal(), "maintenance"))) {
                return lab.dosing().exchangeMedium(s, id, volume);
            }
        });
        t.post("/api/dosing/reservoirs/{id*}/refill", KEEPERS, "Record that a reservoir was refilled by hand: {level} in its unit", c ->
                lab.dosing().refill(caller(c.principal(), "maintenance"), c.path("id"), decimal(c.json(), "level")));
    }

    private Object dose(Call c) throws Exception {
        JsonNode body = c.json();
        String id = culture(Call.text(body, "organoid", true, 200));
        String compound = Call.text(body, "compound", true, 64);
        double amount = decimal(body, "amount");
        String unit = Call.text(body, "unit", true, 16);
        String route = Call.text(body, "route", false, 16);
        String purpose = Call.text(body, "purpose", false, 64);
        Route r;
        try {
            r = route == null ? null : Route.valueOf(route.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("route must be 'uncaging' or 'infusion', was '" + Call.clip(route) + "'");
        }
        try (LabSession s = lab.control().openSession(caller(c.principal(), purpose == null ? "research" : purpose))) {
            return lab.dosing().dose(s, new DoseOrder(id, compound, amount, unit, r));
        }
    }

    private String culture(String id) {
        return lab.cultures().culture(id).orElseThrow(() -> ApiException.notFound("no culture '" + Call.clip(id) + "'")).id();
    }

    private static double decimal(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) throw ApiException.badRequest("'" + field + "' is required (a number)");
        if (!v.isNumber()) throw ApiException.badRequest("'" + field + "' must be a number, was " + v.getNodeType().toString().toLowerCase());
        double d = v.asDouble();
        if (!Double.isFinite(d)) throw ApiException.badRequest("'" + field + "' must be a finite number");
        return d;
    }

    private static Caller caller(Principal p, String purpose) {
        Set<String> roles = new TreeSet<>();
        p.roles().forEach(role -> roles.add(role.id()));
        return new Caller(p.user(), roles, purpose);
    }
}
