package org.neurolab.simulator.culture;

/**
 * The culture model's constants in one place. Package-private and mutable only so that tests and
 * calibration runs can vary them; {@link MeaModel}'s public constructor always uses {@link #defaults()}.
 * Units: µm, ms, µV, pC (µA × µs), µM, and the Izhikevich model's own current and voltage units.
 */
final class Tuning {
    // geometry
    /** smallest horizontal radius of an organoid blob; grows to cover its electrode grid */
    double minBlobRadiusMicrons = 250;
    /** blob height relative to its horizontal radius (organoids flatten on the array) */
    double blobFlattening = 0.5;

    // connectivity
    int outDegree = 100;
    double connectionLengthMicrons = 120;
    /** axonal conduction speed, µm per ms (0.3 m/s) */
    double conductionMicronsPerMilli = 300;
    /** synaptic delay added to the conduction delay, in steps */
    int synapticDelaySteps = 1;
    double excitatoryWeight = 6.0;
    double inhibitoryWeight = 6.0;

    // short-term depression of excitatory synapses
    double depressionUse = 0.4;
    double depressionRecoveryMillis = 2500;

    // intrinsic drive
    /** steps a noise draw is held: 4 = 2 ms, which halves the cost of drawing it */
    int noiseIntervalSteps = 4;
    /** an excitatory neuron's slow afterhyperpolarisation never exceeds this (stronger would be Euler-unstable) */
    double ahpMax = 10;
    double excitatoryNoise = 2.0;
    double inhibitoryNoise = 1.0;
    /**
     * tonic current per neuron, normal(mean, spread): most neurons sit below threshold, the tail of
     * the distribution fires on its own and seeds the network bursts
     */
    double excitatoryBiasMean = 0;
    double excitatoryBiasSpread = 1.0;
    double inhibitoryBiasMean = -1.5;
    double inhibitoryBiasSpread = 0.5;
    /** slow afterhyperpolarisation: current added per spike of an excitatory neuron, and its decay time */
    double ahpIncrement = 3.0;
    double ahpTauMillis = 2000;
    /** tonic current that keeps an immature or dead neuron silent */
    double silencingCurrent = -30;

    // electrodes
    double detectionMicrovolts = 45;
    int maxUnitsPerElectrode = 2;
    /** a unit's peak amplitude at the membrane, drawn uniformly in [min, max) µV */
    double unitAmplitudeMin = 150;
    double unitAmplitudeMax = 300;
    double recordingLengthMicrons = 25;
    /** an electrode reports at most one event per this many steps (detector dead time) */
    int electrodeDeadSteps = 2;
    double noiseMicrovolts = 6;
    /** spurious event rate of a noisy electrode at severity 1 */
    double noisyEventRateHz = 40;

    // stimulation
    double stimThresholdPicocoulombs = 40;
    /** depolarisation (model mV) per pC above threshold for a neuron at the electrode */
    double stimMillivoltsPerPicocoulomb = 0.15;
    double stimLengthMicrons = 40;
    double stimRadiusMicrons = 200;
    double maxKickMillivolts = 150;
    double artifactMicrovoltsPerPicocoulomb = 10;
    double railMicrovolts = 5000;
    double artifactTauMicros = 350;

    // modulators
    double glutamateMaxCurrent = 3.0;
    double glutamateHalfMicromolar = 20;
    double gabaMaxCurrent = 3.0;
    double gabaHalfMicromolar = 10;
    double dopamineMaxGain = 3.0;
    double dopamineHalfMicromolar = 5;
    double serotoninAhpReduction = 0.25;
    double serotoninHalfMicromolar = 1;

    // plasticity
    double stdpPotentiation = 0.01;
    double stdpDepression = 0.03;
    double stdpTauMillis = 20;
    /** a plastic synapse's weight stays in [0, this × its initial weight] */
    double stdpMaxWeightFactor = 4.0;

    // dying culture
    double dyingMillis = 60_000;

    /** engine partitions (results depend on it: fixed per model) and threads (results do not) */
    int partitions = 1;
    int threads = 1;

    static Tuning defaults() {
        return new Tuning();
    }
}
