package org.neurolab.scheduling.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.neurolab.api.control.Caller;
import org.neurolab.api.control.LabControl;
import org.neurolab.api.lab.CultureRegistry;
import org.neurolab.api.lab.Organoid;
import org.neurolab.scheduling.MaintenanceJob;
import org.neurolab.scheduling.MaintenanceTask;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recurring electrode check: measures the impedance of the electrodes under the job's culture through the control
 * service and names those outside the healthy range (an open, dead electrode reads megaohms; a shunted one too low).
 */
@Component(service = MaintenanceTask.class, property = MaintenanceTask.TASK + "=impedance-check", configurationPid = ImpedanceCheckTask.PID)
@Designate(ocd = ImpedanceCheckTask.Config.class)
public class ImpedanceCheckTask implements MaintenanceTask {
    static final String PID = "org.neurolab.scheduling.impedance";
    private static final Logger LOG = LoggerFactory.getLogger(ImpedanceCheckTask.class);

    @ObjectClassDefinition(name = "NeuroLab impedance check", description = "The healthy range of electrode impedance at 1 kHz")
    public @interface Config {
        @AttributeDefinition(description = "below this an electrode counts as shunted, kΩ")
        double minKilohms() default 20;

        @AttributeDefinition(description = "above this an electrode counts as open (dead), kΩ")
        double maxKilohms() default 1000;
    }

    private final LabControl control;
    private final CultureRegistry cultures;
    private final double minKilohms;
    private final double maxKilohms;

    @Activate
    public ImpedanceCheckTask(@Reference LabControl control, @Reference CultureRegistry cultures, Config config) {
        if (!(config.minKilohms() >= 0 && config.maxKilohms() > config.minKilohms()))
            throw new IllegalArgumentException("impedance range must be 0 <= minKilohms < maxKilohms, was " + config.minKilohms() + ".." + config.maxKilohms());
        this.control = control;
        this.cultures = cultures;
        this.minKilohms = config.minKilohms();
        this.maxKilohms = config.maxKilohms();
    }

    @Override
    public String perform(MaintenanceJob job, Caller caller) throws Exception {
        Organoid o = cultures.culture(job.organoidId())
                .orElseThrow(() -> new IllegalArgumentException("no culture '" + job.organoidId() + "' to check"));
        double[] kilohms = control.electrodeImpedancesKilohms(o.meaId());
        List<String> outOfRange = new ArrayList<>();
        double[] mine = new double[o.electrodes().size()];
        for (int i = 0; i < mine.length; i++) {
            int e = o.electrodes().get(i);
            mine[i] = kilohms[e];
            if (kilohms[e] > maxKilohms) outOfRange.add("electrode " + e + " open (" + fmt(kilohms[e]) + " kΩ)");
            else if (kilohms[e] < minKilohms) outOfRange.add("electrode " + e + " shunted (" + fmt(kilohms[e]) + " kΩ)");
        }
        double[] sorted = mine.clone();
        Arrays.sort(sorted);
        String summary = o.id() + " on " + o.meaId() + ": " + mine.length + " electrodes, median " + fmt(sorted[sorted.length / 2]) + " kΩ, "
                + (outOfRange.isEmpty() ? "all within " + fmt(minKilohms) + "–" + fmt(maxKilohms) + " kΩ" : "OUT OF RANGE: " + String.join(", ", outOfRange));
        if (!outOfRange.isEmpty()) LOG.warn("Impedance check {}", summary);
        return summary;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }
}
