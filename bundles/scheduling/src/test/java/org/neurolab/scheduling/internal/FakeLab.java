package org.neurolab.scheduling.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import org.neurolab.api.driver.EnvironmentReading;
import org.neurolab.api.lab.CultureState;
import org.neurolab.api.lab.Organoid;
import org.neurolab.api.lab.Provenance;

/** Rig "sim": arrays sim/mea0 and sim/mea1 with two organoids each, a pump per array, an incubator the test sets. */
final class FakeLab implements ScheduleLab {
    final Map<String, Organoid> cultures = new ConcurrentHashMap<>();
    final Map<String, String> holds = new ConcurrentHashMap<>();
    final Map<String, Double> flows = new ConcurrentHashMap<>(Map.of("sim/pump0", 10.0, "sim/pump1", 10.0));
    volatile EnvironmentReading environment = new EnvironmentReading(0, 37.0, 5.0, 95.0);
    final java.util.List<String> audited = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void audit(String action, String target, String reason) {
        audited.add(action + " " + target + ": " + reason);
    }

    FakeLab() {
        for (int m = 0; m < 2; m++)
            for (int o = 0; o < 2; o++) put("sim-mea" + m + "-o" + o, "sim/mea" + m, CultureState.ACTIVE);
    }

    void put(String id, String mea, CultureState state) {
        int base = Integer.parseInt(id.substring(id.length() - 1)) * 8;
        cultures.put(id, new Organoid(id, mea, List.of(base, base + 1), new Provenance("SIM-iPSC", "b1", "consent-sim", LocalDate.of(2026, 1, 1)), state));
    }

    void incubator(double celsius, double co2) {
        environment = new EnvironmentReading(0, celsius, co2, 95.0);
    }

    @Override
    public Optional<Organoid> culture(String id) {
        return Optional.ofNullable(cultures.get(id));
    }

    @Override
    public List<Organoid> cultures() {
        return new ArrayList<>(cultures.values());
    }

    @Override
    public boolean hasLocalMea(String meaId) {
        return meaId.equals("sim/mea0") || meaId.equals("sim/mea1");
    }

    @Override
    public Optional<String> rigOf(String meaId) {
        return hasLocalMea(meaId) ? Optional.of("sim") : Optional.empty();
    }

    @Override
    public Optional<EnvironmentReading> environment(String rigId) {
        return Optional.of(environment);
    }

    @Override
    public List<String> pumpIds(String rigId) {
        return List.of("sim/pump0", "sim/pump1");
    }

    @Override
    public OptionalDouble flow(String pumpId) {
        Double f = flows.get(pumpId);
        return f == null ? OptionalDouble.empty() : OptionalDouble.of(f);
    }

    @Override
    public Map<String, String> holds() {
        return Map.copyOf(holds);
    }
}
