package org.neurolab.driver.sim.internal;

import java.util.HashMap;
import java.util.Map;
import org.neurolab.api.chemistry.EffectClass;
import org.neurolab.api.chemistry.MediumChemistry;
import org.neurolab.simulator.culture.MeaModel;

/**
 * Carries what the dosing model says is in each chamber into the culture models, every {@link #PERIOD_MICROS}
 * of lab time, added to what was set by hand through SimulationControl. Compounds act by effect class: a
 * potent GABA-A agonist counts as its GABA-equivalent. Reading happens outside the rig's lock (the dosing
 * service holds its own lock while it drives the rig's light), applying inside it.
 */
final class ChamberChemistryFeed {
    static final long PERIOD_MICROS = 20_000;
    private static final Map<EffectClass, String> MODEL_COMPOUND = Map.of(EffectClass.EXCITATORY, "glutamate", EffectClass.INHIBITORY, "gaba",
            EffectClass.DOPAMINERGIC, "dopamine", EffectClass.SEROTONERGIC, "serotonin");

    private volatile MediumChemistry source;
    private final Map<String, Map<String, Double>> manual = new HashMap<>();
    private volatile long nextReadMicros;
    private boolean fed;

    void source(MediumChemistry chemistry) {
        this.source = chemistry;
    }

    /** Outside the rig lock: the concentrations to apply now, or null when nothing changes. */
    synchronized Map<String, Map<String, Double>> read(Iterable<String> meaIds, long labMicros) {
        if (labMicros < nextReadMicros) return null;
        nextReadMicros = labMicros + PERIOD_MICROS;
        MediumChemistry s = source;
        if (s == null && !fed) return null;
        Map<String, Map<String, Double>> out = new HashMap<>();
        for (String mea : meaIds) {
            Map<String, Double> byCompound = new HashMap<>();
            MODEL_COMPOUND.values().forEach(c -> byCompound.put(c, 0.0));
            if (s != null) s.effectiveMicromolar(mea, labMicros).forEach((cls, um) -> {
                String c = MODEL_COMPOUND.get(cls);
                if (c != null) byCompound.merge(c, um, Double::sum);
            });
            out.put(mea, byCompound);
        }
        fed = s != null;
        return out;
    }

    /** Inside the rig lock. */
    void apply(Map<String, Map<String, Double>> read, Map<String, MeaModel> models) {
        if (read == null) return;
        read.forEach((mea, byCompound) -> {
            MeaModel m = models.get(mea);
            if (m == null) return;
            Map<String, Double> base = manual.getOrDefault(mea, Map.of());
            byCompound.forEach((c, um) -> m.setConcentration(c, Math.max(0, um + base.getOrDefault(c, 0.0))));
        });
    }

    /** A concentration set by hand (tests, training); inside the rig lock. */
    void setManual(String meaId, String compound, double micromolar, MeaModel model) {
        manual.computeIfAbsent(meaId, k -> new HashMap<>()).put(compound, micromolar);
        model.setConcentration(compound, micromolar);
        nextReadMicros = 0; // the next step adds the dosing model on top again
    }
}
