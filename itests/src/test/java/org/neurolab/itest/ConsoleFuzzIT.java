package org.neurolab.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Malformed and hostile input to every endpoint, as an admin (so every route is reached past its role check):
 * wrong types, huge and deeply nested bodies, path traversal, script injection in names and values. Nothing may
 * answer 5xx, errors stay JSON, nothing lands outside the lab's folders, and stored text comes back as inert data.
 */
class ConsoleFuzzIT extends LabTestBase {
    static final String SCRIPT = "<script>window.__xss=1</script>";
    static final List<String> HOSTILE_SEGMENTS = List.of("../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "%2e%2e", enc(SCRIPT), "A".repeat(5000), "%00",
            enc("' OR 1=1 --"), "-1", "99999999999999999999999", enc("\"}]{"));
    static final String WRONG_TYPES = "{\"user\":1,\"password\":[],\"name\":{},\"roles\":\"admin\",\"code\":5,\"organoids\":\"x\",\"script\":true,"
            + "\"label\":[],\"reason\":{},\"organoid\":1,\"kind\":\"NOPE\",\"target\":[],\"value\":1,\"meaning\":{},\"disabled\":\"yes\",\"current\":1,"
            + "\"maxWallSeconds\":\"x\",\"purpose\":5}";
    static final String INJECTED = "{\"user\":\"" + SCRIPT + "\",\"password\":\"" + SCRIPT + "\",\"name\":\"" + SCRIPT + "\",\"roles\":[\"" + SCRIPT + "\"],"
            + "\"code\":\"" + SCRIPT + "\",\"organoids\":[\"" + SCRIPT + "\"],\"script\":\"../../etc/passwd\",\"label\":\"" + SCRIPT + "\",\"reason\":\"" + SCRIPT
            + "\",\"organoid\":\"../../etc\",\"kind\":\"" + SCRIPT + "\",\"target\":\"" + SCRIPT + "\",\"value\":\"" + SCRIPT + "\",\"meaning\":\"" + SCRIPT + "\"}";
    static final List<String> BODIES = List.of("", "not json", "[]", "123", "null", "{\"a\":", WRONG_TYPES, INJECTED, "[".repeat(20_000),
            "{\"code\":\"" + "a".repeat(2 << 20) + "\"}", "{\"maxWallSeconds\":1e308,\"organoids\":[1,2],\"script\":\"x.py\"}");
    static final List<String> QUERIES = List.of("?limit=-1", "?limit=abc", "?from=1e99&to=-5", "?binMicros=0", "?seconds=99999999999999",
            "?name=../../x.jar", "?electrode=3", "?limit=" + "9".repeat(400), "?from=5&to=1");

    static ApiClient admin;

    @BeforeAll
    static void start() throws Exception {
        lab = ConsoleLab.start(home);
        ApiClient session = ApiClient.anonymous(lab.httpPort).login("admin", ConsoleLab.ADMIN_PASSWORD);
        admin = ApiClient.withToken(lab.httpPort, session.post("/api/tokens", "{\"label\":\"fuzz\"}").json().get("token").asText());
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Test
    void no_input_makes_any_endpoint_fail_with_5xx() throws Exception {
        List<String> failures = new ArrayList<>();
        int sent = 0;
        for (String route : ConsoleAuthorizationIT.INTENDED.keySet()) {
            String method = route.substring(0, route.indexOf(' '));
            String pattern = route.substring(route.indexOf(' ') + 1);
            List<String> paths = new ArrayList<>();
            if (pattern.contains("{")) {
                for (String seg : HOSTILE_SEGMENTS) paths.add(pattern.replaceAll("\\{[^}]+}", java.util.regex.Matcher.quoteReplacement(seg)));
            } else {
                paths.add(pattern);
            }
            for (String path : paths) {
                if (method.equals("GET")) {
                    for (String q : QUERIES) sent += check(failures, method, path + q, null);
                    sent += check(failures, method, path, null);
                } else {
                    for (String body : BODIES) sent += check(failures, method, path, body);
                }
            }
        }
        assertEquals(List.of(), failures);
        System.out.println("fuzz: " + sent + " hostile requests, none answered 5xx");
        try (var s = Files.walk(home)) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().contains("passwd") || p.getFileName().toString().contains("<")).toList(),
                    "nothing written under a hostile name");
        }
        assertTrue(Files.notExists(home.resolveSibling("evil.jar")) && Files.notExists(home.resolveSibling("x.jar")));
    }

    private static int check(List<String> failures, String method, String path, String body) {
        ApiClient.Response r = null;
        RuntimeException lastFailure = null;
        // Jetty closes a connection after refusing what it did not read (a malformed URI, a body past its limits); the
        // client may have pooled that connection and reuse it: a few tries on fresh connections tell that apart from a
        // server that stopped answering
        for (int attempt = 0; attempt < 4 && r == null; attempt++) {
            try {
                r = send(method, path, body);
            } catch (java.io.UncheckedIOException closed) {
                lastFailure = closed;
                try {
                    Thread.sleep(50L * (attempt + 1));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return 1;
                }
            }
        }
        if (r == null) {
            // a reset is no 5xx; only a request Jetty refuses at the protocol level (oversized body) may end that way,
            // and the server must still be answering
            boolean protocolRefusal = body != null && body.length() > (1 << 20);
            if (!protocolRefusal || admin.get("/api/session").status() != 200)
                failures.add(method + " " + clip(path) + " with " + clip(String.valueOf(body)) + ": " + lastFailure);
            return 1;
        }
        if (r.status() >= 500) failures.add(method + " " + clip(path) + " with " + clip(String.valueOf(body)) + ": " + r);
        else if (r.status() >= 400 && r.headers().firstValue("Content-Type").orElse("").startsWith("application/json") && !r.json().has("error"))
            failures.add(method + " " + clip(path) + ": an error without an 'error' message: " + r);
        return 1;
    }

    private static ApiClient.Response send(String method, String path, String body) {
        return admin.send(method, path, body == null ? null : HttpRequest.BodyPublishers.ofString(body), body == null ? null : "application/json");
    }

    static String clip(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "…" : s;
    }

    @Test
    void stored_script_comes_back_as_inert_json_text() {
        String reason = SCRIPT + "<img src=x onerror=\"window.__xss=2\">";
        ApiClient.Response hold = admin.post("/api/ethics/holds", "{\"organoid\":\"sim-mea1-o2\",\"reason\":" + ApiClient.quote(reason) + "}");
        assertEquals(200, hold.status(), hold.toString());
        ApiClient.Response holds = admin.get("/api/ethics/holds");
        assertTrue(holds.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
        assertEquals("nosniff", holds.headers().firstValue("X-Content-Type-Options").orElseThrow());
        JsonNode parsed = holds.json();
        assertTrue(parsed.get("sim-mea1-o2").asText().startsWith(reason), "stored exactly, as data: " + parsed);
        ApiClient.Response token = admin.post("/api/tokens", "{\"label\":" + ApiClient.quote(SCRIPT) + "}");
        assertEquals(201, token.status());
        assertTrue(admin.get("/api/tokens").json().toString().contains("window.__xss"));
        ApiClient.Response page = admin.send("GET", "/ui/index.html", null, null);
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), csp);
        assertEquals(400, admin.post("/api/users", "{\"name\":" + ApiClient.quote(SCRIPT) + ",\"password\":\"long-enough-password\",\"roles\":[\"researcher\"]}").status());
        for (JsonNode u : admin.get("/api/users").json())
            assertTrue(u.get("name").asText().matches("[a-z][a-z0-9._-]+"), "no account was made under a hostile name: " + u);
    }
}
