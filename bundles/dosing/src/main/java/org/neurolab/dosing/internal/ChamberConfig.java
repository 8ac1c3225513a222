package org.neurolab.dosing.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** One culture chamber: the MEA it holds, the devices that dose and feed it, its volume and its reservoirs. */
@ObjectClassDefinition(name = "NeuroLab dosing chamber", description = "deploy/org.neurolab.dosing.chamber-<name>.cfg, one per MEA")
public @interface ChamberConfig {
    String PID = "org.neurolab.dosing.chamber";

    @AttributeDefinition(description = "the MEA whose cultures sit in this chamber, e.g. sim/mea0")
    String meaId();

    @AttributeDefinition(description = "the pump that feeds this chamber's medium flow")
    String pumpDeviceId();

    @AttributeDefinition(description = "the UV light that uncages compounds in this chamber (empty: no uncaging)")
    String lightDeviceId() default "";

    @AttributeDefinition(description = "medium volume in the chamber, µL")
    double volumeMicrolitres() default 200;

    @AttributeDefinition(description = "fresh medium reservoir of the pump, µL")
    double mediumReservoirMicrolitres() default 50_000;

    @AttributeDefinition(description = "each free compound's stock reservoir on the pump, µL")
    double stockReservoirMicrolitres() default 2_000;

    @AttributeDefinition(description = "each caged compound pre-loaded in the chamber, nmol")
    double cagedPreloadNanomoles() default 100;

    @AttributeDefinition(description = "a reservoir below this fraction of its capacity raises an alert")
    double lowFraction() default 0.1;

    @AttributeDefinition(description = "infusion rate of doses, µL/min")
    double infusionRateMicrolitresPerMinute() default 50;

    @AttributeDefinition(description = "medium exchange rate, µL/min")
    double exchangeRateMicrolitresPerMinute() default 100;

    @AttributeDefinition(description = "UV irradiance used for uncaging, mW/mm²")
    double uncagingIrradiance() default 10;

    @AttributeDefinition(description = "longest single UV pulse, µs")
    long maxUncagingPulseMicros() default 10_000_000;
}
