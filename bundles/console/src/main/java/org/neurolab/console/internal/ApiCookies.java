package org.neurolab.console.internal;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;

/** The console's session cookie: HttpOnly (scripts cannot read it), SameSite=Strict (other sites cannot send it). */
public final class ApiCookies {
    public static final String SESSION = "NEUROLAB_SESSION";

    private ApiCookies() {
    }

    public static String session(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) return null;
        for (Cookie c : cookies) if (SESSION.equals(c.getName())) return c.getValue();
        return null;
    }

    /** The Set-Cookie header value; {@code maxAgeSeconds} 0 deletes it. */
    public static String header(String value, boolean secure, int maxAgeSeconds) {
        return SESSION + "=" + value + "; Path=/; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
                + (maxAgeSeconds >= 0 ? "; Max-Age=" + maxAgeSeconds : "");
    }
}
