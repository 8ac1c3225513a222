package org.neurolab.dosing.internal;

import org.neurolab.dosing.Compound;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/** One catalogue entry per factory configuration; a bad entry fails here with what was wrong and is not used. */
@Component(service = ConfiguredCompound.class, configurationPid = CompoundConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = CompoundConfig.class, factory = true)
public class ConfiguredCompound {
    private final Compound compound;

    @Activate
    public ConfiguredCompound(CompoundConfig c) {
        this.compound = new Compound(c.name().strip().toLowerCase(java.util.Locale.ROOT), c.form(), c.molarMassGramsPerMole(), c.effectClass(),
                c.potency(), c.washoutHalfLifeSeconds(), c.maxConcentrationMicromolar(), c.maxDailyNanomoles(), c.stockMillimolar(),
                c.uncagingExposure(), c.description());
    }

    Compound compound() {
        return compound;
    }
}
