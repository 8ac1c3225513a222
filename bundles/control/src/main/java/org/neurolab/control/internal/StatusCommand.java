package org.neurolab.control.internal;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.neurolab.api.clock.LabClock;
import org.neurolab.api.control.DataSourceHealth;
import org.neurolab.api.control.LabControl;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code neurolab status}: the lab's time and the health of its command and signal paths — what is missing, and how
 * complete each array's data is. Exits 1 when something needs attention, so scripts and monitoring can use it.
 */
@Component(service = BiFunction.class, property = "neurolab.management.command=status")
public class StatusCommand implements BiFunction<String, Consumer<String>, Integer> {
    private final LabControl control;
    private final LabClock clock;

    @Activate
    public StatusCommand(@Reference LabControl control, @Reference LabClock clock) {
        this.control = control;
        this.clock = clock;
    }

    @Override
    public Integer apply(String args, Consumer<String> out) {
        long now = clock.nowMicros();
        out.accept(String.format(Locale.ROOT, "lab time %.3f s (%s clock; %s)", now / 1e6, clock.isVirtual() ? "virtual" : "real",
                Instant.ofEpochMilli(clock.epochMillis() + now / 1_000)));
        boolean attention = false;
        List<String> missing = control.missingRequiredGuards();
        if (missing.isEmpty()) out.accept("command path: every required guard and journal is running");
        else {
            attention = true;
            out.accept("command path: REFUSING commands, missing " + missing);
        }
        if (control instanceof LabControlService lab)
            for (String stranger : lab.strangers()) {
                attention = true;
                out.accept("command path: IGNORED " + stranger + " (not one of the lab's own bundles)");
            }
        List<DataSourceHealth> health = control.dataHealth();
        if (health.isEmpty()) out.accept("data: no array is connected");
        for (DataSourceHealth h : health) {
            attention |= h.behind();
            out.accept((h.behind() ? "LATE  " : "ok    ") + h.summary());
        }
        return attention ? 1 : 0;
    }
}
