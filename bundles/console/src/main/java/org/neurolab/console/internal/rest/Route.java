package org.neurolab.console.internal.rest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One endpoint: method, path pattern ({@code /api/users/{name}}; a last segment {@code {name*}} takes the rest of
 * the path, slashes included, for ids like {@code sim/mea0}), who may call it, the largest body it takes, a summary
 * for the OpenAPI document, and its handler.
 */
public record Route(String method, String pattern, Access access, long maxBodyBytes, String summary, Handler handler) {
    public static final long DEFAULT_MAX_BODY_BYTES = 1 << 20;

    public Route {
        Objects.requireNonNull(method);
        Objects.requireNonNull(pattern);
        Objects.requireNonNull(access);
        Objects.requireNonNull(handler);
    }

    public List<String> segments() {
        return List.of(pattern.substring(1).split("/"));
    }

    public List<String> parameterNames() {
        List<String> names = new ArrayList<>();
        for (String s : segments()) if (s.startsWith("{")) names.add(s.substring(1, s.length() - 1).replace("*", ""));
        return names;
    }

    /** Path parameters if the path matches, else null. Parameters are decoded path segments and never empty. */
    public Map<String, String> match(List<String> path) {
        List<String> segs = segments();
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < segs.size(); i++) {
            String s = segs.get(i);
            if (s.startsWith("{") && s.endsWith("*}")) {
                if (i >= path.size()) return null;
                params.put(s.substring(1, s.length() - 2), String.join("/", path.subList(i, path.size())));
                return params;
            }
            if (i >= path.size()) return null;
            if (s.startsWith("{")) {
                if (path.get(i).isEmpty()) return null;
                params.put(s.substring(1, s.length() - 1), path.get(i));
            } else if (!s.equals(path.get(i))) {
                return null;
            }
        }
        return segs.size() == path.size() ? params : null;
    }
}
