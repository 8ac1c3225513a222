package org.neurolab.console.internal.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The OpenAPI 3.1 document, generated from the route table: every route, who may call it, its path parameters, its request and response schemas. */
final class OpenApiResource {
    private final RouteTable table;
    private final ApiSchemas schemas = new ApiSchemas();

    OpenApiResource(RouteTable table) {
        this.table = table;
    }

    /** Whether the route's bodies are described (every route should be: RouteTableTest checks it). */
    boolean described(Route r) {
        return schemas.op(r) != null;
    }

    private static Map<String, Object> parameter(Route r, String name) {
        boolean greedy = r.pattern().contains("{" + name + "*}");
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", name);
        p.put("in", "path");
        p.put("required", true);
        p.put("schema", Map.of("type", "string"));
        // ids like sim/mea0 are sent with their slash as it is, not as %2F
        if (greedy) {
            p.put("allowReserved", true);
            p.put("description", "may contain '/', sent unescaped (e.g. sim/mea0)");
        }
        return p;
    }

    /** getApiDosingReservoirsIdRefill: stable and unique per method and path, for generated clients. */
    static String operationId(Route r) {
        StringBuilder b = new StringBuilder(r.method().toLowerCase());
        for (String seg : r.segments()) {
            String word = seg.replaceAll("[{}*]", "");
            for (String part : word.split("[^A-Za-z0-9]+")) {
                if (part.isEmpty()) continue;
                b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return b.toString();
    }

    void register(RouteTable t) {
        t.get("/api/openapi.json", Access.PUBLIC, "This document", c -> document());
    }

    Map<String, Object> document() {
        Map<String, Object> paths = new TreeMap<>();
        for (Route r : table.routes()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> item = (Map<String, Object>) paths.computeIfAbsent(r.pattern().replace("*}", "}"), k -> new LinkedHashMap<>());
            Map<String, Object> op = new LinkedHashMap<>();
            op.put("summary", r.summary());
            op.put("x-access", r.access().describe());
            op.put("x-roles", r.access().roles().stream().map(role -> role.id()).sorted().toList());
            op.put("security", r.access().anonymous() ? List.of() : List.of(Map.of("session", List.of()), Map.of("bearer", List.of())));
            op.put("operationId", operationId(r));
            op.put("parameters", r.parameterNames().stream().map(n -> parameter(r, n)).toList());
            ApiSchemas.Op bodies = schemas.op(r);
            Map<String, Object> responses = new LinkedHashMap<>();
            if (bodies == null) {
                // a route added without its schemas (RouteTableTest says which): described, but not typed
                responses.put("200", Map.of("description", "JSON (no schema declared yet)"));
            } else {
                if (bodies.request() != null)
                    op.put("requestBody", Map.of("required", !bodies.requestOptional(), "content", Map.of(bodies.requestType(), Map.of("schema", bodies.request()))));
                responses.put(Integer.toString(bodies.status()), Map.of("description", r.summary(), "content",
                        Map.of(bodies.responseType(), Map.of("schema", bodies.response()))));
            }
            responses.put("4XX", Map.of("description", "refused: what was wrong", "content", Map.of("application/json", Map.of("schema", Schema.ref("Error")))));
            responses.put("5XX", Map.of("description", "the lab failed or a service it needs is not running", "content",
                    Map.of("application/json", Map.of("schema", Schema.ref("Error")))));
            op.put("responses", responses);
            item.put(r.method().toLowerCase(), op);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.1.0");
        doc.put("info", Map.of("title", "NeuroLab console API", "version", "1",
                "description", "Log in with POST /api/session (then send X-CSRF-Token on mutating requests) or send an API token as Authorization: Bearer."));
        doc.put("components", Map.of("schemas", schemas.components(), "securitySchemes", Map.of(
                "session", Map.of("type", "apiKey", "in", "cookie", "name", org.neurolab.console.internal.ApiCookies.SESSION),
                "bearer", Map.of("type", "http", "scheme", "bearer"))));
        doc.put("paths", paths);
        return doc;
    }
}
