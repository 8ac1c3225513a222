package org.neurolab.ethics.internal.policy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Objects;

/**
 * One enforced limit of a policy document.
 *
 * @param id             the policy id named in refusals, e.g. {@code stim.charge-per-phase}
 * @param version        its version
 * @param kind           what it limits (see {@link Rules})
 * @param max            the largest allowed value, in the kind's unit
 * @param windowSeconds  for budgets: the rolling window
 * @param minRestSeconds for budgets: how long a culture rests once its budget is spent
 * @param why            the rationale, for people
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record Limit(String id, int version, String kind, double max, double windowSeconds, double minRestSeconds, String why) {
    public Limit {
        Objects.requireNonNull(id, "a limit needs an id");
        Objects.requireNonNull(kind, "limit " + id + " needs a kind");
        if (version < 1) throw new IllegalArgumentException("limit " + id + " needs a version >= 1");
        if (!Double.isFinite(max) || max < 0) throw new IllegalArgumentException("limit " + id + ": max must be a finite number >= 0");
        why = Objects.requireNonNullElse(why, "");
    }

    /** How refusals name it: {@code stim.charge-per-phase v1}. */
    public String ref() {
        return id + " v" + version;
    }
}
