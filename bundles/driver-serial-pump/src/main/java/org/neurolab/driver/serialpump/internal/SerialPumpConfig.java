package org.neurolab.driver.serialpump.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** One syringe pump on a serial line: {@code deploy/org.neurolab.driver.serial-pump-<name>.cfg}. */
@ObjectClassDefinition(name = "NeuroLab serial syringe pump (New Era NE-1000 family)")
public @interface SerialPumpConfig {
    @AttributeDefinition(description = "Serial device, e.g. /dev/ttyUSB0 or /dev/serial/by-id/...")
    String port() default "/dev/ttyUSB0";

    @AttributeDefinition(description = "300, 1200, 2400, 9600 or 19200, as set on the pump")
    int baud() default 19200;

    @AttributeDefinition(description = "The pump's network address, 0..99")
    int address() default 0;

    @AttributeDefinition(description = "Inside diameter of the syringe, mm (e.g. 14.43 for a 10 mL BD plastic syringe)")
    double syringeDiameterMillimetres() default 14.43;

    @AttributeDefinition(description = "Lowest rate the lab will ask for, µL/min (the pump's own minimum for this syringe or higher)")
    double minRateMicrolitresPerMinute() default 0.1;

    @AttributeDefinition(description = "Highest rate the lab will ask for, µL/min (the pump's own maximum for this syringe or lower)")
    double maxRateMicrolitresPerMinute() default 1000;

    @AttributeDefinition(description = "Base perfusion started when the lab connects, µL/min; 0 = the pump stays stopped until the lab sets a flow")
    double baseFlowMicrolitresPerMinute() default 0;

    @AttributeDefinition(description = "Largest single injection, µL (at most what the syringe holds)")
    double maxInjectionMicrolitres() default 5000;

    @AttributeDefinition(description = "How long the pump may take to answer a command, ms")
    int replyTimeoutMillis() default 1000;

    @AttributeDefinition(description = "While the pump does not answer at start, try again this often, s")
    double connectRetrySeconds() default 5;

    String rigId() default "rig1";

    String deviceId() default "rig1/pump0";

    String model() default "NE-1000";
}
