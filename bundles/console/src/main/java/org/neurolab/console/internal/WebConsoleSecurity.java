package org.neurolab.console.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.felix.webconsole.spi.SecurityProvider;
import org.neurolab.console.internal.auth.Accounts;
import org.neurolab.console.internal.auth.Role;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards the Felix Web Console with the lab's own accounts instead of its built-in admin/admin: an admin's console
 * session, or HTTP Basic against the account's PBKDF2 hash, with the same login throttle and audit as the console,
 * and a same-origin check on every state-changing request (the Web Console has no CSRF protection of its own, and
 * browsers replay Basic credentials). Only accounts with the admin role get in.
 * The launcher names this provider as required, so the Web Console answers nothing until it is up.
 */
@Component(property = SecurityProvider.PROPERTY_ID + "=neurolab")
public class WebConsoleSecurity implements SecurityProvider {
    private static final Logger LOG = LoggerFactory.getLogger(WebConsoleSecurity.class);
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final long VERIFIED_TTL_MILLIS = 10 * 60_000;

    private final Accounts accounts;
    /** Digests of Authorization headers already verified: the slow hash runs once per login, not per request. */
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    @Activate
    public WebConsoleSecurity(@Reference Accounts accounts) {
        this.accounts = accounts;
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
            if (installsCode(request)) {
                LOG.warn("Refused a bundle install/update through the Web Console from {}: {}", address, request.getRequestURI());
                response.sendError(HttpServletResponse.SC_FORBIDDEN, "bundles are installed through deploy/, `neurolab install` or the console's upload,"
                        + " which take only jars signed by a key of the lab's trust store; the Web Console installs and updates nothing");
                return null;
            }
            String session = ApiCookies.session(request);
            if (session != null) {
                var p = accounts.bySession(session);
                if (p.isPresent() && p.get().has(Role.ADMIN)
                        && !accounts.users().get(p.get().user()).map(a -> a.mustChangePassword()).orElse(true)) return p.get().user();
            }
            String header = request.getHeader("Authorization");
            if (header != null) {
                // throttled addresses wait even with a header verified before: guessing must not ride on a cached login
                String[] basic = decodeBasic(header);
                Accounts.LoginResult.Throttled held = accounts.held(basic == null ? null : basic[0], address);
                if (held != null) {
                    response.setHeader("Retry-After", Long.toString((held.waitMillis() + 999) / 1000));
                    response.sendError(429, held.message());
                    return null;
                }
                String cached = cachedUser(header);
                if (cached != null) return cached;
                if (basic != null) {
                    switch (accounts.login(basic[0], basic[1].toCharArray(), address, false)) {
                        case Accounts.LoginResult.Ok ok when ok.account().has(Role.ADMIN) && ok.account().mustChangePassword() -> {
                            response.sendError(HttpServletResponse.SC_FORBIDDEN, "the password of " + basic[0] + " is a temporary one: choose your own in the console first");
                            return null;
                        }
                        case Accounts.LoginResult.Ok ok when ok.account().has(Role.ADMIN) -> {
                            verified.put(digest(header), new Verified(basic[0], System.currentTimeMillis() + VERIFIED_TTL_MILLIS));
                            return basic[0];
                        }
                        case Accounts.LoginResult.Throttled t -> {
                            response.setHeader("Retry-After", Long.toString((t.waitMillis() + 999) / 1000));
                            response.sendError(429, t.message());
                            return null;
                        }
                        default -> LOG.warn("Refused Web Console login of '{}' from {}", basic[0], address);
                    }
                }
            }
            response.setHeader("WWW-Authenticate", "Basic realm=\"NeuroLab\", charset=\"UTF-8\"");
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED, "log in with a NeuroLab admin account");
        } catch (IOException e) {
            LOG.debug("Could not send the refusal", e);
        }
        return null;
    }

    /**
     * The Web Console's own ways to put code into the lab (an uploaded jar, install or update of a bundle) would go around
     * the signature check of deploy/: refused. A multipart body is how it uploads; its form's {@code action} says the rest.
     */
    static boolean installsCode(HttpServletRequest request) {
        if (SAFE_METHODS.contains(request.getMethod())) return false;
        String type = request.getContentType();
        if (type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/")) return true;
        if (!request.getRequestURI().contains("/system/console/bundles")) return false;
        String action = request.getParameter("action");
        return "install".equals(action) || "update".equals(action);
    }

    private record Verified(String user, long untilMillis) {
    }

    /** The user of an Authorization header verified recently, if the account is still an enabled admin. */
    private String cachedUser(String header) {
        Verified v = verified.get(digest(header));
        if (v == null || v.untilMillis() < System.currentTimeMillis()) return null;
        return accounts.users().get(v.user()).filter(a -> !a.disabled() && a.has(Role.ADMIN)).map(a -> v.user()).orElse(null);
    }

    static String[] decodeBasic(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) return null;
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? null : new String[]{decoded.substring(0, colon), decoded.substring(colon + 1)};
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
        return user instanceof String name && accounts.users().get(name).filter(a -> !a.disabled() && a.has(Role.ADMIN)).isPresent();
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
