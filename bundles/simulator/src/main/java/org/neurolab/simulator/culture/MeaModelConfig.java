package org.neurolab.simulator.culture;

/**
 * One simulated MEA with its organoids. The default is FinalSpark's layout: 32 electrodes, 4 organoids
 * of 8 electrodes each, sampled at 30 kHz.
 *
 * @param meaId                 the array's id, e.g. {@code sim/mea0}
 * @param organoids             organoids on the array
 * @param electrodesPerOrganoid electrodes under each organoid; the array has organoids × this many
 * @param neuronsPerOrganoid    spiking neurons simulated per organoid
 * @param electrodePitchMicrons distance between neighbouring electrodes
 * @param sampleRateHz          raw sampling rate per electrode
 * @param cultureAgeDays        days since seeding; activity matures, then declines
 * @param seed                  the same seed gives the same spikes
 */
public record MeaModelConfig(String meaId, int organoids, int electrodesPerOrganoid, int neuronsPerOrganoid, double electrodePitchMicrons,
                             int sampleRateHz, double cultureAgeDays, long seed) {
    public static final int MAX_NEURONS_PER_ORGANOID = 100_000;

    public MeaModelConfig {
        if (meaId == null || meaId.isBlank()) throw new IllegalArgumentException("MEA id is required");
        if (organoids < 1 || organoids > 64) throw new IllegalArgumentException("organoids per MEA must be 1..64, was " + organoids);
        if (electrodesPerOrganoid < 1 || electrodesPerOrganoid > 256)
            throw new IllegalArgumentException("electrodes per organoid must be 1..256, was " + electrodesPerOrganoid);
        if (neuronsPerOrganoid < 10 || neuronsPerOrganoid > MAX_NEURONS_PER_ORGANOID)
            throw new IllegalArgumentException("neurons per organoid must be 10.." + MAX_NEURONS_PER_ORGANOID + ", was " + neuronsPerOrganoid);
        if (!(electrodePitchMicrons > 0)) throw new IllegalArgumentException("electrode pitch must be > 0 µm, was " + electrodePitchMicrons);
        if (sampleRateHz < 1_000 || sampleRateHz > 100_000)
            throw new IllegalArgumentException("sample rate must be 1,000..100,000 Hz, was " + sampleRateHz);
        if (!(cultureAgeDays >= 0) || cultureAgeDays > 3650) throw new IllegalArgumentException("culture age must be 0..3650 days, was " + cultureAgeDays);
    }

    /** FinalSpark's layout with a modest network per organoid. */
    public static MeaModelConfig defaults(String meaId, long seed) {
        return new MeaModelConfig(meaId, 4, 8, 1_000, 100.0, 30_000, 120, seed);
    }

    public int electrodeCount() {
        return organoids * electrodesPerOrganoid;
    }
}
