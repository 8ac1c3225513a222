package org.neurolab.console.internal.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.neurolab.console.internal.auth.Principal;
import org.neurolab.console.internal.auth.Role;

/** One request to a route: its caller, path parameters, query and body, with checks that say what was wrong. */
public final class Call {
    /** Returned by a handler that wrote the response itself (a stream, a file). */
    public static final Object STREAMED = new Object();
    public static final int MAX_TEXT_CHARS = 10_000;

    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final Principal principal;
    private final Map<String, String> params;
    private final long maxBodyBytes;
    private final ObjectMapper json;
    /** Checks a JSON body against the route's declared request schema before the handler reads it; null: the handler checks. */
    private final java.util.function.Consumer<JsonNode> bodyCheck;
    private byte[] body;

    Call(HttpServletRequest request, HttpServletResponse response, Principal principal, Map<String, String> params, long maxBodyBytes, ObjectMapper json) {
        this(request, response, principal, params, maxBodyBytes, json, null);
    }

    Call(HttpServletRequest request, HttpServletResponse response, Principal principal, Map<String, String> params, long maxBodyBytes, ObjectMapper json,
         java.util.function.Consumer<JsonNode> bodyCheck) {
        this.bodyCheck = bodyCheck;
        this.request = request;
        this.response = response;
        this.principal = principal;
        this.params = params;
        this.maxBodyBytes = maxBodyBytes;
        this.json = json;
    }

    public HttpServletRequest request() {
        return request;
    }

    public HttpServletResponse response() {
        return response;
    }

    /** The caller; null only on public routes. */
    public Principal principal() {
        return principal;
    }

    public String user() {
        return principal == null ? "anonymous" : principal.user();
    }

    public boolean has(Role role) {
        return principal != null && principal.has(role);
    }

    public String address() {
        return request.getRemoteAddr();
    }

    public String path(String name) {
        return params.get(name);
    }

    /**
     * A query parameter, from the query string only: the servlet's {@code getParameter} would also read a form body
     * (any POST sent as {@code application/x-www-form-urlencoded}, curl's default), consuming the body a handler needs.
     */
    public String query(String name) {
        if (queryParams == null) queryParams = parseQuery(request.getQueryString());
        String v = queryParams.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    private Map<String, String> queryParams;

    static Map<String, String> parseQuery(String q) {
        Map<String, String> out = new java.util.HashMap<>();
        if (q == null || q.isEmpty()) return out;
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                out.putIfAbsent(java.net.URLDecoder.decode(k, StandardCharsets.UTF_8), java.net.URLDecoder.decode(v, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("the query string has a malformed %-escape");
            }
        }
        return out;
    }

    public long queryLong(String name, long fallback, long min, long max) {
        String v = query(name);
        if (v == null) return fallback;
        try {
            long n = Long.parseLong(v.trim());
            if (n < min || n > max) throw ApiException.badRequest("query parameter '" + name + "' must be " + min + ".." + max + ", was " + n);
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("query parameter '" + name + "' must be a whole number, was '" + clip(v) + "'");
        }
    }

    /** The raw body, at most the route's limit. */
    public byte[] bytes() throws IOException {
        if (body != null) return body;
        long declared = request.getContentLengthLong();
        if (declared > maxBodyBytes) throw new ApiException(413, "the body is " + declared + " bytes; this endpoint takes at most " + maxBodyBytes);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[16384];
        try (InputStream in = request.getInputStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                if (out.size() + n > maxBodyBytes) throw new ApiException(413, "the body is larger than the " + maxBodyBytes + " bytes this endpoint takes");
                out.write(buf, 0, n);
            }
        }
        body = out.toByteArray();
        return body;
    }

    /** The body as a JSON object. */
    public JsonNode json() throws IOException {
        byte[] b = bytes();
        if (b.length == 0) throw ApiException.badRequest("this request needs a JSON object as its body");
        JsonNode node;
        try {
            node = json.readTree(b);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) throw ApiException.badRequest("the body must be a JSON object, was " + (node == null ? "empty" : node.getNodeType().toString().toLowerCase()));
        if (bodyCheck != null) bodyCheck.accept(node);
        return node;
    }

    /** The JSON body if there is one, else an empty object. */
    public JsonNode jsonOrEmpty() throws IOException {
        return bytes().length == 0 ? json.createObjectNode() : json();
    }

    public static String text(JsonNode body, String field, boolean required, int maxChars) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (required) throw ApiException.badRequest("field '" + field + "' is required");
            return null;
        }
        if (!v.isTextual()) throw ApiException.badRequest("field '" + field + "' must be a string, was " + v.getNodeType().toString().toLowerCase());
        String s = v.asText();
        if (required && s.isBlank()) throw ApiException.badRequest("field '" + field + "' must not be empty");
        if (s.length() > maxChars) throw ApiException.badRequest("field '" + field + "' is longer than " + maxChars + " characters");
        return s;
    }

    public static List<String> texts(JsonNode body, String field, boolean required) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (required) throw ApiException.badRequest("field '" + field + "' is required (a list of strings)");
            return List.of();
        }
        if (!v.isArray()) throw ApiException.badRequest("field '" + field + "' must be a list of strings, was " + v.getNodeType().toString().toLowerCase());
        if (v.size() > 1000) throw ApiException.badRequest("field '" + field + "' has more than 1000 entries");
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isTextual()) throw ApiException.badRequest("field '" + field + "' must hold only strings");
            if (e.asText().length() > 200) throw ApiException.badRequest("an entry of '" + field + "' is longer than 200 characters");
            out.add(e.asText());
        }
        return out;
    }

    public static boolean bool(JsonNode body, String field, boolean fallback) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return fallback;
        if (!v.isBoolean()) throw ApiException.badRequest("field '" + field + "' must be true or false");
        return v.asBoolean();
    }

    public static long number(JsonNode body, String field, long fallback, long min, long max) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return fallback;
        if (!v.canConvertToLong() || !v.isIntegralNumber()) throw ApiException.badRequest("field '" + field + "' must be a whole number");
        long n = v.asLong();
        if (n < min || n > max) throw ApiException.badRequest("field '" + field + "' must be " + min + ".." + max + ", was " + n);
        return n;
    }

    static String clip(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
