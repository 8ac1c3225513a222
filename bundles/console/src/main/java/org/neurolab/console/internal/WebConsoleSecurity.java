package org.neurolab.console.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.felix.webconsole.spi.SecurityProvider;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards the Felix Web Console with the lab's own account instead of its built-in admin/admin: HTTP Basic
 * against a PBKDF2 hash, a throttle on failed logins, and a same-origin check on every state-changing
 * request (the Web Console has no CSRF protection of its own, and browsers replay Basic credentials).
 * The launcher names this provider as required, so the Web Console answers nothing until it is up.
 */
@Component(property = SecurityProvider.PROPERTY_ID + "=neurolab")
public class WebConsoleSecurity implements SecurityProvider {
    private static final Logger LOG = LoggerFactory.getLogger(WebConsoleSecurity.class);
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final long VERIFIED_TTL_MILLIS = 10 * 60_000;

    private final PasswordHash adminHash;
    private final LoginThrottle throttle = new LoginThrottle(5, 60_000, System::currentTimeMillis);
    /** Digests of Authorization headers already verified: the slow hash runs once per login, not per request. */
    private final Map<String, Long> verified = new ConcurrentHashMap<>();

    @Activate
    public WebConsoleSecurity(BundleContext context) throws IOException {
        String dataDir = context.getProperty("neurolab.data.dir");
        Path file = Path.of(dataDir == null ? "data" : dataDir, "security", "admin.credential");
        this.adminHash = AdminCredential.loadOrCreate(file, System.getenv(AdminCredential.ENV), PasswordHash.DEFAULT_ITERATIONS);
    }

    @Override
    public Object authenticate(HttpServletRequest request, HttpServletResponse response) {
        String address = request.getRemoteAddr();
        try {
            if (!SAFE_METHODS.contains(request.getMethod()) && !sameOrigin(request)) {
                LOG.warn("Refused cross-origin {} {} from {}", request.getMethod(), request.getRequestURI(), address);
                response.sendError(HttpServletResponse.SC_FORBIDDEN, "cross-origin request refused: the Origin or Referer must be this console");
                return null;
            }
            long wait = throttle.waitMillis(address);
            if (wait > 0) {
                response.setHeader("Retry-After", Long.toString((wait + 999) / 1000));
                response.sendError(429, "too many failed logins from " + address + "; try again in " + (wait + 999) / 1000 + " s");
                return null;
            }
            String user = checkBasic(request.getHeader("Authorization"));
            if (user != null) {
                throttle.succeeded(address);
                return user;
            }
            if (request.getHeader("Authorization") != null) {
                throttle.failed(address);
                LOG.warn("Failed Web Console login from {}", address);
            }
            response.setHeader("WWW-Authenticate", "Basic realm=\"NeuroLab\", charset=\"UTF-8\"");
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED, "log in with a NeuroLab admin account");
        } catch (IOException e) {
            LOG.debug("Could not send the refusal", e);
        }
        return null;
    }

    String checkBasic(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) return null;
        String key = digest(header);
        Long until = verified.get(key);
        if (until != null && until > System.currentTimeMillis()) return AdminCredential.USER;
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0 || !decoded.substring(0, colon).equals(AdminCredential.USER)) return null;
        if (!adminHash.matches(decoded.substring(colon + 1).toCharArray())) return null;
        verified.put(key, System.currentTimeMillis() + VERIFIED_TTL_MILLIS);
        return AdminCredential.USER;
    }

    static boolean sameOrigin(HttpServletRequest request) {
        String source = request.getHeader("Origin");
        if (source == null || source.equals("null")) source = request.getHeader("Referer");
        if (source == null) return false;
        try {
            URI uri = URI.create(source);
            int port = uri.getPort() == -1 ? ("https".equals(uri.getScheme()) ? 443 : 80) : uri.getPort();
            return request.getServerName().equalsIgnoreCase(uri.getHost()) && request.getServerPort() == port;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public boolean authorize(Object user, String role) {
        return AdminCredential.USER.equals(user);
    }

    @Override
    public void logout(HttpServletRequest request, HttpServletResponse response) {
        String header = request.getHeader("Authorization");
        if (header != null) verified.remove(digest(header));
    }

    private static String digest(String s) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
