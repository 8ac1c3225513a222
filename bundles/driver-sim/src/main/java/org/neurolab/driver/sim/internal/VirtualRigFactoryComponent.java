package org.neurolab.driver.sim.internal;

import org.neurolab.api.control.PrivateCommandPaths;
import org.neurolab.driver.sim.VirtualRig;
import org.neurolab.driver.sim.VirtualRigFactory;
import org.neurolab.driver.sim.VirtualRigSpec;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

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
    private final PrivateCommandPaths paths;

    /** @param paths the lab control service's private command paths: a dry run runs the lab's command-path code */
    @Activate
    public VirtualRigFactoryComponent(SimulatedRigConfig config, BundleContext context, @Reference PrivateCommandPaths paths) {
        this(config, context.getBundle().getVersion().toString(), paths);
    }

    VirtualRigFactoryComponent(SimulatedRigConfig config, String version, PrivateCommandPaths paths) {
        this(config.neuronsPerOrganoid(), config.electrodePitchMicrons(), config.cultureAgeDays(), config.seed(), version, paths);
    }

    /**
     * Outside OSGi (tests of other modules, benchmarks): the culture-model settings given directly, and command paths
     * from {@code org.neurolab.control.CommandPaths}.
     */
    public VirtualRigFactoryComponent(int neuronsPerOrganoid, double electrodePitchMicrons, double cultureAgeDays, long seed, String version,
                                      PrivateCommandPaths paths) {
        this.paths = paths;
        this.neuronsPerOrganoid = neuronsPerOrganoid;
        this.electrodePitchMicrons = electrodePitchMicrons;
        this.cultureAgeDays = cultureAgeDays;
        this.seed = seed;
        this.version = version;
    }

    @Override
    public VirtualRig create(VirtualRigSpec spec) {
        return new PrivateRig(spec, paths, neuronsPerOrganoid, electrodePitchMicrons, cultureAgeDays, version);
    }

    @Override
    public long defaultSeed() {
        return seed;
    }
}
