package org.neurolab.driver.intan.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One RHX controller as an MEA, from {@code deploy/org.neurolab.driver.intan-<name>.cfg}. Cultures are given as
 * {@code culture.<id>.electrodes}, {@code .cellLine}, {@code .batch}, {@code .donorConsentRef}, {@code .seedingDate}
 * (and optionally {@code .state}) keys beside these.
 */
@ObjectClassDefinition(name = "NeuroLab Intan RHX MEA", description = "An Intan stimulation/recording controller driven by RHX over its Remote TCP Control")
public @interface IntanRhxConfig {
    String FACTORY_PID = "org.neurolab.driver.intan";

    @AttributeDefinition(description = "The MEA's device id in the lab, e.g. rig1/mea0")
    String deviceId();

    @AttributeDefinition(description = "The rig it belongs to")
    String rigId();

    @AttributeDefinition(description = "Host running RHX")
    String host() default "127.0.0.1";

    @AttributeDefinition(description = "RHX's command server port")
    int commandPort() default 5000;

    @AttributeDefinition(description = "RHX's waveform data server port")
    int dataPort() default 5001;

    @AttributeDefinition(description = "Sample rate the controller must run at, Hz")
    int sampleRateHz() default 30_000;

    @AttributeDefinition(description = "Controller channels in electrode order (electrode 0 first): native names and ranges, e.g. A-000..A-031,B-000..B-031")
    String channels();

    @AttributeDefinition(description = "Electrode grid when no positions are given: columns, pitch and contact diameter")
    int columns() default 8;

    double pitchMicrons() default 200.0;

    double electrodeDiameterMicrons() default 30.0;

    @AttributeDefinition(description = "Optional electrode positions x:y in µm, in electrode order, comma-separated")
    String positions() default "";

    @AttributeDefinition(description = "Electrode impedances at 1 kHz (kΩ) as measured on this array: one value per electrode, or empty when unknown")
    String impedancesKilohms() default "";

    @AttributeDefinition(description = "Stimulation trigger: KeyPressF1..F8 (fired by the driver), or DigitalIn01..16 / AnalogIn01..08 (the controller's trigger inputs)")
    String triggerSource() default "KeyPressF1";

    @AttributeDefinition(description = "Highest pulse rate the lab may ask for, Hz")
    double maxRateHz() default 1000.0;

    @AttributeDefinition(description = "RHX's RefractoryPeriodMicroseconds: a channel ignores triggers this long after its train")
    long refractoryMicros() default 1000;

    @AttributeDefinition(description = "TCPNumberDataBlocksPerWrite: 128-sample blocks RHX sends at once (1 = 4.3 ms at 30 kHz)")
    int blocksPerWrite() default 1;

    int connectTimeoutMillis() default 2000;

    @AttributeDefinition(description = "How long RHX may take to answer a command")
    int replyTimeoutMillis() default 2000;

    @AttributeDefinition(description = "How long the waveform stream may stay silent before the connection counts as lost")
    int stallTimeoutMillis() default 2000;

    @AttributeDefinition(description = "How long stimulate waits for the stimulation to show in the data stream")
    int echoTimeoutMillis() default 500;

    @AttributeDefinition(description = "Longest wait between reconnection attempts")
    int maxBackoffMillis() default 30_000;
}
