package org.neurolab.dosing.internal;

import org.neurolab.api.chemistry.EffectClass;
import org.neurolab.dosing.CompoundForm;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** A compound added to (or replacing one of) the built-in catalogue. */
@ObjectClassDefinition(name = "NeuroLab compound", description = "deploy/org.neurolab.dosing.compound-<name>.cfg")
public @interface CompoundConfig {
    String PID = "org.neurolab.dosing.compound";

    String name();

    CompoundForm form();

    double molarMassGramsPerMole();

    EffectClass effectClass();

    double potency() default 1;

    double washoutHalfLifeSeconds();

    double maxConcentrationMicromolar();

    double maxDailyNanomoles();

    @AttributeDefinition(description = "free form: stock concentration in the pump reservoir, mM")
    double stockMillimolar() default 0;

    @AttributeDefinition(description = "caged form: exposure (mJ/mm²) that releases 63 % of the caged amount")
    double uncagingExposure() default 0;

    String description() default "";
}
