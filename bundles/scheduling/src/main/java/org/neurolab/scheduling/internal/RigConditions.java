package org.neurolab.scheduling.internal;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import org.neurolab.api.driver.EnvironmentReading;

/** Whether an array's rig can keep a culture now: its incubator in the safe range, its medium flowing. */
final class RigConditions {
    private final ScheduleLab lab;
    private final SchedulingSettings settings;

    RigConditions(ScheduleLab lab, SchedulingSettings settings) {
        this.lab = lab;
        this.settings = settings;
    }

    /** What is wrong with the array's rig now (incubator out of range, medium flow stopped), or null. */
    String problem(String meaId) {
        Optional<String> rig = lab.rigOf(meaId);
        if (rig.isEmpty()) return null;
        Optional<EnvironmentReading> env = lab.environment(rig.get());
        if (env.isPresent()) {
            EnvironmentReading e = env.get();
            if (e.temperatureCelsius() < settings.temperatureMinCelsius() || e.temperatureCelsius() > settings.temperatureMaxCelsius())
                return String.format(Locale.ROOT, "incubator of rig %s at %.2f °C, outside its safe range %.1f..%.1f °C", rig.get(), e.temperatureCelsius(),
                        settings.temperatureMinCelsius(), settings.temperatureMaxCelsius());
            if (e.co2Percent() < settings.co2MinPercent() || e.co2Percent() > settings.co2MaxPercent())
                return String.format(Locale.ROOT, "incubator of rig %s at %.2f %% CO2, outside its safe range %.1f..%.1f %%", rig.get(), e.co2Percent(),
                        settings.co2MinPercent(), settings.co2MaxPercent());
        }
        String pump = settings.pumpOf(meaId, lab.pumpIds(rig.get()));
        if (pump != null) {
            OptionalDouble flow = lab.flow(pump);
            if (flow.isPresent() && flow.getAsDouble() < settings.minFlowMicrolitresPerMinute())
                return String.format(Locale.ROOT, "medium flow of %s is %.2f µL/min, below %.2f µL/min", pump, flow.getAsDouble(),
                        settings.minFlowMicrolitresPerMinute());
        }
        return null;
    }
}
