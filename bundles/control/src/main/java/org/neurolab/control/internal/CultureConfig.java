package org.neurolab.control.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "NeuroLab culture",
        description = "One organoid on an MEA, with its provenance. One configuration per culture (a file org.neurolab.culture-<name>.cfg in deploy/).")
public @interface CultureConfig {
    String FACTORY_PID = "org.neurolab.culture";

    @AttributeDefinition(description = "Unique id of the culture, e.g. rig1-mea0-o0")
    String id();

    @AttributeDefinition(description = "Device id of the MEA it sits on, e.g. rig1/mea0")
    String meaId();

    @AttributeDefinition(description = "Electrode indices on that MEA that the culture covers: ranges and single indices, e.g. 0-7 or 0,2,4-6")
    String electrodes();

    String cellLine();

    String batch();

    String donorConsentRef();

    @AttributeDefinition(description = "ISO date, e.g. 2026-09-01")
    String seedingDate();

    @AttributeDefinition(description = "ACTIVE, ON_HOLD or RETIRED")
    String state() default "ACTIVE";
}
