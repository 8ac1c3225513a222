package org.neurolab.api.chemistry;

/** What a compound does to a culture, as the simulator models it. */
public enum EffectClass {
    /** depolarises: more firing (glutamate, AMPA/NMDA agonists) */
    EXCITATORY,
    /** hyperpolarises: less firing (GABA, muscimol) */
    INHIBITORY,
    /** raises plasticity (dopamine) */
    DOPAMINERGIC,
    /** weakens slow afterhyperpolarisation (serotonin) */
    SEROTONERGIC,
    /** no modelled effect on activity (vehicle, dyes) */
    NONE
}
