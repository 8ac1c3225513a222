package org.example.lab.mea.internal;

import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One array: {@code deploy/org.example.mea-<name>.cfg}. FileInstall splits a cfg name at its first dash (factory PID
 * before it, instance name after), so the factory PID itself must not contain a dash.
 */
@ObjectClassDefinition(name = "Example MEA")
public @interface ExampleMeaConfig {
    String deviceId() default "rig1/mea0";

    String rigId() default "rig1";

    int electrodes() default 16;

    int sampleRateHz() default 30_000;

    /** What the stimulator can deliver: the lab refuses anything beyond it before the driver sees it; the driver checks again. */
    double maxAmplitudeMicroamps() default 50;

    long minPhaseMicros() default 20;

    long maxPhaseMicros() default 1_000;
}
