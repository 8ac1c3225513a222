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
}
