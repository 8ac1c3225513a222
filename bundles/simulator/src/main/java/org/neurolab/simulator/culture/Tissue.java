package org.neurolab.simulator.culture;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.neurolab.api.lab.Electrode;
import org.neurolab.api.lab.MeaLayout;
import org.neurolab.simulator.internal.engine.NetworkBuilder;

/**
 * The anatomy of one MEA, built once from the seed: electrode positions, neurons placed in a
 * flattened ellipsoid above each organoid's electrodes, their distance-dependent synapses with
 * conduction delays, which neurons each electrode records (units) and which it can excite.
 *
 * <p>Neuron indices are organoid-major: organoid o owns {@code [o·N, (o+1)·N)}, the first 80% of them
 * excitatory. Organoids are far apart and unconnected, so they are independent cultures that share one
 * engine network (one network per MEA keeps the per-step overhead low).
 */
final class Tissue {

    static final double ELECTRODE_DIAMETER_MICRONS = 30;

    final int organoids;
    final int electrodesPerOrganoid;
    final int neuronsPerOrganoid;
    final int neuronCount;
    final int electrodeCount;
    final double[] electrodeX;
    final double[] electrodeY;
    final float[] x;
    final float[] y;
    final float[] z;
    final boolean[] excitatory;
    final float[] baseNoise;
    /** tonic current of each neuron before modulators */
    final float[] baseBias;
    /** uniform [0,1): a neuron is mature when its rank is below the culture's active fraction */
    final float[] maturationRank;
    /** uniform [0,1): a dying culture of severity s loses the neurons ranked below s */
    final float[] deathRank;

    /** units: neuron i is seen on unitElectrode[k] with unitAmplitude[k] µV, k in [unitStart[i], unitStart[i+1]) */
    final int[] unitStart;
    final int[] unitElectrode;
    final float[] unitAmplitude;

    /** recruitment: electrode e excites recruitNeuron[k] with gain recruitGain[k], k in [recruitStart[e], recruitStart[e+1]) */
    final int[] recruitStart;
    final int[] recruitNeuron;
    final float[] recruitGain;

    final NetworkBuilder builder;
    final MeaLayout layout;

    Tissue(MeaModelConfig config, Tuning t) {
        organoids = config.organoids();
        electrodesPerOrganoid = config.electrodesPerOrganoid();
        neuronsPerOrganoid = config.neuronsPerOrganoid();
        neuronCount = Math.multiplyExact(organoids, neuronsPerOrganoid);
        electrodeCount = config.electrodeCount();
        SplittableRandom root = new SplittableRandom(config.seed());
        SplittableRandom placement = root.split();
        SplittableRandom wiring = root.split();
        SplittableRandom cells = root.split();
        long engineSeed = root.nextLong();

        // electrodes: a grid of about twice as many columns as rows under each organoid
        double pitch = config.electrodePitchMicrons();
        int rows = Math.max(1, (int) Math.floor(Math.sqrt(electrodesPerOrganoid / 2.0)));
        int cols = (electrodesPerOrganoid + rows - 1) / rows;
        double gridW = (cols - 1) * pitch;
        double gridH = (rows - 1) * pitch;
        double radius = Math.max(t.minBlobRadiusMicrons, 0.5 * Math.hypot(gridW, gridH) + 100);
        double halfHeight = radius * t.blobFlattening;
        double spacing = 2 * radius + Math.max(1000, 2 * pitch);
        double[] centreX = new double[organoids];
        double centreY = radius + 500;
        electrodeX = new double[electrodeCount];
        electrodeY = new double[electrodeCount];
        List<Electrode> electrodes = new ArrayList<>(electrodeCount);
        for (int o = 0; o < organoids; o++) {
            centreX[o] = radius + 500 + o * spacing;
            for (int k = 0; k < electrodesPerOrganoid; k++) {
                int e = o * electrodesPerOrganoid + k;
                electrodeX[e] = centreX[o] + (k % cols - (cols - 1) / 2.0) * pitch;
                electrodeY[e] = centreY + (k / cols - (rows - 1) / 2.0) * pitch;
                electrodes.add(new Electrode(e, electrodeX[e], electrodeY[e], ELECTRODE_DIAMETER_MICRONS));
            }
        }
        layout = new MeaLayout(config.meaId(), electrodes, config.sampleRateHz());

        // neurons: uniform in the ellipsoid resting on the array (z = height above the electrodes)
        int n = neuronCount;
        x = new float[n];
        y = new float[n];
        z = new float[n];
        excitatory = new boolean[n];
        int excitatoryPerOrganoid = (int) (0.8 * neuronsPerOrganoid);
        for (int i = 0; i < n; i++) {
            int o = i / neuronsPerOrganoid;
            double u;
            double v;
            double w;
            do {
                u = 2 * placement.nextDouble() - 1;
                v = 2 * placement.nextDouble() - 1;
                w = 2 * placement.nextDouble() - 1;
            } while (u * u + v * v + w * w > 1);
            x[i] = (float) (centreX[o] + radius * u);
            y[i] = (float) (centreY + radius * v);
            z[i] = (float) (5 + halfHeight * (1 + w));
            excitatory[i] = i % neuronsPerOrganoid < excitatoryPerOrganoid;
        }

        // cells: Izhikevich (2003) heterogeneity, regular spiking excitatory, fast spiking inhibitory
        builder = new NetworkBuilder(n).timeStepMillis(MeaModel.DT_MILLIS).noiseIntervalSteps(t.noiseIntervalSteps).seed(engineSeed)
                .partitions(t.partitions).threads(Math.min(t.threads, t.partitions));
        baseNoise = new float[n];
        baseBias = new float[n];
        maturationRank = new float[n];
        deathRank = new float[n];
        float[] unitPeak = new float[n];
        float[] sensitivity = new float[n];
        for (int i = 0; i < n; i++) {
            double r = cells.nextDouble();
            double a;
            double b;
            if (excitatory[i]) {
                a = 0.02;
                b = 0.2;
                baseNoise[i] = (float) t.excitatoryNoise;
                builder.neuron(i, a, b, -65 + 15 * r * r, 8 - 6 * r * r, baseNoise[i]);
            } else {
                a = 0.02 + 0.08 * r;
                b = 0.25 - 0.05 * r;
                baseNoise[i] = (float) t.inhibitoryNoise;
                builder.neuron(i, a, b, -65, 2, baseNoise[i]);
            }
            double v0 = -70 + 10 * cells.nextDouble();
            builder.initialState(i, v0, b * v0);
            maturationRank[i] = (float) cells.nextDouble();
            deathRank[i] = (float) cells.nextDouble();
            double peak = t.unitAmplitudeMin + (t.unitAmplitudeMax - t.unitAmplitudeMin) * cells.nextDouble();
            unitPeak[i] = (float) (excitatory[i] ? peak : 0.6 * peak);
            sensitivity[i] = (float) Math.exp(0.3 * gaussian(cells));
            baseBias[i] = (float) (excitatory[i] ? t.excitatoryBiasMean + t.excitatoryBiasSpread * gaussian(cells)
                    : t.inhibitoryBiasMean + t.inhibitoryBiasSpread * gaussian(cells));
        }

        wire(t, wiring);
        int[][] units = units(t, unitPeak);
        unitStart = units[0];
        unitElectrode = units[1];
        unitAmplitude = new float[unitElectrode.length];
        for (int k = 0; k < unitElectrode.length; k++) {
            unitAmplitude[k] = Float.intBitsToFloat(units[2][k]);
        }

        // recruitment lists: neurons within the stimulation radius of each electrode
        recruitStart = new int[electrodeCount + 1];
        int[] neurons = new int[64];
        float[] gains = new float[64];
        int size = 0;
        for (int e = 0; e < electrodeCount; e++) {
            int o = e / electrodesPerOrganoid;
            for (int i = o * neuronsPerOrganoid, end = i + neuronsPerOrganoid; i < end; i++) {
                double d = distanceToElectrode(i, e);
                if (d > t.stimRadiusMicrons) {
                    continue;
                }
                double gain = Math.exp(-Math.max(0, d - 10) / t.stimLengthMicrons) * sensitivity[i];
                if (gain < 0.01) {
                    continue;
                }
                if (size == neurons.length) {
                    neurons = Arrays.copyOf(neurons, size * 2);
                    gains = Arrays.copyOf(gains, size * 2);
                }
                neurons[size] = i;
                gains[size++] = (float) gain;
            }
            recruitStart[e + 1] = size;
        }
        recruitNeuron = Arrays.copyOf(neurons, size);
        recruitGain = Arrays.copyOf(gains, size);
    }

    /** K distinct targets per neuron inside its organoid, accepted with probability exp(−d/λ). */
    private void wire(Tuning t, SplittableRandom random) {
        int perOrganoid = neuronsPerOrganoid;
        int k = Math.min(t.outDegree, perOrganoid - 1);
        builder.expectSynapses(Math.multiplyExact(neuronCount, k));
        int[] stamp = new int[perOrganoid];
        Arrays.fill(stamp, -1);
        int[] targets = new int[k];
        double stepMicrons = t.conductionMicronsPerMilli * MeaModel.DT_MILLIS;
        for (int source = 0; source < neuronCount; source++) {
            int base = source / perOrganoid * perOrganoid;
            int local = source - base;
            stamp[local] = source;
            int found = 0;
            long attempts = 0;
            long maxAttempts = 1000L * k;
            while (found < k && attempts++ < maxAttempts) {
                int candidate = random.nextInt(perOrganoid);
                if (stamp[candidate] == source) {
                    continue;
                }
                double d = distance(source, base + candidate);
                if (random.nextDouble() < Math.exp(-d / t.connectionLengthMicrons)) {
                    stamp[candidate] = source;
                    targets[found++] = base + candidate;
                }
            }
            Arrays.sort(targets, 0, found);
            for (int j = 0; j < found; j++) {
                int target = targets[j];
                double w = excitatory[source] ? t.excitatoryWeight * (0.5 + random.nextDouble())
                        : -t.inhibitoryWeight * (0.5 + random.nextDouble());
                int delay = t.synapticDelaySteps + (int) Math.round(distance(source, target) / stepMicrons);
                builder.synapse(source, target, w, delay);
            }
        }
    }

    /** The strongest units of each electrode (at most maxUnitsPerElectrode, above detection), by neuron. */
    private int[][] units(Tuning t, float[] unitPeak) {
        int[] count = new int[neuronCount + 1];
        List<int[]> chosen = new ArrayList<>();
        for (int e = 0; e < electrodeCount; e++) {
            int o = e / electrodesPerOrganoid;
            List<float[]> candidates = new ArrayList<>();
            for (int i = o * neuronsPerOrganoid, end = i + neuronsPerOrganoid; i < end; i++) {
                double d = distanceToElectrode(i, e);
                double amplitude = unitPeak[i] * Math.exp(-Math.max(0, d - 10) / t.recordingLengthMicrons);
                if (amplitude >= t.detectionMicrovolts) {
                    candidates.add(new float[] {i, (float) amplitude});
                }
            }
            candidates.sort((p, q) -> p[1] != q[1] ? Float.compare(q[1], p[1]) : Float.compare(p[0], q[0]));
            for (int c = 0; c < Math.min(t.maxUnitsPerElectrode, candidates.size()); c++) {
                int neuron = (int) candidates.get(c)[0];
                chosen.add(new int[] {neuron, e, Float.floatToIntBits(-candidates.get(c)[1])});
                count[neuron + 1]++;
            }
        }
        for (int i = 0; i < neuronCount; i++) {
            count[i + 1] += count[i];
        }
        int[] start = count.clone();
        int[] cursor = Arrays.copyOf(count, neuronCount);
        int[] electrode = new int[chosen.size()];
        int[] amplitudeBits = new int[chosen.size()];
        // chosen is electrode-ordered, so each neuron's units come out in ascending electrode order
        for (int[] unit : chosen) {
            int at = cursor[unit[0]]++;
            electrode[at] = unit[1];
            amplitudeBits[at] = unit[2];
        }
        return new int[][] {start, electrode, amplitudeBits};
    }

    double distance(int i, int j) {
        double dx = x[i] - x[j];
        double dy = y[i] - y[j];
        double dz = z[i] - z[j];
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }

    double distanceToElectrode(int neuron, int electrode) {
        double dx = x[neuron] - electrodeX[electrode];
        double dy = y[neuron] - electrodeY[electrode];
        return Math.sqrt(dx * dx + dy * dy + (double) z[neuron] * z[neuron]);
    }

    double electrodeDistance(int e, int f) {
        return Math.hypot(electrodeX[e] - electrodeX[f], electrodeY[e] - electrodeY[f]);
    }

    int organoidOfNeuron(int neuron) {
        return neuron / neuronsPerOrganoid;
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller on the seeded stream (nextGaussian would also do, but this keeps the draw count fixed)
        double u1 = 1 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
