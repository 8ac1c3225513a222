package org.neurolab.driver.intan.internal.rhx;

import java.util.List;

/**
 * What the driver read from RHX when it verified a connection.
 *
 * @param type               {@code Type}: ControllerRecordUSB2, ControllerRecordUSB3 or ControllerStimRecord
 * @param sampleRateHz       {@code SampleRateHertz}
 * @param stimStepMicroamps  {@code StimStepSizeMicroAmps}: one step of the stimulator's current
 * @param amplifierChannels  the amplifier channels RHX has (native names such as A-000), found by asking for each
 */
public record ControllerFacts(String type, int sampleRateHz, double stimStepMicroamps, List<String> amplifierChannels) {
    public static final String STIM_RECORD = "ControllerStimRecord";

    public ControllerFacts {
        amplifierChannels = List.copyOf(amplifierChannels);
    }
}
