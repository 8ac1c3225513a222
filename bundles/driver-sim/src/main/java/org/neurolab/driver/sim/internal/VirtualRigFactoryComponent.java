package org.neurolab.driver.sim.internal;

import org.neurolab.driver.sim.VirtualRig;
import org.neurolab.driver.sim.VirtualRigFactory;
import org.neurolab.driver.sim.VirtualRigSpec;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

/**
 * Private rigs for dry runs, with the culture-model settings of the lab's simulated rig (its configuration, or the
 * defaults when the lab has none). Offered whether or not the lab's own rig is simulated.
 */
@Component(configurationPid = SimulatedRigConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class VirtualRigFactoryComponent implements VirtualRigFactory {
    private final int neuronsPerOrganoid;
    private final double electrodePitchMicrons;
    private final double cultureAgeDays;
    private final long seed;
    private final String version;

    @Activate
    public VirtualRigFactoryComponent(SimulatedRigConfig config, BundleContext context) {
        this(config, context.getBundle().getVersion().toString());
    }

    VirtualRigFactoryComponent(SimulatedRigConfig config, String version) {
        this(config.neuronsPerOrganoid(), config.electrodePitchMicrons(), config.cultureAgeDays(), config.seed(), version);
    }

    /** Outside OSGi (tests of other modules, benchmarks): the culture-model settings given directly. */
    public VirtualRigFactoryComponent(int neuronsPerOrganoid, double electrodePitchMicrons, double cultureAgeDays, long seed, String version) {
        this.neuronsPerOrganoid = neuronsPerOrganoid;
        this.electrodePitchMicrons = electrodePitchMicrons;
        this.cultureAgeDays = cultureAgeDays;
        this.seed = seed;
        this.version = version;
    }

    @Override
    public VirtualRig create(VirtualRigSpec spec) {
        return new PrivateRig(spec, neuronsPerOrganoid, electrodePitchMicrons, cultureAgeDays, version);
    }

    @Override
    public long defaultSeed() {
        return seed;
    }
}
