package org.neurolab.scheduling.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "NeuroLab scheduling", description = "Reservations, the experiment queue, maintenance and the scheduling guard.")
public @interface SchedulingConfig {
    String PID = "org.neurolab.scheduling";

    @AttributeDefinition(description = "Empty: H2 file data/scheduling/schedule.mv.db. Or jdbc:postgresql://host:5432/db, shared by every runtime of the lab")
    String jdbcUrl() default "";

    String jdbcUser() default "";

    @AttributeDefinition(type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
    String jdbcPassword() default "";

    @AttributeDefinition(description = "The guard lets a command reach a culture only from the holder of its live reservation (and operators' maintenance)")
    boolean enforceReservations() default true;

    @AttributeDefinition(description = "Hours of bookings that have not ended a user may hold")
    double defaultQuotaHours() default 40;

    @AttributeDefinition(description = "Per-user quotas in hours, e.g. alice=10,bob=2.5")
    String[] userQuotaHours() default {};

    double maxSlotHours() default 24;

    double temperatureMinCelsius() default 36.0;

    double temperatureMaxCelsius() default 38.0;

    double co2MinPercent() default 4.5;

    double co2MaxPercent() default 5.5;

    @AttributeDefinition(description = "Below this measured medium flow the array's runs are suspended")
    double minFlowMicrolitresPerMinute() default 1.0;

    @AttributeDefinition(description = "How long conditions must be back in range before suspended runs resume")
    int resumeAfterSeconds() default 30;

    @AttributeDefinition(description = "Which pump feeds which array, e.g. rig1/mea0=rig1/pump-a; default: rig/meaN is fed by rig/pumpN")
    String[] pumpOfMea() default {};

    @AttributeDefinition(description = "How often the scheduler looks at slots, runs, maintenance and conditions")
    int tickMillis() default 500;
}
