package org.neurolab.console.internal.ui;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The web UI: static files packed in this bundle (nothing from the internet: labs are often offline), served with
 * a Content-Security-Policy that allows only this origin's own scripts, so even a string that slipped into a page
 * as markup could not run. {@code /} leads to the UI.
 */
public final class UiServlet extends HttpServlet {
    private static final Pattern FILE = Pattern.compile("[a-z0-9-]+\\.(html|js|css|svg|png)");
    private static final Map<String, String> TYPES = Map.of("html", "text/html;charset=utf-8", "js", "text/javascript;charset=utf-8",
            "css", "text/css;charset=utf-8", "svg", "image/svg+xml", "png", "image/png");
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String uri = req.getRequestURI();
        if (uri.equals("/") || uri.equals("/ui")) {
            resp.sendRedirect("/ui/");
            return;
        }
        if (!uri.startsWith("/ui/")) {
            notFound(resp);
            return;
        }
        String name = uri.substring(4);
        if (name.isEmpty()) name = "index.html";
        if (!FILE.matcher(name).matches()) {
            notFound(resp);
            return;
        }
        try (InputStream in = UiServlet.class.getResourceAsStream("/ui/" + name)) {
            if (in == null) {
                notFound(resp);
                return;
            }
            byte[] bytes = in.readAllBytes();
            resp.setStatus(200);
            resp.setContentType(TYPES.get(name.substring(name.lastIndexOf('.') + 1)));
            resp.setHeader("Content-Security-Policy", CSP);
            resp.setHeader("X-Content-Type-Options", "nosniff");
            resp.setHeader("X-Frame-Options", "DENY");
            resp.setHeader("Referrer-Policy", "same-origin");
            resp.setHeader("Cache-Control", "no-cache");
            resp.setContentLength(bytes.length);
            resp.getOutputStream().write(bytes);
        }
    }

    private static void notFound(HttpServletResponse resp) throws IOException {
        resp.setStatus(404);
        resp.setContentType("text/plain;charset=utf-8");
        resp.getWriter().write("not found; the console is at /ui/ and the API at /api/openapi.json\n");
    }
}
