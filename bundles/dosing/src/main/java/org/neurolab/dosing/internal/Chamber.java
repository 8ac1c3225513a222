package org.neurolab.dosing.internal;

import org.neurolab.api.lab.Ids;

/** A chamber as configured, checked. */
record Chamber(String meaId, String pumpDeviceId, String lightDeviceId, double volumeMicrolitres, double mediumReservoirMicrolitres,
               double stockReservoirMicrolitres, double cagedPreloadNanomoles, double lowFraction, double infusionRateMicrolitresPerMinute,
               double exchangeRateMicrolitresPerMinute, double uncagingIrradiance, long maxUncagingPulseMicros) {
    Chamber {
        Ids.require(meaId, "chamber meaId");
        Ids.require(pumpDeviceId, "chamber " + meaId + ": pumpDeviceId");
        lightDeviceId = lightDeviceId == null ? "" : lightDeviceId.strip();
        positive(volumeMicrolitres, "volumeMicrolitres", meaId);
        positive(mediumReservoirMicrolitres, "mediumReservoirMicrolitres", meaId);
        positive(stockReservoirMicrolitres, "stockReservoirMicrolitres", meaId);
        positive(cagedPreloadNanomoles, "cagedPreloadNanomoles", meaId);
        positive(infusionRateMicrolitresPerMinute, "infusionRateMicrolitresPerMinute", meaId);
        positive(exchangeRateMicrolitresPerMinute, "exchangeRateMicrolitresPerMinute", meaId);
        positive(uncagingIrradiance, "uncagingIrradiance", meaId);
        if (maxUncagingPulseMicros <= 0) throw new IllegalArgumentException("chamber " + meaId + ": maxUncagingPulseMicros must be > 0");
        if (!(lowFraction >= 0 && lowFraction < 1)) throw new IllegalArgumentException("chamber " + meaId + ": lowFraction must be in [0, 1)");
    }

    static Chamber of(ChamberConfig c) {
        return new Chamber(c.meaId(), c.pumpDeviceId(), c.lightDeviceId(), c.volumeMicrolitres(), c.mediumReservoirMicrolitres(),
                c.stockReservoirMicrolitres(), c.cagedPreloadNanomoles(), c.lowFraction(), c.infusionRateMicrolitresPerMinute(),
                c.exchangeRateMicrolitresPerMinute(), c.uncagingIrradiance(), c.maxUncagingPulseMicros());
    }

    String mediumReservoirId() {
        return pumpDeviceId + ":medium";
    }

    String stockReservoirId(String compound) {
        return pumpDeviceId + ":" + compound;
    }

    String cagedReservoirId(String compound) {
        return meaId + ":caged-" + compound;
    }

    private static void positive(double v, String what, String mea) {
        if (!(v > 0) || !Double.isFinite(v)) throw new IllegalArgumentException("chamber " + mea + ": " + what + " must be > 0, was " + v);
    }
}
