package org.neurolab.driver.sim.internal;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.neurolab.api.chemistry.MediumChemistry;
import org.neurolab.api.clock.LabClock;
import org.neurolab.api.control.CommandGuard;
import org.neurolab.api.control.CommandJournal;
import org.neurolab.api.control.PrivateCommandPaths;
import org.neurolab.api.control.PrivateControl;
import org.neurolab.api.driver.DeviceDriver;
import org.neurolab.api.driver.DeviceInfo;
import org.neurolab.api.driver.DeviceKind;
import org.neurolab.api.lab.CultureRegistry;
import org.neurolab.api.lab.Organoid;
import org.neurolab.driver.sim.VirtualRig;
import org.neurolab.driver.sim.VirtualRigSpec;
import org.neurolab.simulator.culture.MeaModel;
import org.neurolab.simulator.culture.MeaModelConfig;

/**
 * A dry run's rig: one culture model per array the copied cultures sit on, copies of the lights and pumps doses may
 * name, a virtual clock, and the lab's command-path code over them (a private path of the control service). Shares
 * nothing with the lab's rig; registers no service.
 */
final class PrivateRig implements VirtualRig, CultureRegistry {
    static final String RIG_ID = "dry-run";

    private final Object lock = new Object();
    private final long seed;
    private final RigClock clock;
    private final Map<String, SimulatedMea> meas = new LinkedHashMap<>();
    private final Map<String, MeaModel> models = new LinkedHashMap<>();
    private final ChamberChemistryFeed chemistry = new ChamberChemistryFeed();
    private final Map<String, Organoid> cultures = new LinkedHashMap<>();
    private final AtomicLong stimulations = new AtomicLong();
    private final PrivateControl control;
    private volatile boolean closed;
    private volatile boolean advancing;

    /**
     * @param neuronsPerOrganoid neurons simulated per organoid (the lab's simulated-rig setting)
     * @param defaultAgeDays     culture age when a culture's seeding date says nothing usable
     */
    PrivateRig(VirtualRigSpec spec, PrivateCommandPaths paths, int neuronsPerOrganoid, double electrodePitchMicrons, double defaultAgeDays, String version) {
        this.seed = spec.seed();
        this.clock = new RigClock(this::advanceTo);
        List<DeviceDriver> devices = new ArrayList<>();
        int index = 0;
        try {
            for (VirtualRigSpec.Mea m : spec.meas()) {
                List<Organoid> on = spec.cultures().stream().filter(o -> o.meaId().equals(m.meaId())).toList();
                if (on.isEmpty()) continue; // nothing of the run sits there: not simulated
                // only the copied cultures are simulated, each as one organoid of a smaller model (ElectrodeMap renumbers)
                int perOrganoid = Math.max(1, on.stream().mapToInt(o -> o.electrodes().size()).max().orElse(8));
                if (on.size() > 64 || perOrganoid > 256)
                    throw new IllegalArgumentException("MEA " + m.meaId() + ": a dry run simulates at most 64 cultures of 256 electrodes per array");
                int organoids = on.size();
                int sampleRate = Math.clamp(m.sampleRateHz(), 1_000, 100_000);
                MeaModelConfig config = new MeaModelConfig(m.meaId(), organoids, perOrganoid, neuronsPerOrganoid, electrodePitchMicrons,
                        sampleRate, age(on, defaultAgeDays), seed * 1_000 + index++);
                DeviceInfo info = new DeviceInfo(m.meaId(), DeviceKind.MEA, m.rigId(), Rig.VENDOR, "Dry-run MEA (" + config.electrodeCount() + " electrodes)", version);
                SimulatedMea mea = new SimulatedMea(info, m.range(), new MeaModel(config), clock, lock);
                mea.rigAdvancing(() -> advancing);
                meas.put(m.meaId(), mea);
                models.put(m.meaId(), mea.model());
                devices.add(new PrivateMea(mea, new ElectrodeMap(m.electrodeCount(), on, perOrganoid), stimulations));
            }
            for (DeviceInfo d : spec.delivery()) devices.add(RehearsedDelivery.of(d));
            for (Organoid o : spec.cultures()) cultures.put(o.id(), o);
            this.control = paths.open(devices, this, clock);
        } catch (RuntimeException e) {
            stopModels();
            throw e;
        }
    }

    /** The cultures' mean age in days from their seeding dates, so maturity-dependent activity resembles the real cultures'. */
    private static double age(List<Organoid> on, double fallback) {
        LocalDate today = LocalDate.now();
        double mean = on.stream().mapToLong(o -> ChronoUnit.DAYS.between(o.provenance().seedingDate(), today)).average().orElse(fallback);
        return mean >= 0 && mean <= 3650 ? mean : fallback;
    }

    /** Runs the models to {@code micros} in steps of the chemistry's period, so doses act when they are given and fade as they wash out. */
    private void advanceTo(long micros) {
        for (long t = clock.nowMicros(); t < micros; ) {
            Map<String, Map<String, Double>> medium = chemistry.read(meas.keySet(), t); // outside the lock, as on the lab's rig
            t = Math.min(micros, t + ChamberChemistryFeed.PERIOD_MICROS);
            synchronized (lock) {
                if (closed) throw new IllegalStateException("the dry run's rig has stopped");
                chemistry.apply(medium, models);
                advancing = true;
                try {
                    for (SimulatedMea m : meas.values()) m.advanceTo(t);
                    clock.reached(t);
                } finally {
                    advancing = false;
                    for (SimulatedMea m : meas.values()) m.applyQueued();
                }
            }
        }
    }

    @Override
    public void useChemistry(MediumChemistry medium) {
        chemistry.source(medium);
    }

    @Override
    public void useGuard(String name, CommandGuard guard) {
        control.addGuard(name, Objects.requireNonNull(guard, "guard"));
    }

    @Override
    public void useJournal(String name, CommandJournal journal) {
        control.addJournal(name, Objects.requireNonNull(journal, "journal"));
    }

    // ---- VirtualRig ---------------------------------------------------------------------------------------------

    @Override
    public PrivateControl control() {
        return control;
    }

    @Override
    public CultureRegistry cultureRegistry() {
        return this;
    }

    @Override
    public LabClock clock() {
        return clock;
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public long stimulationsCarriedOut() {
        return stimulations.get();
    }

    @Override
    public void close() {
        if (closed) return;
        control.close(); // sessions closed, their devices to the safe state
        stopModels();
    }

    private void stopModels() {
        closed = true;
        clock.stop();
        synchronized (lock) {
            for (SimulatedMea m : meas.values()) {
                m.stop();
                m.model().close();
            }
        }
    }

    // ---- CultureRegistry ----------------------------------------------------------------------------------------

    @Override
    public List<Organoid> cultures() {
        return new ArrayList<>(cultures.values());
    }

    @Override
    public Optional<Organoid> culture(String id) {
        return Optional.ofNullable(cultures.get(id));
    }
}
