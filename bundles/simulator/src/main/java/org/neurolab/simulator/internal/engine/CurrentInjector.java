package org.neurolab.simulator.internal.engine;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Drives external current into neurons: stimulation through an electrode, a patch clamp, a
 * closed-loop controller. Called on the stepping thread before each step's neuron update.
 */
@ConsumerType
@FunctionalInterface
public interface CurrentInjector {

    /**
     * @param step             the step about to be computed
     * @param externalCurrent  one entry per neuron, in the model's current units (the same units as
     *                         the noise and I in dv/dt); it is added to every neuron's input each step
     *                         and keeps its value between steps, so set it when a pulse starts and
     *                         clear it when the pulse ends
     */
    void beforeStep(long step, float[] externalCurrent);
}
