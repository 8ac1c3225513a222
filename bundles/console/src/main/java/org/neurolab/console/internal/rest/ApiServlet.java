package org.neurolab.console.internal.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.neurolab.api.control.CommandRefusedException;
import org.neurolab.console.internal.ApiCookies;
import org.neurolab.console.internal.auth.Accounts;
import org.neurolab.console.internal.auth.Principal;
import org.neurolab.console.internal.log.LogLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches {@code /api/*} through the route table: finds the route (404, 405), authenticates (bearer token or
 * session cookie; 401), checks the role (403) and, for a session, the CSRF token on every mutating request (403),
 * then runs the handler; a route whose request schema is marked checked has its JSON body validated against it first
 * (400 naming the field). Every answer is JSON; an error is {@code {"error": "..."}} saying what was wrong; a fault
 * of the lab itself is a 500 with no stack trace (the log has it).
 */
public final class ApiServlet extends HttpServlet {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");
    /** What a session may do while its password is a temporary one an admin set: see who it is, the lab's health, change it, leave. */
    private static final Set<String> WHILE_PASSWORD_TEMPORARY = Set.of("GET /api/session", "DELETE /api/session", "PUT /api/session/password",
            "GET /api/health", "GET /api/openapi.json");
    public static final String CSRF_HEADER = "X-CSRF-Token";

    private final RouteTable routes;
    private final Accounts accounts;
    private final ObjectMapper json;
    private final ApiSchemas schemas = new ApiSchemas();
    private final RequestValidator validator = new RequestValidator(schemas.components());

    public ApiServlet(RouteTable routes, Accounts accounts) {
        this.routes = routes;
        this.accounts = accounts;
        this.json = mapper();
    }

    public static ObjectMapper mapper() {
        SimpleModule times = new SimpleModule("times");
        times.addSerializer(Instant.class, ToStringSerializer.instance);
        times.addSerializer(Duration.class, ToStringSerializer.instance);
        times.addSerializer(java.time.LocalDate.class, ToStringSerializer.instance);
        return new ObjectMapper().registerModule(times);
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        String method = req.getMethod();
        try {
            List<String> path = segments(req.getRequestURI());
            RouteTable.Match m = routes.match(method, path);
            if (m == null) {
                List<String> allowed = routes.methodsFor(path);
                if (allowed.isEmpty()) throw ApiException.notFound("no such endpoint: " + Call.clip(req.getRequestURI()) + " (see /api/openapi.json)");
                resp.setHeader("Allow", String.join(", ", allowed));
                throw new ApiException(405, method + " is not allowed on " + Call.clip(req.getRequestURI()) + "; allowed: " + String.join(", ", allowed));
            }
            Route route = m.route();
            Principal principal = authenticate(req);
            if (!route.access().anonymous()) {
                if (principal == null) throw new ApiException(401, "log in first (POST /api/session) or send an API token as 'Authorization: Bearer ...'");
                if (!route.access().allows(principal))
                    throw new ApiException(403, method + " " + route.pattern() + " needs " + route.access().describe() + "; " + principal.user() + " has "
                            + principal.roles().stream().map(r -> r.id()).sorted().toList());
            }
            if (principal != null && principal.viaSession() && !WHILE_PASSWORD_TEMPORARY.contains(method + " " + route.pattern())) {
                var account = accounts.users().get(principal.user());
                if (account.isPresent() && account.get().mustChangePassword())
                    throw new ApiException(403, "the password of " + principal.user() + " is a temporary one " + account.get().passwordSetBy()
                            + " set: choose your own first (PUT /api/session/password with current and password; the console asks for it at login)");
            }
            if (principal != null && principal.viaSession() && !SAFE.contains(method)) {
                String sent = req.getHeader(CSRF_HEADER);
                if (sent == null || !java.security.MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8), principal.csrfToken().getBytes(StandardCharsets.UTF_8)))
                    throw new ApiException(403, "missing or wrong " + CSRF_HEADER + " header: a browser session must send the token it got at login");
            }
            Map<String, Object> bodySchema = schemas.checkedRequest(route);
            Object result = route.handler().handle(new Call(req, resp, principal, m.params(), route.maxBodyBytes(), json,
                    bodySchema == null ? null : body -> validator.check(body, bodySchema)));
            if (result == Call.STREAMED) return;
            if (result instanceof Reply r) write(resp, r.status(), r.body());
            else write(resp, 200, result);
        } catch (ApiException e) {
            error(req, resp, e.status(), e.getMessage());
        } catch (CommandRefusedException e) {
            error(req, resp, 403, e.getMessage().startsWith("refused") ? e.getMessage() : "refused: " + e.getMessage());
        } catch (SecurityException e) {
            error(req, resp, 403, e.getMessage());
        } catch (IllegalArgumentException e) {
            error(req, resp, 400, e.getMessage());
        } catch (NoSuchElementException e) {
            error(req, resp, 404, e.getMessage());
        } catch (IllegalStateException e) {
            error(req, resp, 409, e.getMessage());
        } catch (UnsupportedOperationException e) {
            error(req, resp, 501, "not available in this build: " + e.getMessage());
        } catch (IOException e) {
            // mostly the client going away mid-request
            LOG.debug("I/O on {} {}: {}", method, Call.clip(req.getRequestURI()), e.toString());
            error(req, resp, 400, "could not read the request: " + (e.getMessage() == null ? e.getClass().getSimpleName() : Call.clip(e.getMessage())));
        } catch (Exception e) {
            if (isBadMessage(e)) {
                // the container refusing what it was sent (a malformed form body, a bad header): the client's fault, said as such
                error(req, resp, 400, "the request could not be read: " + (e.getMessage() == null ? e.getClass().getSimpleName() : Call.clip(e.getMessage())));
                return;
            }
            String cause = e.getClass().getName() + " " + method + " " + routeOf(method, req);
            long left = LOG_LIMIT.admit(cause);
            if (left >= 0) LOG.error("{} {} failed{}", method, Call.clip(req.getRequestURI()), left > 0 ? " (" + left + " more like it in the last minute not logged)" : "", e);
            error(req, resp, 500, "the lab failed to answer this request (" + e.getClass().getSimpleName() + "); the lab's log has the details");
        }
    }

    /** Five lines a minute per kind of failure and route: a client repeating one bad request cannot fill the disk with stack traces. */
    private static final LogLimiter LOG_LIMIT = new LogLimiter(5, 60_000, System::currentTimeMillis);

    private String routeOf(String method, HttpServletRequest req) {
        try {
            RouteTable.Match m = routes.match(method, segments(req.getRequestURI()));
            return m == null ? "(no route)" : m.route().pattern();
        } catch (RuntimeException e) {
            return "(bad path)";
        }
    }

    /** Jetty's BadMessageException and kin, found by name: the servlet API has no type for them. */
    private static boolean isBadMessage(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause())
            if (t.getClass().getSimpleName().contains("BadMessage")) return true;
        return false;
    }

    private Principal authenticate(HttpServletRequest req) {
        String auth = req.getHeader("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            Principal p = accounts.byToken(auth.substring(7).trim()).orElse(null);
            if (p == null) throw new ApiException(401, "the API token is not valid (revoked, mistyped, or its account is disabled)");
            return p;
        }
        String session = ApiCookies.session(req);
        return session == null ? null : accounts.bySession(session).orElse(null);
    }

    /** The path below /api split into decoded segments; anything trying to climb out is refused. */
    static List<String> segments(String uri) {
        String raw = uri;
        int q = raw.indexOf('?');
        if (q >= 0) raw = raw.substring(0, q);
        if (raw.endsWith("/") && raw.length() > 1) raw = raw.substring(0, raw.length() - 1);
        List<String> out = new ArrayList<>();
        for (String s : raw.substring(1).split("/", -1)) {
            String d;
            try {
                d = URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("the path has a malformed %-escape");
            }
            if (d.equals("..") || d.equals(".") || d.contains("/") || d.contains("\\") || d.indexOf('\0') >= 0)
                throw ApiException.badRequest("path segments must not be '.', '..' or contain slashes: " + Call.clip(d));
            out.add(d);
        }
        return out;
    }

    /** Bodies up to this size are read and dropped before an error answer; larger ones get the answer and a closed connection. */
    static final long MAX_DRAIN_BYTES = 16L << 20;

    /**
     * Reads what is left of a refused request's body, so the connection stays usable and the client reads our answer:
     * a server that answers before the body is read must close the connection, and a client still sending may then see
     * the connection reset instead of the error that says what was wrong.
     */
    private static void drain(HttpServletRequest req) {
        long declared = req.getContentLengthLong();
        if (declared == 0 || declared > MAX_DRAIN_BYTES) return;
        try {
            java.io.InputStream in = req.getInputStream();
            byte[] buf = new byte[8192];
            long total = 0;
            int n;
            while (total <= MAX_DRAIN_BYTES && (n = in.read(buf)) > 0) total += n;
        } catch (IOException | IllegalStateException e) {
            // the client went away, or the body was read as text already: nothing to keep open
        }
    }

    void write(HttpServletResponse resp, int status, Object body) throws IOException {
        if (resp.isCommitted()) return;
        resp.setStatus(status);
        resp.setContentType("application/json;charset=utf-8");
        byte[] bytes = json.writeValueAsBytes(body == null ? Map.of() : body);
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }

    private void error(HttpServletRequest req, HttpServletResponse resp, int status, String message) throws IOException {
        if (resp.isCommitted()) return;
        drain(req);
        resp.resetBuffer();
        write(resp, status, Map.of("error", message == null ? "(no detail)" : message));
    }
}
