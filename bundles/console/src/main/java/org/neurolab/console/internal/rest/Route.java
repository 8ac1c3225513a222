package org.neurolab.console.internal.rest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One endpoint: method, path pattern ({@code /api/users/{name}}; a segment {@code {name*}} takes one or more
 * segments, slashes included, for ids like {@code sim/mea0}; only literal segments may follow it, as in
 * {@code /api/dosing/reservoirs/{id*}/refill}), who may call it, the largest body it takes, a summary
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
                // the segments after it are literals matched from the end: {id*}/refill takes sim/pump0:gaba of sim/pump0:gaba/refill
                List<String> suffix = segs.subList(i + 1, segs.size());
                int end = path.size() - suffix.size();
                if (end <= i || !path.subList(end, path.size()).equals(suffix)) return null;
                List<String> taken = path.subList(i, end);
                if (taken.stream().anyMatch(String::isEmpty)) return null;
                params.put(s.substring(1, s.length() - 2), String.join("/", taken));
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
