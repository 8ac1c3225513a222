package org.neurolab.control.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.neurolab.api.signal.DetectionSettings;

/**
 * The command path's rules: which guards and journals every command needs, which guards some actions need, which
 * required guards a dry run does without, and how raw-only arrays are detected. Read once from the configuration, or
 * given directly by unit tests and the bench (which have no ConfigAdmin).
 */
record ControlRules(Set<String> requiredGuards, Set<String> requiredJournals, Map<String, Set<String>> actionGuards, Set<String> dryRunWithout,
                    DetectionSettings detection) {
    ControlRules {
        requiredGuards = Set.copyOf(requiredGuards);
        requiredJournals = Set.copyOf(requiredJournals);
        actionGuards = Map.copyOf(actionGuards);
        dryRunWithout = Set.copyOf(dryRunWithout);
    }

    /** These guards and journals required, nothing per action, no dry-run exemption, the default detector. */
    static ControlRules requiring(Set<String> guards, Set<String> journals) {
        return new ControlRules(guards, journals, Map.of(), Set.of(), DetectionSettings.defaults());
    }

    ControlRules withDryRunWithout(Set<String> exempt) {
        return new ControlRules(requiredGuards, requiredJournals, actionGuards, exempt, detection);
    }

    /** @throws IllegalArgumentException saying which entry is malformed */
    static ControlRules of(ControlConfig c) {
        return new ControlRules(names(c.requiredGuards()), names(c.requiredJournals()), actionGuards(c.actionGuards()), names(c.dryRunWithout()),
                DetectionSettings.defaults().withThreshold(c.spikeThresholdSigmas()).withAdaptive(c.spikeAdaptiveNoise())
                        .withBlanking(Math.round(c.spikeBlankingMillis() * 1000)));
    }

    /** "dose=dosing" pairs; a malformed pair stops the configuration with what was wrong. */
    static Map<String, Set<String>> actionGuards(String[] values) {
        Map<String, Set<String>> out = new HashMap<>();
        for (String pair : names(values)) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1)
                throw new IllegalArgumentException("actionGuards entry '" + pair + "' is not action=guard (e.g. dose=dosing)");
            out.computeIfAbsent(pair.substring(0, eq).trim(), k -> new HashSet<>()).add(pair.substring(eq + 1).trim());
        }
        return out;
    }

    static Set<String> names(String[] values) {
        Set<String> out = new HashSet<>();
        // a .cfg file gives "a,b" as one string; ConfigAdmin proper gives an array: accept both
        if (values != null) Arrays.stream(values).flatMap(v -> Arrays.stream(v.split(","))).map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
        return out;
    }
}
