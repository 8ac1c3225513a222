package org.neurolab.driver.sim.internal;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.neurolab.api.chemistry.MediumChemistry;
import org.neurolab.api.clock.LabClock;
import org.neurolab.api.control.Caller;
import org.neurolab.api.control.CommandGuard;
import org.neurolab.api.control.CommandRefusedException;
import org.neurolab.api.control.CommandRequest;
import org.neurolab.api.control.GuardDecision;
import org.neurolab.api.control.LabControl;
import org.neurolab.api.lab.Ids;
import org.neurolab.api.control.LabSession;
import org.neurolab.api.driver.DeviceDriver;
import org.neurolab.api.driver.DeviceInfo;
import org.neurolab.api.driver.DeviceKind;
import org.neurolab.api.lab.CultureRegistry;
import org.neurolab.api.lab.MeaLayout;
import org.neurolab.api.lab.Organoid;
import org.neurolab.api.stimulation.StimulatorRange;
import org.neurolab.driver.sim.VirtualRig;
import org.neurolab.driver.sim.VirtualRigSpec;
import org.neurolab.simulator.culture.MeaModel;
import org.neurolab.simulator.culture.MeaModelConfig;

/**
 * A dry run's rig: one culture model per array the copied cultures sit on, a virtual clock, and a command path of its
 * own ({@link PrivateSession}). Shares nothing with the lab's rig; registers no service.
 */
final class PrivateRig implements VirtualRig, LabControl, CultureRegistry {
    static final String RIG_ID = "dry-run";

    private final Object lock = new Object();
    private final long seed;
    private final RigClock clock;
    private final Map<String, SimulatedMea> meas = new LinkedHashMap<>();
    private final Map<String, ElectrodeMap> maps = new LinkedHashMap<>();
    private final Map<String, MeaModel> models = new LinkedHashMap<>();
    private final ChamberChemistryFeed chemistry = new ChamberChemistryFeed();
    private final List<Map.Entry<String, CommandGuard>> guards = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, Organoid> cultures = new LinkedHashMap<>();
    private final Map<String, PrivateSession> sessions = new ConcurrentHashMap<>();
    private final AtomicLong sessionCounter = new AtomicLong();
    final AtomicLong stimulations = new AtomicLong();
    private volatile boolean closed;
    private volatile boolean advancing;

    /**
     * @param neuronsPerOrganoid neurons simulated per organoid (the lab's simulated-rig setting)
     * @param defaultAgeDays     culture age when a culture's seeding date says nothing usable
     */
    PrivateRig(VirtualRigSpec spec, int neuronsPerOrganoid, double electrodePitchMicrons, double defaultAgeDays, String version) {
        this.seed = spec.seed();
        this.clock = new RigClock(this::advanceTo);
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
                DeviceInfo info = new DeviceInfo(m.meaId(), DeviceKind.MEA, RIG_ID, Rig.VENDOR, "Dry-run MEA (" + config.electrodeCount() + " electrodes)", version);
                SimulatedMea mea = new SimulatedMea(info, m.range(), new MeaModel(config), clock, lock);
                mea.rigAdvancing(() -> advancing);
                meas.put(m.meaId(), mea);
                models.put(m.meaId(), mea.model());
                maps.put(m.meaId(), new ElectrodeMap(m.electrodeCount(), on, perOrganoid));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        for (Organoid o : spec.cultures()) cultures.put(o.id(), o);
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
        guards.add(Map.entry(Ids.require(name, "guard name"), java.util.Objects.requireNonNull(guard, "guard")));
    }

    /** Asks the guards given to this rig, in order; the first refusal ends it. */
    void judge(CommandRequest request) throws CommandRefusedException {
        for (Map.Entry<String, CommandGuard> g : guards) {
            GuardDecision d = g.getValue().check(request);
            if (!d.allowed()) throw new CommandRefusedException(g.getKey(), d.reason(), d.policyIds());
        }
    }

    Optional<SimulatedMea> mea(String meaId) {
        return Optional.ofNullable(meas.get(meaId));
    }

    ElectrodeMap map(String meaId) {
        return maps.get(meaId);
    }

    // ---- VirtualRig ---------------------------------------------------------------------------------------------

    @Override
    public LabControl control() {
        return this;
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
        for (PrivateSession s : List.copyOf(sessions.values())) s.close();
        closed = true;
        clock.stop();
        synchronized (lock) {
            for (SimulatedMea m : meas.values()) {
                m.stop();
                m.model().close();
            }
        }
    }

    // ---- LabControl -----------------------------------------------------------------------------------------------

    @Override
    public List<DeviceInfo> devices() {
        return meas.values().stream().map(DeviceDriver::info).toList();
    }

    /** The real array's numbering: electrodes of cultures this dry run does not copy are listed but not simulated. */
    @Override
    public Optional<MeaLayout> layout(String meaId) {
        return mea(meaId).map(m -> {
            List<org.neurolab.api.lab.Electrode> es = new ArrayList<>();
            for (int i = 0; i < maps.get(meaId).realCount(); i++) es.add(new org.neurolab.api.lab.Electrode(i, i * 100.0, 0, 30));
            return new MeaLayout(meaId, es, m.layout().sampleRateHz());
        });
    }

    @Override
    public Optional<StimulatorRange> stimulatorRange(String meaId) {
        return mea(meaId).map(SimulatedMea::stimulatorRange);
    }

    @Override
    public List<String> missingRequiredGuards() {
        return List.of();
    }

    @Override
    public LabSession openSession(Caller caller) {
        if (closed) throw new IllegalStateException("the dry run's rig has stopped");
        String id = RIG_ID + "-s" + sessionCounter.incrementAndGet();
        PrivateSession s = new PrivateSession(id, caller, this, () -> sessions.remove(id));
        sessions.put(id, s);
        return s;
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
