package org.neurolab.driver.sim.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.neurolab.api.clock.LabClock;
import org.neurolab.api.driver.DeviceInfo;
import org.neurolab.api.driver.DeviceKind;
import org.neurolab.api.lab.CultureState;
import org.neurolab.api.lab.Ids;
import org.neurolab.api.lab.Organoid;
import org.neurolab.api.lab.Provenance;
import org.neurolab.simulator.culture.MeaModel;
import org.neurolab.simulator.culture.MeaModelConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole simulated rig, without OSGi: MEAs, pumps, the UV light, the incubator and the clock that drives them, all
 * advanced together under one lock so that the rig has one time base.
 *
 * <p>Paced, it runs on the lab's clock: a pacer thread keeps the models up with lab time, each array's watermark says how
 * far its data is complete, and when the models fall more than {@code maxLagMillis} behind (an overloaded machine), the
 * rig sheds model time: the data skips ahead and the skipped stretch is reported as a gap. So lag is bounded and visible,
 * never silent. At start it measures how fast its models run here and simulates fewer neurons when they would not keep
 * {@code headroom} × real time.
 */
final class Rig implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Rig.class);
    static final String VENDOR = "NeuroLab";
    static final String CONSENT_OF_SIMULATED_CULTURES = "simulated-no-donor";
    private static final long CALIBRATION_MICROS = 300_000;
    private static final int MIN_NEURONS = 100;

    final Object lock = new Object();
    final String rigId;
    final RigClock clock;
    final List<SimulatedMea> meas = new ArrayList<>();
    final List<SimulatedPump> pumps = new ArrayList<>();
    final SimulatedUvLight uv;
    final SimulatedIncubator incubator;
    final ChamberChemistryFeed chemistry = new ChamberChemistryFeed();
    final List<Organoid> cultures;
    /** What the rig chose at start, for the log and the lab's health: neurons per organoid and measured speed. */
    final String sizing;
    private final List<String> meaIds = new ArrayList<>();
    private final Map<String, MeaModel> models = new HashMap<>();
    private final String version;
    private final long maxLagMicros;
    private volatile double slowdown;
    private Thread pacer;
    private volatile boolean stopped;
    /** True while the models run forward: a stimulation from another thread then queues instead of waiting for the lock. */
    private volatile boolean advancing;
    private long shedCount, shedMicros;

    private Rig(SimulatedRigConfig c, String version, LabClock labClock) {
        this.rigId = Ids.require(c.rigId(), "rig id");
        this.version = version;
        String mode = c.mode().trim().toLowerCase(Locale.ROOT);
        if (!mode.equals("paced") && !mode.equals("virtual"))
            throw new IllegalArgumentException("simulated rig mode must be 'paced' or 'virtual', was '" + c.mode() + "'");
        if (c.meas() < 1 || c.meas() > 16) throw new IllegalArgumentException("a simulated rig has 1..16 MEAs, was " + c.meas());
        if (c.headroom() < 0 || c.headroom() > 100) throw new IllegalArgumentException("headroom must be 0..100 (× real time), was " + c.headroom());
        if (c.maxLagMillis() < 10) throw new IllegalArgumentException("maxLagMillis must be >= 10 ms, was " + c.maxLagMillis());
        if (!(c.closedLoopHoldMillis() >= 0 && c.closedLoopHoldMillis() <= 100))
            throw new IllegalArgumentException("closedLoopHoldMillis must be 0..100 ms, was " + c.closedLoopHoldMillis());
        if (c.slowdown() < 0 || c.slowdown() > 1) throw new IllegalArgumentException("slowdown must be 0..1 (fraction of real time), was " + c.slowdown());
        boolean paced = mode.equals("paced");
        if (paced && labClock == null) throw new IllegalArgumentException("a paced rig needs the lab's clock");
        this.clock = paced ? new RigClock(labClock) : new RigClock(this::advanceTo);
        this.maxLagMicros = c.maxLagMillis() * 1_000;
        this.slowdown = c.slowdown();
        int neurons = c.neuronsPerOrganoid();
        String chosen = neurons + " neurons per organoid (virtual: not measured)";
        if (paced && c.headroom() > 0) {
            double speed = measureSpeed(c, neurons);
            chosen = String.format(Locale.ROOT, "%d neurons per organoid run at %.1f× real time here", neurons, speed);
            if (speed < c.headroom() && neurons > MIN_NEURONS) {
                int fewer = Math.max(MIN_NEURONS, (int) (neurons * speed / c.headroom()));
                double again = measureSpeed(c, fewer);
                chosen = String.format(Locale.ROOT, "%d of the configured %d neurons per organoid (%d ran at %.1f× real time, under the headroom of %.1f×;"
                        + " %d run at %.1f×; set headroom=0 for the configured size)", fewer, neurons, neurons, speed, c.headroom(), fewer, again);
                neurons = fewer;
            }
        }
        this.sizing = chosen;
        List<Organoid> organoids = new ArrayList<>();
        LocalDate seeded = LocalDate.now().minusDays((long) c.cultureAgeDays());
        for (int i = 0; i < c.meas(); i++) {
            String meaId = rigId + "/mea" + i;
            MeaModel model = new MeaModel(modelConfig(c, i, neurons));
            SimulatedMea mea = new SimulatedMea(device(meaId, DeviceKind.MEA, "Simulated MEA (" + model.layout().electrodeCount() + " electrodes)"), model,
                    clock, lock);
            mea.rigAdvancing(() -> advancing);
            meas.add(mea);
            pumps.add(new SimulatedPump(device(rigId + "/pump" + i, DeviceKind.PUMP, "Simulated microfluidic pump"), lock));
            for (int o = 0; o < c.organoidsPerMea(); o++) {
                organoids.add(new Organoid(rigId + "-mea" + i + "-o" + o, meaId, model.electrodesOfOrganoid(o),
                        new Provenance("SIM-iPSC", "seed-" + c.seed(), CONSENT_OF_SIMULATED_CULTURES, seeded), CultureState.ACTIVE));
            }
        }
        this.cultures = List.copyOf(organoids);
        closedLoopHold(c.closedLoopHoldMillis());
        for (SimulatedMea m : meas) {
            meaIds.add(m.info().deviceId());
            models.put(m.info().deviceId(), m.model());
        }
        this.uv = new SimulatedUvLight(device(rigId + "/uv", DeviceKind.LIGHT, "Simulated 365 nm LED"), lock);
        this.incubator = new SimulatedIncubator(device(rigId + "/incubator", DeviceKind.ENVIRONMENT_SENSOR, "Simulated incubator sensors"), clock, c.seed());
        if (paced) {
            long now = clock.nowMicros();
            synchronized (lock) {
                for (SimulatedMea m : meas) m.startAt(now);
                for (SimulatedPump p : pumps) p.advanceTo(now);
            }
        }
    }

    private static MeaModelConfig modelConfig(SimulatedRigConfig c, int mea, int neurons) {
        return new MeaModelConfig(c.rigId() + "/mea" + mea, c.organoidsPerMea(), c.electrodesPerOrganoid(), neurons, c.electrodePitchMicrons(),
                c.sampleRateHz(), c.cultureAgeDays(), c.seed() * 1_000 + mea);
    }

    /**
     * How many times real time the rig's models run on this machine, raw traces included (the recording asks for them):
     * one array's model of this size, warmed up, then timed, times the number of arrays.
     */
    private static double measureSpeed(SimulatedRigConfig c, int neurons) {
        // warm-up on a small model of the same shape: the JIT compiles the same step whatever the size, and a cold
        // measurement would shrink a model the machine can run
        try (MeaModel warm = new MeaModel(modelConfig(c, 0, MIN_NEURONS))) {
            warm.advanceTo(CALIBRATION_MICROS, b -> { }, r -> { });
        }
        try (MeaModel probe = new MeaModel(modelConfig(c, 0, neurons))) {
            double best = 0;
            for (int round = 1; round <= 2; round++) { // the better of two: a busy neighbour slows one, not the machine
                long t0 = System.nanoTime();
                probe.advanceTo(round * CALIBRATION_MICROS / 2, b -> { }, r -> { });
                double wallMicros = Math.max(1, (System.nanoTime() - t0) / 1_000.0);
                best = Math.max(best, CALIBRATION_MICROS / 2.0 / wallMicros / c.meas());
            }
            return best;
        }
    }

    /** Builds the rig; bad configuration is refused with what was wrong. {@code labClock} may be null for a virtual rig. */
    static Rig build(SimulatedRigConfig config, String version, LabClock labClock) {
        return new Rig(config, version, labClock);
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

    /** Lab time every array's data is complete up to. */
    long reachedMicros() {
        long min = Long.MAX_VALUE;
        for (SimulatedMea m : meas) min = Math.min(min, m.labNowMicros());
        return min;
    }

    /** Paced mode: a thread keeps the models up with lab time, a millisecond at a time, shedding what it cannot catch up. */
    void startPacing() {
        if (clock.isVirtual()) return;
        LOG.info("Simulated rig {} (paced): {}", rigId, sizing);
        pacer = Thread.ofPlatform().name("sim-rig-" + rigId).daemon().priority(Thread.MAX_PRIORITY).start(() -> {
            while (!stopped) {
                try {
                    paceOnce();
                    LockSupport.parkNanos(500_000);
                    if (Thread.interrupted()) return;
                } catch (IllegalStateException e) {
                    if (!stopped) throw e;
                }
            }
        });
    }

    private void paceOnce() {
        long target = clock.nowMicros();
        long reached = reachedMicros();
        if (target - reached > maxLagMicros) shed(reached, target - SimulatedMea.CHUNK_MICROS);
        // at most 10 ms of model time per step: the rig's lock is released often, so a command or a safe state on a
        // machine that is behind waits for one short step, not for a long catch-up
        long step = Math.min(target, reachedMicros() + 10_000);
        if (step <= reachedMicros()) return;
        long t0 = System.nanoTime(), from = reachedMicros();
        advanceTo(step);
        if (slowdown > 0) { // emulate an overloaded machine: never faster than slowdown × real time
            long due = (long) ((step - from) * 1_000 / slowdown) - (System.nanoTime() - t0);
            if (due > 0) LockSupport.parkNanos(due);
        }
    }

    private void shed(long from, long to) {
        long n;
        synchronized (lock) {
            String reason = String.format(Locale.ROOT, "the simulation fell %.1f s behind lab time; that stretch of model time was shed", (to - from) / 1e6);
            for (SimulatedMea m : meas) m.shedTo(to, reason);
            n = ++shedCount;
            shedMicros += to - from;
        }
        if (Long.bitCount(n) == 1)
            LOG.warn("Simulated rig {} cannot keep up with real time ({}): shed {} ms of model time ({} time(s), {} s in all so far); "
                    + "a smaller model (neuronsPerOrganoid, meas) or a quieter machine keeps it whole", rigId, sizing, (to - from) / 1_000, n, shedMicros / 1_000_000);
    }

    void slowdown(double fractionOfRealTime) {
        if (!(fractionOfRealTime >= 0 && fractionOfRealTime <= 1))
            throw new IllegalArgumentException("slowdown must be 0..1 (fraction of real time), was " + fractionOfRealTime);
        slowdown = fractionOfRealTime;
        LOG.warn("Simulated rig {} slowed to {} × real time on purpose (0 = as fast as it can)", rigId, fractionOfRealTime);
    }

    /** Closed-loop lockstep: how long (wall ms) a chunk with spikes waits for a script's answer; 0 = free-running. */
    void closedLoopHold(double millis) {
        if (!(millis >= 0 && millis <= 100)) throw new IllegalArgumentException("the closed-loop hold must be 0..100 ms, was " + millis);
        for (SimulatedMea m : meas) m.closedLoopHold(Math.round(millis * 1e6));
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
