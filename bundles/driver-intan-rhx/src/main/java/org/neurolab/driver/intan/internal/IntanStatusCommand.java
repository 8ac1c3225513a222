package org.neurolab.driver.intan.internal;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** {@code ./neurolab intan}: every configured RHX controller, its state, and why it is not streaming. */
@Component(service = BiFunction.class, property = "neurolab.management.command=intan")
public class IntanStatusCommand implements BiFunction<String, Consumer<String>, Integer> {
    private final List<IntanRhxComponent> drivers = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindDriver(IntanRhxComponent d) {
        drivers.add(d);
    }

    void unbindDriver(IntanRhxComponent d) {
        drivers.remove(d);
    }

    @Override
    public Integer apply(String args, Consumer<String> out) {
        if (drivers.isEmpty()) {
            out.accept("no Intan RHX driver is configured (deploy/org.neurolab.driver.intan-<name>.cfg)");
            return 0;
        }
        for (IntanRhxComponent d : drivers) out.accept(describe(d.status()));
        return 0;
    }

    static String describe(DriverStatus st) {
        return String.format(Locale.ROOT, "%s %s%s%n  blocks %d, gaps %d (%.1f ms), malformed %d, reconnects %d, stimulations %d (no echo %d), compliance-limit blocks %d, "
                        + "data complete to %d µs", st.deviceId(), st.state(), st.reason().isEmpty() ? "" : ": " + st.reason(), st.blocks(), st.gaps(),
                st.gapMicros() / 1000.0, st.malformedBlocks(), st.reconnects(), st.stimulations(), st.echoMisses(), st.complianceLimitBlocks(), st.watermarkMicros());
    }
}
