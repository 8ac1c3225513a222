package org.neurolab.itest.probe;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.neurolab.api.control.Caller;
import org.neurolab.api.control.CommandGuard;
import org.neurolab.api.control.CommandRefusedException;
import org.neurolab.api.control.GuardDecision;
import org.neurolab.api.control.Stimulate;
import org.neurolab.api.stimulation.Polarity;
import org.neurolab.api.stimulation.Pulse;
import org.neurolab.api.stimulation.PulseTrain;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.ServiceTracker;

/**
 * An ordinary (untrusted) bundle acting from inside the framework. Answers requests from the test as
 * plain Java values through a {@code Function<String,Object>} service, since the test's class loader does
 * not share the lab's API classes.
 */
public final class CommandPathProbe extends MeaProbe {
    private ServiceRegistration<?> guard;

    @Override
    protected String name() {
        return "command-path";
    }



    @Override
    protected Object answerMore(String[] w) throws Exception {
        return switch (w[0]) {
            case "find-sensor" -> findSensor();
            case "stimulate" -> stimulate(Double.parseDouble(w[1]));
            case "guard" -> setGuard(w[1]);
            case "close" -> {
                session.close();
                session = null;
                yield "closed";
            }
            default -> "unknown request " + String.join(" ", w);
        };
    }

    /** Every way an ordinary bundle could look up a raw driver registered by another bundle. */
    private Map<String, Object> findSensor() throws Exception {
        String sensor = "org.neurolab.api.driver.EnvironmentSensorDriver";
        Map<String, Object> out = new LinkedHashMap<>();
        ServiceReference<?>[] refs = context.getServiceReferences(sensor, null);
        out.put("getServiceReferences", refs == null ? 0 : refs.length);
        ServiceReference<?>[] all = context.getAllServiceReferences(sensor, null);
        out.put("getAllServiceReferences", all == null ? 0 : all.length);
        ServiceReference<?>[] any = context.getAllServiceReferences(null, "(objectClass=org.neurolab.api.driver.*)");
        int foreign = 0;
        if (any != null) for (ServiceReference<?> r : any) if (r.getBundle() != context.getBundle()) foreign++;
        out.put("filterOnDriverPackage", foreign);
        ServiceTracker<Object, Object> tracker = new ServiceTracker<>(context, sensor, null);
        tracker.open(true);
        out.put("serviceTracker", tracker.size());
        tracker.close();
        int viaBundles = 0;
        for (org.osgi.framework.Bundle b : context.getBundles()) {
            ServiceReference<?>[] registered = b.getRegisteredServices();
            if (b == context.getBundle() || registered == null) continue;
            for (ServiceReference<?> r : registered)
                if (String.join(",", (String[]) r.getProperty("objectClass")).contains(".api.driver.") && context.getService(r) != null) viaBundles++;
        }
        out.put("viaRegisteredServices", viaBundles);
        return out;
    }

    private String stimulate(double amplitude) {
        if (session == null) session = control().openSession(new Caller("probe-user", Set.of("researcher"), "research"));
        PulseTrain train = new PulseTrain(Pulse.biphasic(Polarity.CATHODIC_FIRST, amplitude, 200, 50), 3, 10_000);
        try {
            return "ok " + session.stimulate(new Stimulate("probe-o1", List.of(0, 1), train)).deviceId();
        } catch (CommandRefusedException e) {
            return "refused by " + e.refusedBy() + ": " + e.getMessage();
        }
    }

    private String setGuard(String mode) {
        if (guard != null) guard.unregister();
        guard = null;
        if (mode.equals("none")) return "no guard";
        CommandGuard g = switch (mode) {
            case "allow" -> request -> GuardDecision.allow(List.of("test-allow"));
            case "deny" -> request -> GuardDecision.deny("amplitude too high for this culture", "test-limit-1");
            case "throw" -> request -> {
                throw new IllegalStateException("policy store unreachable");
            };
            default -> throw new IllegalArgumentException(mode);
        };
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(CommandGuard.NAME, "ethics");
        guard = context.registerService(CommandGuard.class, g, props);
        return "guard " + mode;
    }


}
