package org.neurolab.console.internal.rest;

import java.util.ArrayList;
import java.util.List;

/**
 * Every endpoint of the API, in one list: the servlet dispatches from it, the OpenAPI document is generated from
 * it, and the authorization matrix test checks it. A resource is a small class that adds its routes here.
 */
public final class RouteTable {
    private final List<Route> routes = new ArrayList<>();

    public RouteTable get(String pattern, Access access, String summary, Handler handler) {
        return add(new Route("GET", pattern, access, 0, summary, handler));
    }

    public RouteTable post(String pattern, Access access, String summary, Handler handler) {
        return add(new Route("POST", pattern, access, Route.DEFAULT_MAX_BODY_BYTES, summary, handler));
    }

    public RouteTable put(String pattern, Access access, String summary, Handler handler) {
        return add(new Route("PUT", pattern, access, Route.DEFAULT_MAX_BODY_BYTES, summary, handler));
    }

    public RouteTable delete(String pattern, Access access, String summary, Handler handler) {
        return add(new Route("DELETE", pattern, access, Route.DEFAULT_MAX_BODY_BYTES, summary, handler));
    }

    public synchronized RouteTable add(Route route) {
        for (Route r : routes)
            if (r.method().equals(route.method()) && r.pattern().equals(route.pattern()))
                throw new IllegalStateException("route " + route.method() + " " + route.pattern() + " is defined twice");
        routes.add(route);
        return this;
    }

    public synchronized List<Route> routes() {
        return List.copyOf(routes);
    }

    public record Match(Route route, java.util.Map<String, String> params) {
    }

    /**
     * The route for this method and path; routes with literal segments win over parameters (so
     * {@code /api/users/me} is not {@code /api/users/{name}}). Null if none; {@link #pathKnown} tells 405 from 404.
     */
    public Match match(String method, List<String> path) {
        Match best = null;
        int bestLiterals = -1;
        for (Route r : routes()) {
            if (!r.method().equals(method)) continue;
            var params = r.match(path);
            if (params == null) continue;
            int literals = r.segments().size() - params.size();
            if (literals > bestLiterals) {
                best = new Match(r, params);
                bestLiterals = literals;
            }
        }
        return best;
    }

    public List<String> methodsFor(List<String> path) {
        return routes().stream().filter(r -> r.match(path) != null).map(Route::method).distinct().toList();
    }
}
