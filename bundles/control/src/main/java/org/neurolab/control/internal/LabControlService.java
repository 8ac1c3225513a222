package org.neurolab.control.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.neurolab.api.clock.LabClock;
import org.neurolab.api.control.Caller;
import org.neurolab.api.control.CommandGuard;
import org.neurolab.api.control.CommandJournal;
import org.neurolab.api.control.LabControl;
import org.neurolab.api.control.LabSession;
import org.neurolab.api.control.PrivateCommandPaths;
import org.neurolab.api.control.PrivateControl;
import org.neurolab.api.driver.DeviceDriver;
import org.neurolab.api.driver.DeviceInfo;
import org.neurolab.api.driver.EnvironmentSensorDriver;
import org.neurolab.api.driver.LightDriver;
import org.neurolab.api.driver.MeaDriver;
import org.neurolab.api.driver.PumpDriver;
import org.neurolab.api.lab.CultureRegistry;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lab control service: the one consumer of raw drivers (the runtime's service hook hides them from
 * every other bundle) and the only way to act on a culture.
 */
@Component(service = {LabControl.class, PrivateCommandPaths.class}, configurationPid = ControlConfig.PID, immediate = true) // binds the drivers as they come
@Designate(ocd = ControlConfig.class)
public class LabControlService extends CommandPathView implements PrivateCommandPaths {
    private static final Logger LOG = LoggerFactory.getLogger(LabControlService.class);

    private final GuardBoard guards = new GuardBoard();
    private final CommandPath path;
    private final DeviceTable devices;
    /** Required guards a dry run does without (configured; by default the booking). */
    private volatile Set<String> dryRunWithout = Set.of();
    /** Sensors that could not be read at their last poll: logged when they fail and when they are back, not at every poll. */
    private final Set<String> unreadableSensors = ConcurrentHashMap.newKeySet();

    private final CultureRegistry cultures;

    /** Dynamic: a virtual rig (tests, mode=virtual) registers its own clock above the lab's, and it may go again. */
    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile LabClock clock;

    /** Tells the lab's own bundles from others; null when the lab was not started by its launcher (nothing is trusted then). */
    private final java.util.function.Predicate<org.osgi.framework.Bundle> trust;

    @Activate
    public LabControlService(ControlConfig config, org.osgi.framework.BundleContext context, @Reference CultureRegistry cultures) {
        this(ControlRules.of(config), labTrust(context), cultures, null);
    }

    /** Unit tests and the bench: these rules, and every guard and journal counts. */
    LabControlService(ControlRules rules, CultureRegistry cultures, LabClock clock) {
        this(rules, b -> true, cultures, clock);
    }

    private LabControlService(ControlRules rules, java.util.function.Predicate<org.osgi.framework.Bundle> trust, CultureRegistry cultures, LabClock clock) {
        this.trust = trust;
        this.cultures = cultures;
        this.clock = clock;
        this.path = new CommandPath("s-" + Long.toString(System.currentTimeMillis(), 36) + "-", () -> cultures, () -> this.clock, guards, true);
        this.devices = path.devices;
        apply(rules);
    }

    /**
     * The launcher's trust service, registered by the framework itself (bundle 0) before any lab bundle started; one
     * registered by any other bundle is a forgery and ignored. Without it no guard counts, so the lab refuses commands.
     */
    @SuppressWarnings("unchecked")
    private static java.util.function.Predicate<org.osgi.framework.Bundle> labTrust(org.osgi.framework.BundleContext context) {
        try {
            var refs = context.getServiceReferences(java.util.function.Predicate.class, "(neurolab.trust=distribution)");
            for (var ref : refs) {
                if (ref.getBundle() != null && ref.getBundle().getBundleId() == 0)
                    return (java.util.function.Predicate<org.osgi.framework.Bundle>) context.getService(ref);
                LOG.error("A trust service registered by bundle {} is not the framework's: ignored", ref.getBundle());
            }
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        LOG.error("The lab's trust service is missing (the lab was not started by its launcher): no guard or journal counts, every command is refused");
        return b -> false;
    }

    private boolean trusted(org.osgi.framework.ServiceReference<?> ref) {
        org.osgi.framework.Bundle b = ref.getBundle();
        return b != null && trust.test(b);
    }

    private static String origin(org.osgi.framework.ServiceReference<?> ref) {
        org.osgi.framework.Bundle b = ref.getBundle();
        return b == null ? "a bundle that is gone" : "bundle " + b.getBundleId() + " (" + b.getSymbolicName() + " " + b.getVersion() + ", " + b.getLocation() + ")";
    }

    @Modified
    void modified(ControlConfig config) {
        apply(ControlRules.of(config));
    }

    private void apply(ControlRules rules) {
        guards.configure(rules.requiredGuards(), rules.requiredJournals());
        guards.configureActions(rules.actionGuards());
        dryRunWithout = rules.dryRunWithout();
        path.signals.detection(rules.detection());
    }

    @Deactivate
    void deactivate() {
        // the bundle is stopping (update, shutdown): nothing may be left stimulating
        path.closeSessions();
    }

    // ---- drivers: the only consumer -------------------------------------------------------------------

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addMea(MeaDriver driver) {
        path.add(driver);
    }

    void removeMea(MeaDriver driver) {
        path.remove(driver);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addPump(PumpDriver driver) {
        devices.add(driver);
    }

    void removePump(PumpDriver driver) {
        devices.remove(driver);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addLight(LightDriver driver) {
        devices.add(driver);
    }

    void removeLight(LightDriver driver) {
        devices.remove(driver);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addSensor(EnvironmentSensorDriver driver) {
        devices.add(driver);
    }

    void removeSensor(EnvironmentSensorDriver driver) {
        devices.remove(driver);
    }

    // ---- guard and journal whiteboard ------------------------------------------------------------------

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addGuard(CommandGuard guard, Map<String, Object> props, org.osgi.framework.ServiceReference<CommandGuard> ref) {
        guards.addGuard(guard, props, trusted(ref), origin(ref));
    }

    /** For the bench and tests, which have no framework: a guard of the lab's own. */
    void addOwnGuard(CommandGuard guard, Map<String, Object> props) {
        guards.addGuard(guard, props);
    }

    /** For the bench and tests: a journal of the lab's own. */
    void addOwnJournal(CommandJournal journal, Map<String, Object> props) {
        guards.addJournal(journal, props);
    }

    void removeGuard(CommandGuard guard) {
        guards.removeGuard(guard);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addJournal(CommandJournal journal, Map<String, Object> props, org.osgi.framework.ServiceReference<CommandJournal> ref) {
        guards.addJournal(journal, props, trusted(ref), origin(ref));
    }

    void removeJournal(CommandJournal journal) {
        guards.removeJournal(journal);
    }

    // ---- LabControl (the rest from CommandPathView) -----------------------------------------------------

    @Override
    CommandPath path() {
        return path;
    }

    /** Guards and journals registered by bundles that are not the lab's own (ignored as required ones), for the status report. */
    List<String> strangers() {
        return guards.strangers();
    }

    @Override
    public LabSession openSession(Caller caller) {
        ControlSession session = path.openSession(caller);
        LOG.info("Session {} opened for {} ({})", session.id(), caller.user(), caller.purpose());
        return session;
    }

    /**
     * A dry run's command path: this service's code and rules over the private rig's devices; the required guards are
     * the lab's but those a dry run does without, the required journals none (a dry run leaves no trace in the lab).
     */
    @Override
    public PrivateControl open(List<? extends DeviceDriver> privateDevices, CultureRegistry privateCultures, LabClock privateClock) {
        Set<String> exempt = dryRunWithout;
        Set<String> required = new HashSet<>(guards.requiredGuards());
        required.removeAll(exempt);
        Map<String, Set<String>> perAction = new java.util.HashMap<>();
        guards.actionGuards().forEach((action, names) -> {
            Set<String> left = new HashSet<>(names);
            left.removeAll(exempt);
            if (!left.isEmpty()) perAction.put(action, left);
        });
        return PrivatePath.open(privateDevices, privateCultures, privateClock, required, perAction);
    }

    @Override
    public Optional<org.neurolab.api.driver.EnvironmentReading> environment(String rigId) {
        for (DeviceInfo info : devices.infos()) {
            if (info.rigId().equals(rigId) && devices.device(info.deviceId()).orElse(null) instanceof EnvironmentSensorDriver sensor) {
                try {
                    Optional<org.neurolab.api.driver.EnvironmentReading> reading = Optional.of(sensor.read());
                    if (unreadableSensors.remove(info.deviceId())) LOG.info("Incubator sensor {} can be read again", info.deviceId());
                    return reading;
                } catch (org.neurolab.api.driver.DeviceException | RuntimeException e) {
                    if (unreadableSensors.add(info.deviceId())) LOG.warn("Incubator sensor {} cannot be read: {}", info.deviceId(), e.getMessage());
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public double[] electrodeImpedancesKilohms(String meaId) throws org.neurolab.api.driver.DeviceException {
        MeaDriver mea = devices.mea(meaId).orElseThrow(() -> new IllegalArgumentException("no driver for MEA '" + meaId + "' is running"));
        return mea.electrodeImpedancesKilohms();
    }

    @Override
    public java.util.OptionalDouble mediumFlowMicrolitresPerMinute(String pumpDeviceId) {
        if (devices.device(pumpDeviceId).orElse(null) instanceof PumpDriver pump) {
            try {
                return java.util.OptionalDouble.of(pump.measuredFlowMicrolitresPerMinute());
            } catch (org.neurolab.api.driver.DeviceException | RuntimeException e) {
                LOG.warn("Pump {} flow cannot be read: {}", pumpDeviceId, e.getMessage());
            }
        }
        return java.util.OptionalDouble.empty();
    }

}
