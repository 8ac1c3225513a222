package org.neurolab.dosing.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/** One chamber per factory configuration; the dosing service binds them as they come and go. */
@Component(service = ConfiguredChamber.class, configurationPid = ChamberConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ChamberConfig.class, factory = true)
public class ConfiguredChamber {
    private final Chamber chamber;

    @Activate
    public ConfiguredChamber(ChamberConfig config) {
        this.chamber = Chamber.of(config);
    }

    Chamber chamber() {
        return chamber;
    }
}
