package org.neurolab.simulator.culture;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import org.neurolab.api.lab.MeaLayout;
import org.neurolab.api.signal.RawSampleBlock;
import org.neurolab.api.signal.SpikeBatch;
import org.neurolab.api.stimulation.Pulse;
import org.neurolab.api.stimulation.PulseTrain;
import org.neurolab.simulator.internal.engine.Network;
import org.neurolab.simulator.internal.random.NormalGenerator;

/**
 * The culture model of one simulated MEA: each organoid is a network of Izhikevich neurons (80%
 * regular-spiking excitatory, 20% fast-spiking inhibitory) placed in a flattened blob above its
 * electrodes, wired with distance-dependent synapses and conduction delays. Noise and a slow
 * afterhyperpolarisation give sparse firing punctuated by network bursts every few seconds. Electrodes
 * record the few strongest units near them and excite the neurons near them in proportion to the
 * charge per phase; excitatory synapses learn by STDP; glutamate, GABA, dopamine, serotonin and culture
 * age change excitability and learning; faults break electrodes or kill neurons.
 *
 * <p>Time is model time in µs from 0, advanced in 0.5 ms steps by {@link #advanceTo}. The same config
 * and the same sequence of calls give the same events and raw samples. Not thread-safe: one caller at
 * a time (the simulated rig's thread).
 */
public final class MeaModel implements AutoCloseable {

    static final double DT_MILLIS = 0.5;
    static final long STEP_MICROS = 500;
    /** steps per spike batch (100 ms) */
    private static final int CHUNK_STEPS = 200;
    /** steps between updates of a dying culture's losses (50 ms) */
    private static final int DYING_REFRESH_STEPS = 100;
    private static final List<String> COMPOUNDS = List.of("glutamate", "gaba", "dopamine", "serotonin");
    private static final int GLUTAMATE = 0;
    private static final int GABA = 1;
    private static final int DOPAMINE = 2;
    private static final int SEROTONIN = 3;

    private MeaModelConfig config;
    private final Tuning tuning;
    private final Tissue tissue;
    private final Network network;
    private final Synapses synapses;
    private final Stdp stdp;
    private final RawTrace rawTrace;
    private final String meaId;
    private final int electrodeCount;

    // per neuron
    private final float[] external;
    private final float[] noiseAmplitude;
    private final float[] bias;
    private final float[] ahp;
    private final float[] ahpIncrement;
    private final boolean[] silenced;
    private final float ahpDecay;

    // culture state
    private final double[] concentrations = new double[COMPOUNDS.size()];
    private double ageDays;
    private boolean plasticity = true;
    private float stdpGain = 1f;
    private float ahpScale = 1f;

    // faults
    private final boolean[] dead;
    private final float[] noiseScale;
    private final double[] spuriousPerStep;
    private final double[] dyingSeverity;
    private final long[] dyingStartMicros;
    private boolean anyDying;
    private boolean anyNoisy;
    private final SplittableRandom faultRandom;

    // stimulation
    private final PriorityQueue<TrainCursor> trains = new PriorityQueue<>();
    private final ArrayDeque<Kick> kicks = new ArrayDeque<>();
    private final RawTrace.Pulses chunkPulses = new RawTrace.Pulses();
    private long trainSequence;

    // events
    private final long[] lastEventStep;
    private int stepCount;
    private int[] stepElectrodes = new int[64];
    private long[] stepTimes = new long[64];
    private float[] stepAmplitudes = new float[64];
    private int chunkCount;
    private int[] chunkElectrodes = new int[1024];
    private long[] chunkTimes = new long[1024];
    private float[] chunkAmplitudes = new float[1024];
    private long totalEvents;
    /** spikes per neuron so far, for tests and calibration */
    private final int[] neuronSpikes;
    private boolean closed;

    public MeaModel(MeaModelConfig config) {
        this(config, Tuning.defaults());
    }

    MeaModel(MeaModelConfig config, Tuning tuning) {
        if (config == null) throw new IllegalArgumentException("an MEA model needs a config (MeaModelConfig.defaults(id, seed) for FinalSpark's layout)");
        this.config = config;
        this.tuning = tuning;
        this.meaId = config.meaId();
        this.electrodeCount = config.electrodeCount();
        this.tissue = new Tissue(config, tuning);
        this.network = tissue.builder.build();
        this.synapses = new Synapses(network, tissue.excitatory, tuning);
        this.stdp = new Stdp(network, synapses, tissue.excitatory, tuning);
        this.rawTrace = new RawTrace(config, tissue, tuning);
        int n = tissue.neuronCount;
        external = network.externalCurrent();
        noiseAmplitude = network.noiseAmplitude();
        bias = new float[n];
        ahp = new float[n];
        ahpIncrement = new float[n];
        for (int i = 0; i < n; i++) {
            ahpIncrement[i] = tissue.excitatory[i] ? (float) tuning.ahpIncrement : 0f;
        }
        silenced = new boolean[n];
        neuronSpikes = new int[n];
        ahpDecay = (float) Math.exp(-DT_MILLIS / tuning.ahpTauMillis);
        dead = new boolean[electrodeCount];
        noiseScale = new float[electrodeCount];
        Arrays.fill(noiseScale, 1f);
        spuriousPerStep = new double[electrodeCount];
        dyingSeverity = new double[config.organoids()];
        dyingStartMicros = new long[config.organoids()];
        faultRandom = new SplittableRandom(NormalGenerator.streamSeed(config.seed(), 0x6661756CL));
        lastEventStep = new long[electrodeCount];
        Arrays.fill(lastEventStep, Long.MIN_VALUE / 2);
        ageDays = config.cultureAgeDays();
        network.setSpikeListener(this::onSpikes);
        refreshDrive();
    }

    // ---- description ------------------------------------------------------------------------

    /** The config, with the culture age as last set by {@link #setCultureAgeDays}. */
    public MeaModelConfig config() {
        return config;
    }

    public MeaLayout layout() {
        return tissue.layout;
    }

    /** The electrodes under an organoid, ascending (organoid o has o·E .. o·E + E − 1). */
    public List<Integer> electrodesOfOrganoid(int organoid) {
        if (organoid < 0 || organoid >= config.organoids())
            throw new IllegalArgumentException("organoid " + organoid + " is not on MEA " + meaId + " (0.." + (config.organoids() - 1) + ")");
        int per = config.electrodesPerOrganoid();
        return IntStream.range(organoid * per, organoid * per + per).boxed().toList();
    }

    public long nowMicros() {
        return network.currentStep() * STEP_MICROS;
    }

    public long totalElectrodeEvents() {
        return totalEvents;
    }

    // ---- inputs -----------------------------------------------------------------------------

    /**
     * Queues a pulse train through these electrodes, starting at lab time {@code atMicros}
     * ({@code >= nowMicros()}). Pulses are delivered as the model advances: each recruits the neurons
     * near each electrode in proportion to the charge per phase above a small threshold, from the
     * next 0.5 ms step on, and draws an artifact in the raw trace. A dead electrode does nothing.
     */
    public void stimulate(int[] electrodes, PulseTrain train, long atMicros) {
        checkOpen();
        if (electrodes == null || electrodes.length == 0)
            throw new IllegalArgumentException("stimulation needs at least one electrode of MEA " + meaId);
        if (train == null) throw new IllegalArgumentException("stimulation needs a pulse train");
        for (int e : electrodes) {
            checkElectrode(e);
        }
        long now = nowMicros();
        if (atMicros < now)
            throw new IllegalArgumentException("stimulation at " + atMicros + " µs is in the past: MEA " + meaId + " is at " + now
                    + " µs; schedule it at nowMicros() or later");
        trains.add(new TrainCursor(electrodes.clone(), train, atMicros, trainSequence++));
    }

    /** Drops every queued or running pulse train (the rig's safe state): no further pulse is delivered. */
    public void cancelStimulation() {
        checkOpen();
        trains.clear();
    }

    /**
     * Sets a compound's concentration in µM: glutamate depolarises (more firing), GABA hyperpolarises
     * (less), dopamine raises the STDP rate (up to 4× at high µM), serotonin weakens the slow
     * afterhyperpolarisation a little (slightly more frequent bursts).
     */
    public void setConcentration(String compound, double micromolar) {
        checkOpen();
        int index = compoundIndex(compound);
        if (!Double.isFinite(micromolar) || micromolar < 0)
            throw new IllegalArgumentException("concentration of " + compound + " must be a finite number of µM >= 0, was " + micromolar);
        concentrations[index] = micromolar;
        refreshDrive();
    }

    public double concentration(String compound) {
        return concentrations[compoundIndex(compound)];
    }

    /** Activity matures over the first ~60–90 days (more neurons take part), then declines slowly after ~200 days. */
    public void setCultureAgeDays(double days) {
        checkOpen();
        if (!Double.isFinite(days) || days < 0 || days > 3650)
            throw new IllegalArgumentException("culture age must be 0..3650 days, was " + days);
        ageDays = days;
        config = new MeaModelConfig(config.meaId(), config.organoids(), config.electrodesPerOrganoid(), config.neuronsPerOrganoid(),
                config.electrodePitchMicrons(), config.sampleRateHz(), days, config.seed());
        refreshDrive();
    }

    /** STDP on excitatory synapses, on by default; off freezes the weights as they are. */
    public void setPlasticity(boolean enabled) {
        checkOpen();
        plasticity = enabled;
    }

    public void injectFault(Fault fault) {
        checkOpen();
        if (fault == null) throw new IllegalArgumentException("a fault is required");
        switch (fault.kind()) {
            case DEAD_ELECTRODE -> {
                checkElectrode(fault.electrode());
                dead[fault.electrode()] = true;
            }
            case NOISY_ELECTRODE -> {
                checkElectrode(fault.electrode());
                noiseScale[fault.electrode()] = (float) (1 + 9 * fault.severity());
                spuriousPerStep[fault.electrode()] = fault.severity() * tuning.noisyEventRateHz * DT_MILLIS / 1000;
                anyNoisy = true;
            }
            case DYING_CULTURE -> {
                if (fault.organoid() < 0 || fault.organoid() >= config.organoids())
                    throw new IllegalArgumentException("organoid " + fault.organoid() + " is not on MEA " + meaId + " (0.."
                            + (config.organoids() - 1) + ")");
                dyingSeverity[fault.organoid()] = fault.severity();
                dyingStartMicros[fault.organoid()] = nowMicros();
                anyDying = true;
                refreshDrive();
            }
        }
    }

    /**
     * The impedance an electrode shows to a 1 kHz test signal, kΩ: 60–140 kΩ for a healthy electrode (fixed per
     * electrode and seed), an open circuit (~20 MΩ) for a dead one, lower for a noisy (partly shunted) one.
     */
    public double electrodeImpedanceKilohms(int electrode) {
        checkOpen();
        checkElectrode(electrode);
        if (dead[electrode]) return 20_000;
        long h = (config.seed() * 0x9E3779B97F4A7C15L) ^ (electrode * 0xC2B2AE3D27D4EB4FL);
        h ^= h >>> 31;
        double healthy = 60 + 80 * ((h & 0xFFFF) / 65535.0);
        return healthy / noiseScale[electrode];
    }

    /** Repairs every electrode and revives the neurons a dying-culture fault silenced. */
    public void clearFaults() {
        checkOpen();
        Arrays.fill(dead, false);
        Arrays.fill(noiseScale, 1f);
        Arrays.fill(spuriousPerStep, 0);
        Arrays.fill(dyingSeverity, 0);
        anyDying = false;
        anyNoisy = false;
        refreshDrive();
    }

    // ---- running ----------------------------------------------------------------------------

    /**
     * Advances to {@code untilMicros}, rounded down to whole 0.5 ms steps. Electrode events go to
     * {@code spikes} (null: dropped) as one time-ordered batch per 100 ms of model time that has any;
     * if {@code raw} is non-null, raw blocks (all electrodes, channel-major, on a 10 ms grid) cover
     * the same span.
     *
     * @throws IllegalArgumentException when {@code untilMicros} is before {@link #nowMicros()}
     */
    public void advanceTo(long untilMicros, Consumer<SpikeBatch> spikes, Consumer<RawSampleBlock> raw) {
        checkOpen();
        long now = nowMicros();
        if (untilMicros < now)
            throw new IllegalArgumentException("cannot advance MEA " + meaId + " back to " + untilMicros + " µs: it is at " + now + " µs");
        long target = untilMicros / STEP_MICROS;
        long step = network.currentStep();
        while (step < target) {
            long chunkEnd = Math.min(target, (step / CHUNK_STEPS + 1) * CHUNK_STEPS);
            runChunk(step, chunkEnd);
            if (chunkCount > 0 && spikes != null) {
                spikes.accept(new SpikeBatch(meaId, chunkCount, Arrays.copyOf(chunkElectrodes, chunkCount),
                        Arrays.copyOf(chunkTimes, chunkCount), Arrays.copyOf(chunkAmplitudes, chunkCount)));
            }
            if (raw != null) {
                rawTrace.render(step * STEP_MICROS, chunkEnd * STEP_MICROS, chunkCount, chunkElectrodes, chunkTimes, chunkAmplitudes,
                        chunkPulses, dead, noiseScale, raw);
            } else {
                rawTrace.skip();
            }
            step = chunkEnd;
        }
    }

    private void runChunk(long from, long to) {
        chunkCount = 0;
        chunkPulses.clear();
        long endMicros = to * STEP_MICROS;
        while (!trains.isEmpty() && trains.peek().nextMicros() < endMicros) {
            TrainCursor cursor = trains.poll();
            deliver(cursor);
            if (++cursor.next < cursor.train.count()) {
                trains.add(cursor);
            }
        }
        for (long s = from; s < to; s++) {
            if (anyDying && s % DYING_REFRESH_STEPS == 0) {
                refreshDrive();
            }
            final float[] ahp = this.ahp;
            final float[] external = this.external;
            final float[] bias = this.bias;
            final float decay = ahpDecay;
            for (int i = 0; i < ahp.length; i++) {
                float a = ahp[i] * decay;
                ahp[i] = a;
                external[i] = bias[i] - a;
            }
            while (!kicks.isEmpty() && kicks.peek().step <= s) {
                applyKick(kicks.poll());
            }
            synapses.refresh(s);
            stepCount = 0;
            if (anyNoisy) {
                spuriousEvents(s);
            }
            network.step();
            if (stepCount > 0) {
                flushStepEvents();
            }
        }
    }

    private void deliver(TrainCursor cursor) {
        long at = cursor.nextMicros();
        Pulse pulse = cursor.train.pulse();
        double charge = pulse.maxChargePerPhaseNanocoulombs() * 1000;
        double sign = pulse.firstPhaseSignedMicroamps() < 0 ? -1 : 1;
        int live = 0;
        int[] electrodes = new int[cursor.electrodes.length];
        for (int e : cursor.electrodes) {
            if (dead[e]) {
                continue;
            }
            electrodes[live++] = e;
            chunkPulses.add(e, at, charge, pulse.first().durationMicros(), pulse.interphaseDelayMicros(), pulse.totalDurationMicros(), sign);
        }
        if (live > 0) {
            // the step after the one the pulse starts in: evoked spikes never precede their pulse
            kicks.add(new Kick(at / STEP_MICROS + 1, Arrays.copyOf(electrodes, live), charge));
        }
    }

    private void applyKick(Kick kick) {
        double excess = kick.chargePicocoulombs - tuning.stimThresholdPicocoulombs;
        if (excess <= 0) {
            return;
        }
        double perGain = tuning.stimMillivoltsPerPicocoulomb * excess;
        float maxKick = (float) tuning.maxKickMillivolts;
        float toCurrent = (float) (1 / DT_MILLIS);
        for (int e : kick.electrodes) {
            for (int k = tissue.recruitStart[e], end = tissue.recruitStart[e + 1]; k < end; k++) {
                int i = tissue.recruitNeuron[k];
                if (!silenced[i]) {
                    external[i] += Math.min(maxKick, (float) (perGain * tissue.recruitGain[k])) * toCurrent;
                }
            }
        }
    }

    private void spuriousEvents(long step) {
        for (int e = 0; e < electrodeCount; e++) {
            if (spuriousPerStep[e] > 0 && !dead[e] && faultRandom.nextDouble() < spuriousPerStep[e]) {
                double sigma = tuning.noiseMicrovolts * noiseScale[e];
                addStepEvent(e, step * STEP_MICROS + faultRandom.nextInt((int) STEP_MICROS),
                        (float) -(sigma * (3.5 + 1.5 * faultRandom.nextDouble())));
                lastEventStep[e] = step;
            }
        }
    }

    /** Engine callback, on this thread, for each step with spikes. */
    private void onSpikes(long step, int[] neurons, int count) {
        final float ahpScale = this.ahpScale;
        final float ahpMax = (float) tuning.ahpMax;
        final int deadSteps = tuning.electrodeDeadSteps;
        for (int k = 0; k < count; k++) {
            int i = neurons[k];
            neuronSpikes[i]++;
            ahp[i] = Math.min(ahpMax, ahp[i] + ahpIncrement[i] * ahpScale);
            int first = tissue.unitStart[i];
            int last = tissue.unitStart[i + 1];
            if (first == last) {
                continue;
            }
            long mix = mix(i, step);
            long time = step * STEP_MICROS + (mix >>> 1) % STEP_MICROS;
            float jitter = 0.9f + 0.2f * ((mix >>> 40) & 0xFFFF) / 65536f;
            for (int u = first; u < last; u++) {
                int e = tissue.unitElectrode[u];
                if (dead[e] || step - lastEventStep[e] < deadSteps) {
                    continue;
                }
                lastEventStep[e] = step;
                addStepEvent(e, time, tissue.unitAmplitude[u] * jitter);
            }
        }
        if (plasticity) {
            stdp.onSpikes(step, neurons, count, stdpGain);
        }
        synapses.onSpikes(step, neurons, count);
    }

    private static long mix(int neuron, long step) {
        long z = step * 0x9E3779B97F4A7C15L + neuron * 0xC2B2AE3D27D4EB4FL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private void addStepEvent(int electrode, long time, float amplitude) {
        if (stepCount == stepElectrodes.length) {
            int grown = stepCount * 2;
            stepElectrodes = Arrays.copyOf(stepElectrodes, grown);
            stepTimes = Arrays.copyOf(stepTimes, grown);
            stepAmplitudes = Arrays.copyOf(stepAmplitudes, grown);
        }
        stepElectrodes[stepCount] = electrode;
        stepTimes[stepCount] = time;
        stepAmplitudes[stepCount] = amplitude;
        stepCount++;
    }

    /** Sorts the step's events by time (insertion sort: a handful per step) and appends them to the chunk. */
    private void flushStepEvents() {
        for (int k = 1; k < stepCount; k++) {
            long time = stepTimes[k];
            int electrode = stepElectrodes[k];
            float amplitude = stepAmplitudes[k];
            int j = k - 1;
            while (j >= 0 && (stepTimes[j] > time || stepTimes[j] == time && stepElectrodes[j] > electrode)) {
                stepTimes[j + 1] = stepTimes[j];
                stepElectrodes[j + 1] = stepElectrodes[j];
                stepAmplitudes[j + 1] = stepAmplitudes[j];
                j--;
            }
            stepTimes[j + 1] = time;
            stepElectrodes[j + 1] = electrode;
            stepAmplitudes[j + 1] = amplitude;
        }
        int needed = chunkCount + stepCount;
        if (needed > chunkElectrodes.length) {
            int grown = Math.max(needed, chunkElectrodes.length * 2);
            chunkElectrodes = Arrays.copyOf(chunkElectrodes, grown);
            chunkTimes = Arrays.copyOf(chunkTimes, grown);
            chunkAmplitudes = Arrays.copyOf(chunkAmplitudes, grown);
        }
        System.arraycopy(stepElectrodes, 0, chunkElectrodes, chunkCount, stepCount);
        System.arraycopy(stepTimes, 0, chunkTimes, chunkCount, stepCount);
        System.arraycopy(stepAmplitudes, 0, chunkAmplitudes, chunkCount, stepCount);
        chunkCount = needed;
        totalEvents += stepCount;
    }

    // ---- drive: modulators, age, dying neurons ----------------------------------------------

    /** Fraction of neurons that take part at an age: maturation over ~60–90 days, slow decline after 200. */
    static double activeFraction(double ageDays) {
        double maturation = 1 - Math.exp(-ageDays / 30);
        double decline = ageDays > 200 ? Math.exp(-(ageDays - 200) / 400) : 1;
        return 0.1 + 0.9 * maturation * decline;
    }

    private static double saturating(double micromolar, double half) {
        return micromolar / (micromolar + half);
    }

    private void refreshDrive() {
        Tuning t = tuning;
        double tonic = t.glutamateMaxCurrent * saturating(concentrations[GLUTAMATE], t.glutamateHalfMicromolar)
                - t.gabaMaxCurrent * saturating(concentrations[GABA], t.gabaHalfMicromolar);
        stdpGain = (float) (1 + t.dopamineMaxGain * saturating(concentrations[DOPAMINE], t.dopamineHalfMicromolar));
        ahpScale = (float) (1 - t.serotoninAhpReduction * saturating(concentrations[SEROTONIN], t.serotoninHalfMicromolar));
        double active = activeFraction(ageDays);
        int organoids = config.organoids();
        double[] lost = new double[organoids];
        long now = nowMicros();
        for (int o = 0; o < organoids; o++) {
            if (dyingSeverity[o] > 0) {
                double progress = Math.min(1, (now - dyingStartMicros[o]) / (t.dyingMillis * 1000));
                lost[o] = dyingSeverity[o] * progress;
            }
        }
        int perOrganoid = tissue.neuronsPerOrganoid;
        for (int i = 0; i < tissue.neuronCount; i++) {
            boolean silent = tissue.maturationRank[i] >= active || tissue.deathRank[i] < lost[i / perOrganoid];
            silenced[i] = silent;
            bias[i] = (float) (silent ? t.silencingCurrent : tissue.baseBias[i] + tonic);
            noiseAmplitude[i] = silent ? 0f : tissue.baseNoise[i];
        }
    }

    // ---- checks and plumbing ----------------------------------------------------------------

    private int compoundIndex(String compound) {
        int index = compound == null ? -1 : COMPOUNDS.indexOf(compound.trim().toLowerCase(Locale.ROOT));
        if (index < 0)
            throw new IllegalArgumentException("unknown compound '" + compound + "': the culture model knows " + String.join(", ", COMPOUNDS));
        return index;
    }

    private void checkElectrode(int electrode) {
        if (electrode < 0 || electrode >= electrodeCount)
            throw new IllegalArgumentException("electrode " + electrode + " is outside MEA " + meaId + " (0.." + (electrodeCount - 1) + ")");
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("MEA model " + meaId + " is closed");
    }

    /** Test and calibration access: spikes of all neurons so far (not electrode events). */
    long totalNeuronSpikes() {
        return network.totalSpikes();
    }

    /** Test and calibration access: spikes per neuron so far (live array). */
    int[] neuronSpikes() {
        return neuronSpikes;
    }

    /** Test access: the tissue (geometry, units). */
    Tissue tissue() {
        return tissue;
    }

    /** Test access: long-term (STDP) weights. */
    Synapses synapses() {
        return synapses;
    }

    /** Test access: the engine network (weights for plasticity checks). */
    Network network() {
        return network;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            network.close();
        }
    }

    private record Kick(long step, int[] electrodes, double chargePicocoulombs) {
    }

    private static final class TrainCursor implements Comparable<TrainCursor> {
        final int[] electrodes;
        final PulseTrain train;
        final long startMicros;
        final long sequence;
        int next;

        TrainCursor(int[] electrodes, PulseTrain train, long startMicros, long sequence) {
            this.electrodes = electrodes;
            this.train = train;
            this.startMicros = startMicros;
            this.sequence = sequence;
        }

        long nextMicros() {
            return startMicros + next * train.periodMicros();
        }

        @Override
        public int compareTo(TrainCursor other) {
            int byTime = Long.compare(nextMicros(), other.nextMicros());
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }
}
