package org.neurolab.control.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "NeuroLab command path",
        description = "Which guards and journals must be present before any command reaches a culture.")
public @interface ControlConfig {
    String PID = "org.neurolab.control";

    @AttributeDefinition(name = "Required guards", required = false,
            description = "Guard names (service property neurolab.guard.name) that must be registered; while one is missing every command is refused.")
    String[] requiredGuards() default {};

    @AttributeDefinition(name = "Required journals", required = false,
            description = "Journal names (service property neurolab.journal.name) that must be registered; while one is missing every command is refused.")
    String[] requiredJournals() default {};

    @AttributeDefinition(name = "Guards required per action", required = false,
            description = "action=guard pairs, e.g. dose=dosing: while that guard is missing, commands of that action are refused (others go on).")
    String[] actionGuards() default {"dose=dosing", "exchange-medium=dosing"};

    @AttributeDefinition(name = "Required guards a dry run does without", required = false,
            description = "Guard names a dry run's private command path does not require (a dry run needs no booking); every other required guard it requires as the lab does.")
    String[] dryRunWithout() default {"scheduling"};

    @AttributeDefinition(name = "Spike threshold (σ)", required = false,
            description = "For arrays whose driver delivers raw samples only: a spike is a crossing of this many robust noise σ (2..50).")
    double spikeThresholdSigmas() default 6.0;

    @AttributeDefinition(name = "Adaptive noise estimate", required = false,
            description = "For raw-only arrays: σ follows the noise (true) or is estimated over the first 200 ms and then fixed (false).")
    boolean spikeAdaptiveNoise() default false;

    @AttributeDefinition(name = "Blanking after a pulse (ms)", required = false,
            description = "For raw-only arrays: crossings this long after each stimulation pulse are artifacts, not spikes (0..1000).")
    double spikeBlankingMillis() default 10.0;
}
