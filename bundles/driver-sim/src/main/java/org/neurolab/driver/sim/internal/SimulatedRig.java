package org.neurolab.driver.sim.internal;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import org.neurolab.api.chemistry.MediumChemistry;
import org.neurolab.api.clock.LabClock;
import org.neurolab.api.driver.DeviceDriver;
import org.neurolab.api.driver.EnvironmentSensorDriver;
import org.neurolab.api.driver.LightDriver;
import org.neurolab.api.driver.MeaDriver;
import org.neurolab.api.driver.PumpDriver;
import org.neurolab.api.lab.CultureProvider;
import org.neurolab.api.lab.Organoid;
import org.neurolab.driver.sim.SimulationControl;
import org.neurolab.simulator.culture.Fault;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated rig as the lab sees it: one driver service per device, its organoids announced as cultures, and, in
 * virtual mode, the rig's clock (ranked above the lab's real clock, so the lab runs on simulated time; paced, the rig runs
 * on the lab's clock). Exists only
 * while a configuration {@code org.neurolab.driver.sim} does.
 */
@Component(configurationPid = SimulatedRigConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true) // a rig runs whether or not anyone looks
@Designate(ocd = SimulatedRigConfig.class)
public class SimulatedRig implements SimulationControl, CultureProvider {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedRig.class);

    private final Rig rig;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    /** @param labClock the lab's real-time clock: a paced rig runs on it (a virtual rig brings its own) */
    @Activate
    public SimulatedRig(SimulatedRigConfig config, BundleContext context,
                        @Reference(target = "(" + LabClock.KIND_PROPERTY + "=real)") LabClock labClock) {
        try {
            rig = Rig.build(config, context.getBundle().getVersion().toString(), labClock);
        } catch (IllegalArgumentException e) {
            LOG.error("Simulated rig configuration refused: {}", e.getMessage());
            throw e;
        }
        if (rig.clock.isVirtual()) { // the whole lab runs on the rig's virtual time, ranked above the real clock
            Dictionary<String, Object> clockProps = new Hashtable<>();
            clockProps.put(LabClock.KIND_PROPERTY, "virtual");
            clockProps.put(Constants.SERVICE_RANKING, 100);
            registrations.add(context.registerService(LabClock.class, rig.clock, clockProps));
        }
        for (SimulatedMea m : rig.meas) register(context, MeaDriver.class, m);
        for (SimulatedPump p : rig.pumps) register(context, PumpDriver.class, p);
        register(context, LightDriver.class, rig.uv);
        register(context, EnvironmentSensorDriver.class, rig.incubator);
        rig.startPacing();
        LOG.info("Simulated rig {} running ({} clock): {} MEAs, {} cultures", rig.rigId, rig.clock.isVirtual() ? "virtual" : "paced",
                rig.meas.size(), rig.cultures.size());
    }

    private <T extends DeviceDriver> void register(BundleContext context, Class<T> type, T driver) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(DeviceDriver.DEVICE_ID, driver.info().deviceId());
        registrations.add(context.registerService(type, driver, props));
    }

    @Deactivate
    void deactivate() {
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework is stopping
            }
        }
        rig.close();
        LOG.info("Simulated rig {} stopped", rig.rigId);
    }

    @Override
    public List<Organoid> cultures() {
        return rig.cultures;
    }

    @Override
    public void injectFault(String meaId, Fault fault) {
        synchronized (rig.lock) {
            rig.mea(meaId).model().injectFault(fault);
        }
    }

    @Override
    public void clearFaults(String meaId) {
        synchronized (rig.lock) {
            rig.mea(meaId).model().clearFaults();
        }
    }

    @Override
    public void setPumpStuck(String pumpDeviceId, boolean stuck) {
        rig.pumps.stream().filter(p -> p.info().deviceId().equals(pumpDeviceId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no pump '" + pumpDeviceId + "' on rig " + rig.rigId)).setStuck(stuck);
    }

    @Override
    public void setIncubator(double temperatureCelsius, double co2Percent, double humidityPercent) {
        rig.incubator.set(temperatureCelsius, co2Percent, humidityPercent);
    }

    @Override
    public void setSlowdown(double fractionOfRealTime) {
        rig.slowdown(fractionOfRealTime);
    }

    @Override
    public void setConcentration(String meaId, String compound, double micromolar) {
        synchronized (rig.lock) {
            rig.chemistry.setManual(meaId, compound, micromolar, rig.mea(meaId).model());
        }
    }

    /** The dosing model, when the dosing bundle runs: drugs dosed through the lab change what the cultures do. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindChemistry(MediumChemistry chemistry) {
        rig.chemistry.source(chemistry);
    }

    void unbindChemistry(MediumChemistry chemistry) {
        rig.chemistry.source(null);
    }
}
