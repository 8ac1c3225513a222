package org.neurolab.dosing.internal;

import java.lang.annotation.Annotation;

/** A chamber configuration for tests, with ChamberConfig's defaults for what is not given. */
record ChamberConfigValues(String meaId, String pumpDeviceId, String lightDeviceId, double volumeMicrolitres, double mediumReservoirMicrolitres,
                           double stockReservoirMicrolitres, double cagedPreloadNanomoles) implements ChamberConfig {
    @Override
    public double lowFraction() {
        return 0.1;
    }

    @Override
    public double infusionRateMicrolitresPerMinute() {
        return 50;
    }

    @Override
    public double exchangeRateMicrolitresPerMinute() {
        return 100;
    }

    @Override
    public double uncagingIrradiance() {
        return 10;
    }

    @Override
    public long maxUncagingPulseMicros() {
        return 10_000_000;
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return ChamberConfig.class;
    }
}
