package org.neurolab.itest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The REST API as a script or a browser uses it: a session (cookie + CSRF token) or a bearer token. */
final class ApiClient {
    static final ObjectMapper JSON = new ObjectMapper();

    record Response(int status, String body, HttpHeaders headers) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        @Override
        public String toString() {
            return status + " " + (body.length() > 500 ? body.substring(0, 500) + "…" : body);
        }
    }

    final int port;
    final HttpClient http;
    String csrf;
    String bearer;

    private ApiClient(int port) {
        this.port = port;
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(10)).build();
    }

    static ApiClient anonymous(int port) {
        return new ApiClient(port);
    }

    static ApiClient withToken(int port, String token) {
        ApiClient c = new ApiClient(port);
        c.bearer = token;
        return c;
    }

    ApiClient login(String user, String password) {
        Response r = post("/api/session", "{\"user\":" + quote(user) + ",\"password\":" + quote(password) + "}");
        if (r.status() != 200) throw new AssertionError("login of " + user + " failed: " + r);
        csrf = r.json().get("csrfToken").asText();
        return this;
    }

    boolean tryLogin(String user, String password) {
        try {
            login(user, password);
            return true;
        } catch (AssertionError | UncheckedIOException e) {
            return false;
        }
    }

    Response get(String path) {
        return send("GET", path, null, null);
    }

    Response post(String path, String json) {
        return send("POST", path, json == null ? null : HttpRequest.BodyPublishers.ofString(json), "application/json");
    }

    Response put(String path, String json) {
        return send("PUT", path, HttpRequest.BodyPublishers.ofString(json), "application/json");
    }

    Response delete(String path) {
        return send("DELETE", path, null, null);
    }

    Response send(String method, String path, HttpRequest.BodyPublisher body, String contentType) {
        return send(method, path, body, contentType, true);
    }

    Response send(String method, String path, HttpRequest.BodyPublisher body, String contentType, boolean withCsrf) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(120))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : body);
        if (contentType != null) b.header("Content-Type", contentType);
        if (bearer != null) b.header("Authorization", "Bearer " + bearer);
        if (withCsrf && csrf != null && !method.equals("GET")) b.header("X-CSRF-Token", csrf);
        try {
            HttpResponse<String> r;
            try {
                r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                // a kept-alive connection the server closed as idle answers no bytes: a GET is safe to ask once more
                if (!method.equals("GET")) throw e;
                r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            }
            return new Response(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A GET whose body is binary (an export's zip): status and bytes. */
    record Download(int status, byte[] body, HttpHeaders headers) {
    }

    Download download(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(120)).GET();
        if (bearer != null) b.header("Authorization", "Bearer " + bearer);
        try {
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Download(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
