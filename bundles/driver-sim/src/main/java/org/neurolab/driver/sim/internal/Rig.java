package org.neurolab.driver.sim.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import org.neurolab.api.driver.DeviceInfo;
import org.neurolab.api.driver.DeviceKind;
import org.neurolab.api.lab.CultureState;
import org.neurolab.api.lab.Ids;
import org.neurolab.api.lab.Organoid;
import org.neurolab.api.lab.Provenance;
import org.neurolab.simulator.culture.MeaModel;
import org.neurolab.simulator.culture.MeaModelConfig;

/**
 * A whole simulated rig, without OSGi: MEAs, pumps, the UV light, the incubator and the clock that drives
 * them, all advanced together under one lock so that the rig has one lab time.
 */
final class Rig implements AutoCloseable {
    static final String VENDOR = "NeuroLab";
    static final String CONSENT_OF_SIMULATED_CULTURES = "simulated-no-donor";

    final Object lock = new Object();
    final String rigId;
    final RigClock clock;
    final List<SimulatedMea> meas = new ArrayList<>();
    final List<SimulatedPump> pumps = new ArrayList<>();
    final SimulatedUvLight uv;
    final SimulatedIncubator incubator;
    final ChamberChemistryFeed chemistry = new ChamberChemistryFeed();
    final List<Organoid> cultures;
    private final List<String> meaIds = new ArrayList<>();
    private final Map<String, MeaModel> models = new HashMap<>();
    private final String version;
    private Thread pacer;
    private volatile boolean stopped;
    /** True while the models run forward: a stimulation from another thread then queues instead of waiting for the lock. */
    private volatile boolean advancing;

    private Rig(SimulatedRigConfig c, String version) {
        this.rigId = Ids.require(c.rigId(), "rig id");
        this.version = version;
        String mode = c.mode().trim().toLowerCase(Locale.ROOT);
        if (!mode.equals("paced") && !mode.equals("virtual"))
            throw new IllegalArgumentException("simulated rig mode must be 'paced' or 'virtual', was '" + c.mode() + "'");
        if (c.meas() < 1 || c.meas() > 16) throw new IllegalArgumentException("a simulated rig has 1..16 MEAs, was " + c.meas());
        this.clock = new RigClock(mode.equals("virtual"), this::advanceTo);
        List<Organoid> organoids = new ArrayList<>();
        LocalDate seeded = LocalDate.now().minusDays((long) c.cultureAgeDays());
        for (int i = 0; i < c.meas(); i++) {
            String meaId = rigId + "/mea" + i;
            MeaModelConfig mc = new MeaModelConfig(meaId, c.organoidsPerMea(), c.electrodesPerOrganoid(), c.neuronsPerOrganoid(),
                    c.electrodePitchMicrons(), c.sampleRateHz(), c.cultureAgeDays(), c.seed() * 1_000 + i);
            MeaModel model = new MeaModel(mc);
            SimulatedMea mea = new SimulatedMea(device(meaId, DeviceKind.MEA, "Simulated MEA (" + mc.electrodeCount() + " electrodes)"), model, clock, lock);
            mea.rigAdvancing(() -> advancing);
            meas.add(mea);
            pumps.add(new SimulatedPump(device(rigId + "/pump" + i, DeviceKind.PUMP, "Simulated microfluidic pump"), lock));
            for (int o = 0; o < c.organoidsPerMea(); o++) {
                organoids.add(new Organoid(rigId + "-mea" + i + "-o" + o, meaId, model.electrodesOfOrganoid(o),
                        new Provenance("SIM-iPSC", "seed-" + c.seed(), CONSENT_OF_SIMULATED_CULTURES, seeded), CultureState.ACTIVE));
            }
        }
        this.cultures = List.copyOf(organoids);
        for (SimulatedMea m : meas) {
            meaIds.add(m.info().deviceId());
            models.put(m.info().deviceId(), m.model());
        }
        this.uv = new SimulatedUvLight(device(rigId + "/uv", DeviceKind.LIGHT, "Simulated 365 nm LED"), lock);
        this.incubator = new SimulatedIncubator(device(rigId + "/incubator", DeviceKind.ENVIRONMENT_SENSOR, "Simulated incubator sensors"), clock, c.seed());
    }

    /** Builds the rig; bad configuration is refused with what was wrong. */
    static Rig build(SimulatedRigConfig config, String version) {
        return new Rig(config, version);
    }

    private DeviceInfo device(String id, DeviceKind kind, String model) {
        return new DeviceInfo(id, kind, rigId, VENDOR, model, version);
    }

    /** Runs every model to lab time {@code micros}. */
    void advanceTo(long micros) {
        Map<String, Map<String, Double>> doses = chemistry.read(meaIds, micros);
        synchronized (lock) {
            if (stopped) throw new IllegalStateException("simulated rig " + rigId + " has stopped");
            chemistry.apply(doses, models);
            advancing = true;
            try {
                for (SimulatedMea m : meas) m.advanceTo(micros);
                for (SimulatedPump p : pumps) p.advanceTo(micros);
                clock.reached(micros);
            } finally {
                advancing = false;
                for (SimulatedMea m : meas) m.applyQueued();
            }
        }
    }

    /** Paced mode: a thread keeps the models up with the wall clock. */
    void startPacing() {
        if (clock.isVirtual()) return;
        pacer = Thread.ofPlatform().name("sim-rig-" + rigId).daemon().start(() -> {
            while (!stopped) {
                try {
                    advanceTo(clock.nowMicros());
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                } catch (IllegalStateException e) {
                    if (!stopped) throw e;
                }
            }
        });
    }

    SimulatedMea mea(String meaId) {
        return meas.stream().filter(m -> m.info().deviceId().equals(meaId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no MEA '" + meaId + "' on rig " + rigId));
    }

    @Override
    public void close() {
        stopped = true;
        clock.stop();
        if (pacer != null) {
            pacer.interrupt();
            try {
                pacer.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (lock) {
            for (SimulatedMea m : meas) {
                m.stop();
                m.model().close();
            }
        }
    }
}
