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
    private final SimulatedRigConfig config;
    private final String version;

    @Activate
    public VirtualRigFactoryComponent(SimulatedRigConfig config, BundleContext context) {
        this(config, context.getBundle().getVersion().toString());
    }

    VirtualRigFactoryComponent(SimulatedRigConfig config, String version) {
        this.config = config;
        this.version = version;
    }

    @Override
    public VirtualRig create(VirtualRigSpec spec) {
        return new PrivateRig(spec, config.neuronsPerOrganoid(), config.electrodePitchMicrons(), config.cultureAgeDays(), version);
    }

    @Override
    public long defaultSeed() {
        return config.seed();
    }
}
