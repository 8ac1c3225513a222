package org.neurolab.scheduling.internal;

import org.neurolab.api.control.Caller;
import org.neurolab.api.control.LabControl;
import org.neurolab.dosing.Dosing;
import org.neurolab.dosing.ExchangeOutcome;
import org.neurolab.scheduling.MaintenanceJob;
import org.neurolab.scheduling.MaintenanceTask;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Feeding on the scheduler's recurring schedules: each occurrence pushes fresh medium through the culture's
 * chamber, through the command path like any exchange (a dry reservoir refuses it and shows in the job's outcome).
 */
@Component(service = MaintenanceTask.class, property = MaintenanceTask.TASK + "=medium-exchange", configurationPid = MediumExchangeTask.PID)
@Designate(ocd = MediumExchangeTask.Config.class)
public class MediumExchangeTask implements MaintenanceTask {
    static final String PID = "org.neurolab.scheduling.feeding";

    @ObjectClassDefinition(name = "NeuroLab feeding", description = "What a scheduled medium exchange pushes through a chamber")
    public @interface Config {
        @AttributeDefinition(description = "fresh medium per scheduled exchange, µL")
        double volumeMicrolitres() default 400;
    }

    private final Dosing dosing;
    private final LabControl control;
    private final double volumeMicrolitres;

    @Activate
    public MediumExchangeTask(@Reference Dosing dosing, @Reference LabControl control, Config config) {
        if (!(config.volumeMicrolitres() > 0)) throw new IllegalArgumentException("feeding volumeMicrolitres must be > 0, was " + config.volumeMicrolitres());
        this.dosing = dosing;
        this.control = control;
        this.volumeMicrolitres = config.volumeMicrolitres();
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(java.util.Locale.ROOT, "%.3g", v);
    }

    @Override
    public String perform(MaintenanceJob job, Caller caller) throws Exception {
        try (var session = control.openSession(caller)) {
            ExchangeOutcome x = dosing.exchangeMedium(session, job.organoidId(), volumeMicrolitres);
            return "exchanged " + fmt(x.volumeMicrolitres()) + " µL of medium in " + x.meaId() + " (command " + x.commandId() + "), "
                    + fmt(x.remainingFraction() * 100) + " % of each compound left";
        }
    }
}
