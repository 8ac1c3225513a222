package org.neurolab.console.internal.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The OpenAPI 3.1 document, generated from the route table: every route, who may call it, its path parameters. */
final class OpenApiResource {
    private final RouteTable table;

    OpenApiResource(RouteTable table) {
        this.table = table;
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
            op.put("parameters", r.parameterNames().stream().map(n -> Map.of("name", n, "in", "path", "required", true, "schema", Map.of("type", "string"))).toList());
            Map<String, Object> responses = new LinkedHashMap<>();
            responses.put("200", Map.of("description", "JSON"));
            responses.put("4XX", Map.of("description", "{\"error\": \"what was wrong\"}"));
            op.put("responses", responses);
            item.put(r.method().toLowerCase(), op);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.1.0");
        doc.put("info", Map.of("title", "NeuroLab console API", "version", "1",
                "description", "Log in with POST /api/session (then send X-CSRF-Token on mutating requests) or send an API token as Authorization: Bearer."));
        doc.put("components", Map.of("securitySchemes", Map.of(
                "session", Map.of("type", "apiKey", "in", "cookie", "name", org.neurolab.console.internal.ApiCookies.SESSION),
                "bearer", Map.of("type", "http", "scheme", "bearer"))));
        doc.put("paths", paths);
        return doc;
    }
}
