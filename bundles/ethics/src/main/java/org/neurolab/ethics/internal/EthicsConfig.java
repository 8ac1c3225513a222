package org.neurolab.ethics.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "NeuroLab ethics",
        description = "The ethics guard and audit log run while this configuration exists (deploy/org.neurolab.ethics.cfg).")
public @interface EthicsConfig {
    String PID = "org.neurolab.ethics";

    @AttributeDefinition(name = "Checkpoint every", description = "Sign a checkpoint of the audit log after this many entries (and at shutdown).")
    int checkpointEvery() default 8;

    @AttributeDefinition(name = "Seed policies folder", required = false,
            description = "The policy documents a new lab home starts with (copied once into data/ethics/policies/, which holds those in force); "
                    + "empty: the framework property neurolab.policies.dir (the distribution's policies/).")
    String policiesDir() default "";

    @AttributeDefinition(name = "Tripwires", description = "Hold a culture for human review on loss of activity or abnormal synchrony.")
    boolean tripwires() default true;

    @AttributeDefinition(name = "Tripwire window (s)", description = "Lab time over which activity is judged.")
    int tripwireWindowSeconds() default 60;

    @AttributeDefinition(name = "Minimum events per window", description = "Loss of activity: fewer events than this in a whole window.")
    int tripwireMinEvents() default 3;

    @AttributeDefinition(name = "Synchronous fraction", description = "A 10 ms bin is hypersynchronous when this fraction of the culture's electrodes fire in it.")
    double tripwireSynchronousFraction() default 0.75;

    @AttributeDefinition(name = "Maximum synchronous bins per window", description = "Abnormal synchrony: more hypersynchronous bins than this in a window.")
    int tripwireMaxSynchronousBins() default 120;
}
