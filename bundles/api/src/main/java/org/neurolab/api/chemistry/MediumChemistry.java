package org.neurolab.api.chemistry;

import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Concentrations in the medium around the cultures of an MEA, over lab time. The dosing bundle provides it
 * from its model (doses in, washout and medium exchange out); a simulated rig reads it so that drugs change
 * what its cultures do.
 */
@ProviderType
public interface MediumChemistry {
    /** Each compound's concentration in the MEA's chamber at the given lab time, µM (compounds at zero may be left out). */
    Map<String, Double> concentrationsMicromolar(String meaId, long labTimeMicros);

    /**
     * The same, summed by effect class and scaled by each compound's potency relative to the class's
     * reference compound (glutamate, GABA, dopamine, serotonin), µM of reference-equivalent.
     */
    Map<EffectClass, Double> effectiveMicromolar(String meaId, long labTimeMicros);
}
