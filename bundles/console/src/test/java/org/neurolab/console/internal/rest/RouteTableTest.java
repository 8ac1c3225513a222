package org.neurolab.console.internal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.neurolab.console.internal.auth.Principal;
import org.neurolab.console.internal.auth.Role;

class RouteTableTest {
    static final Handler NONE = c -> null;

    @Test
    void literal_segments_win_and_a_star_parameter_takes_the_rest_of_the_path() {
        RouteTable t = new RouteTable()
                .get("/api/users/{name}", Access.ANY_USER, "", NONE)
                .get("/api/users/me", Access.ANY_USER, "", NONE)
                .get("/api/meas/{meaId*}", Access.ANY_USER, "", NONE);
        assertEquals("/api/users/me", t.match("GET", List.of("api", "users", "me")).route().pattern());
        assertEquals(Map.of("name", "rita"), t.match("GET", List.of("api", "users", "rita")).params());
        assertEquals(Map.of("meaId", "sim/mea0"), t.match("GET", List.of("api", "meas", "sim", "mea0")).params());
        assertNull(t.match("GET", List.of("api", "meas")));
        assertNull(t.match("POST", List.of("api", "users", "rita")));
        assertEquals(List.of("GET"), t.methodsFor(List.of("api", "users", "rita")));
        assertThrows(IllegalStateException.class, () -> t.get("/api/users/me", Access.PUBLIC, "", NONE));
    }

    @Test
    void a_star_parameter_in_the_middle_takes_the_segments_before_the_literal_tail() {
        RouteTable t = new RouteTable()
                .post("/api/dosing/reservoirs/{id*}/refill", Access.ANY_USER, "", NONE)
                .get("/api/dosing/organoids/{id*}", Access.ANY_USER, "", NONE);
        assertEquals(Map.of("id", "sim/pump0:gaba"), t.match("POST", List.of("api", "dosing", "reservoirs", "sim", "pump0:gaba", "refill")).params());
        assertEquals(Map.of("id", "tank"), t.match("POST", List.of("api", "dosing", "reservoirs", "tank", "refill")).params());
        assertNull(t.match("POST", List.of("api", "dosing", "reservoirs", "sim", "pump0:gaba")), "the old undocumented path no longer refills");
        assertNull(t.match("POST", List.of("api", "dosing", "reservoirs", "refill")), "an empty id");
        assertNull(t.match("POST", List.of("api", "dosing", "reservoirs", "sim", "", "refill")), "an empty segment inside the id");
    }

    @Test
    void paths_that_climb_out_are_refused() {
        assertEquals(List.of("api", "meas", "sim", "mea0"), ApiServlet.segments("/api/meas/sim/mea0?x=1"));
        assertThrows(ApiException.class, () -> ApiServlet.segments("/api/users/.."));
        assertThrows(ApiException.class, () -> ApiServlet.segments("/api/users/..%2F..%2Fetc"));
        assertThrows(ApiException.class, () -> ApiServlet.segments("/api/users/%2e%2e"));
        assertThrows(ApiException.class, () -> ApiServlet.segments("/api/users/a%00b"));
        assertThrows(ApiException.class, () -> ApiServlet.segments("/api/users/%ZZ"));
    }

    @Test
    void access_says_who_may_call() {
        Principal rita = new Principal("rita", Set.of(Role.RESEARCHER), null, null);
        assertTrue(Access.PUBLIC.allows(null));
        assertFalse(Access.ANY_USER.allows(null));
        assertTrue(Access.ANY_USER.allows(rita));
        assertFalse(Access.roles(Role.ADMIN, Role.OPERATOR).allows(rita));
        assertTrue(Access.roles(Role.ADMIN, Role.RESEARCHER).allows(rita));
        assertEquals("role admin or operator", Access.roles(Role.OPERATOR, Role.ADMIN).describe());
    }

    @Test
    void every_route_of_the_console_is_in_the_openapi_document() {
        RouteTable t = new RouteTable();
        t.get("/api/a/{id}", Access.roles(Role.ADMIN), "A", NONE).post("/api/a", Access.ANY_USER, "make A", NONE);
        new OpenApiResource(t).register(t);
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Map<String, Object>>> paths = (Map<String, Map<String, Map<String, Object>>>) new OpenApiResource(t).document().get("paths");
        assertEquals(Set.of("/api/a/{id}", "/api/a", "/api/openapi.json"), paths.keySet());
        assertEquals(List.of("admin"), paths.get("/api/a/{id}").get("get").get("x-roles"));
        assertEquals("make A", paths.get("/api/a").get("post").get("summary"));
    }

    @Test
    void every_route_of_the_console_has_request_and_response_schemas() {
        RouteTable t = new ConsoleRoutes(null, null).table();
        OpenApiResource doc = new OpenApiResource(t);
        java.util.List<String> missing = t.routes().stream().filter(r -> !doc.described(r)).map(r -> r.method() + " " + r.pattern()).toList();
        assertEquals(List.of(), missing, "add their bodies to ApiSchemas");
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (Route r : t.routes()) assertTrue(ids.add(OpenApiResource.operationId(r)), "operationId of " + r.pattern() + " is unique");
    }

    @Test
    void remote_session_and_recording_access_routes_declare_no_open_objects() {
        RouteTable t = new ConsoleRoutes(null, null).table();
        ApiSchemas schemas = new ApiSchemas();
        List<String> open = new java.util.ArrayList<>();
        for (Route r : t.routes()) {
            String p = r.pattern();
            if (!(p.startsWith("/api/remote-sessions") || p.endsWith("/status") && p.startsWith("/api/recordings") || p.contains("/shares") || p.endsWith("/snippets")))
                continue;
            ApiSchemas.Op op = schemas.op(r);
            openObjects(op.request(), schemas.components(), r.method() + " " + p + " request", open);
            openObjects(op.response(), schemas.components(), r.method() + " " + p + " response", open);
            if (op.request() != null && !r.method().equals("GET")) assertTrue(op.checked(), r.method() + " " + p + ": its body is checked against the schema");
        }
        assertEquals(List.of(), open, "objects without their fields");
    }

    @SuppressWarnings("unchecked")
    private static void openObjects(Object schema, Map<String, Object> components, String where, List<String> out) {
        if (!(schema instanceof Map<?, ?> m)) return;
        if (m.get("$ref") instanceof String ref) {
            openObjects(components.get(ref.substring(ref.lastIndexOf('/') + 1)), components, where, out);
            return;
        }
        if ("object".equals(m.get("type")) && !m.containsKey("properties") && !m.containsKey("additionalProperties")) out.add(where);
        for (Object v : m.values()) {
            if (v instanceof Map<?, ?>) openObjects(v, components, where, out);
            if (v instanceof List<?> l) for (Object e : l) openObjects(e, components, where, out);
        }
    }
}
