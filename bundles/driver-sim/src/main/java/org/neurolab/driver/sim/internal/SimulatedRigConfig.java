package org.neurolab.driver.sim.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "NeuroLab simulated rig",
        description = "A simulated rig: MEAs with organoid models, a pump per MEA, a UV light, incubator sensors. Default layout as on FinalSpark's platform.")
public @interface SimulatedRigConfig {
    String PID = "org.neurolab.driver.sim";

    @AttributeDefinition(description = "Rig id; devices are named <rigId>/mea0, <rigId>/pump0, <rigId>/uv, <rigId>/incubator")
    String rigId() default "sim";

    @AttributeDefinition(description = "Number of MEAs")
    int meas() default 4;

    int organoidsPerMea() default 4;

    int electrodesPerOrganoid() default 8;

    @AttributeDefinition(description = "Neurons simulated per organoid")
    int neuronsPerOrganoid() default 1000;

    int sampleRateHz() default 30_000;

    double electrodePitchMicrons() default 100.0;

    @AttributeDefinition(description = "Culture age in days at start")
    double cultureAgeDays() default 120.0;

    @AttributeDefinition(description = "Seed of the culture models; the same seed gives the same spikes")
    long seed() default 1;

    @AttributeDefinition(description = "paced: lab time follows the wall clock (a live lab); virtual: lab time moves only when waited on, as fast as the machine can (dry runs, tests)")
    String mode() default "paced";

    @AttributeDefinition(description = "paced: at start, measure how fast the models run on this machine; when slower than headroom × real time, "
            + "simulate fewer neurons per organoid so that they are (the log says what was chosen); 0 = never shrink (ask for the big model)")
    double headroom() default 2.0;

    @AttributeDefinition(description = "paced: how far (ms) the rig may fall behind lab time; beyond it, model time is shed as a counted gap in the data")
    long maxLagMillis() default 2_000;

    @AttributeDefinition(description = "paced: closed-loop lockstep — after a 1 ms chunk whose spikes a script's on_spikes callback is still answering, "
            + "the model waits up to this long (wall ms) for the answer, so the stimulation starts where the spikes' data ends; the data never falls "
            + "more than ten times this behind lab time for it. 0 = free-running (the model runs on while scripts answer, as a real culture does)")
    double closedLoopHoldMillis() default 10;

    @AttributeDefinition(description = "test setting: the rig runs at most this fraction of real time (e.g. 0.3 emulates an overloaded machine); 0 = as fast as it can")
    double slowdown() default 0;
}
