package org.neurolab.control;

import java.util.Map;
import java.util.Set;
import org.neurolab.api.control.PrivateCommandPaths;
import org.neurolab.control.internal.PrivatePath;

/**
 * Private command paths with rules given directly, for tests and benchmarks that run without a framework. They run
 * the lab's own command-path code; only the rules (which guards are required) come from the caller instead of the lab's
 * configuration.
 */
public final class CommandPaths {
    private CommandPaths() {
    }

    /** Paths that require no guard: every guard given is still asked. */
    public static PrivateCommandPaths unguarded() {
        return withRules(Set.of(), Map.of());
    }

    /**
     * @param requiredGuards guards every command needs (while one is missing, every command is refused)
     * @param actionGuards   guards needed per action, e.g. {@code dose -> dosing}
     */
    public static PrivateCommandPaths withRules(Set<String> requiredGuards, Map<String, Set<String>> actionGuards) {
        Set<String> required = Set.copyOf(requiredGuards);
        Map<String, Set<String>> perAction = Map.copyOf(actionGuards);
        return (devices, cultures, clock) -> PrivatePath.open(devices, cultures, clock, required, perAction);
    }
}
