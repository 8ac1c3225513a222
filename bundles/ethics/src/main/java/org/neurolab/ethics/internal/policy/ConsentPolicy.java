package org.neurolab.ethics.internal.policy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The consent-scopes document: the scopes a consent can grant, which scope each caller purpose needs, and the
 * scopes every action on a culture needs (the culture exists only under them).
 */
public record ConsentPolicy(String id, int version, List<String> scopes, Map<String, String> purposes, List<String> requiredForEveryAction) {
    public ConsentPolicy {
        scopes = List.copyOf(scopes);
        purposes = Map.copyOf(purposes);
        requiredForEveryAction = List.copyOf(requiredForEveryAction);
        for (var e : purposes.entrySet())
            if (!scopes.contains(e.getValue())) throw new IllegalArgumentException(id + ": purpose " + e.getKey() + " maps to unknown scope " + e.getValue());
        for (String s : requiredForEveryAction)
            if (!scopes.contains(s)) throw new IllegalArgumentException(id + ": required scope " + s + " is not a known scope");
    }

    /** The scope a purpose needs; empty for a purpose the policy does not know, which is refused. */
    public Optional<String> scopeOf(String purpose) {
        return Optional.ofNullable(purposes.get(purpose));
    }

    public String ref() {
        return id + " v" + version;
    }
}
