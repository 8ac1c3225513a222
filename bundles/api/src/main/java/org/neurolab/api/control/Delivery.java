package org.neurolab.api.control;

import org.neurolab.api.lab.Ids;

/**
 * How a compound or fresh medium reaches a culture's chamber: the device that acts and what it is told.
 * The dosing bundle plans it from its catalogue; the control service checks that the device exists, is of
 * the right kind and sits on the culture's rig, then drives it.
 */
public sealed interface Delivery {
    /** The device that carries the delivery out. */
    String deviceId();

    /**
     * A UV light pulse that releases a pre-loaded caged compound in place.
     *
     * @param lightDeviceId the rig's UV source
     * @param irradianceMilliwattsPerSquareMillimetre pulse irradiance
     * @param durationMicros pulse length
     */
    record Uncaging(String lightDeviceId, double irradianceMilliwattsPerSquareMillimetre, long durationMicros) implements Delivery {
        public Uncaging {
            Ids.require(lightDeviceId, "light device id");
            if (!(irradianceMilliwattsPerSquareMillimetre > 0) || !Double.isFinite(irradianceMilliwattsPerSquareMillimetre))
                throw new IllegalArgumentException("uncaging irradiance must be a finite number > 0 mW/mm², was " + irradianceMilliwattsPerSquareMillimetre);
            if (durationMicros <= 0) throw new IllegalArgumentException("uncaging pulse duration must be > 0 µs, was " + durationMicros);
        }

        @Override
        public String deviceId() {
            return lightDeviceId;
        }

        /** Light energy per area, mJ/mm². */
        public double exposureMillijoulesPerSquareMillimetre() {
            return irradianceMilliwattsPerSquareMillimetre * durationMicros / 1e6;
        }
    }

    /**
     * Volume pushed by a pump into the chamber's medium flow.
     *
     * @param pumpDeviceId the pump feeding the culture's chamber
     * @param volumeMicrolitres volume to push
     * @param rateMicrolitresPerMinute how fast
     */
    record Infusion(String pumpDeviceId, double volumeMicrolitres, double rateMicrolitresPerMinute) implements Delivery {
        public Infusion {
            Ids.require(pumpDeviceId, "pump device id");
            if (!(volumeMicrolitres > 0) || !Double.isFinite(volumeMicrolitres))
                throw new IllegalArgumentException("infusion volume must be a finite number > 0 µL, was " + volumeMicrolitres);
            if (!(rateMicrolitresPerMinute > 0) || !Double.isFinite(rateMicrolitresPerMinute))
                throw new IllegalArgumentException("infusion rate must be a finite number > 0 µL/min, was " + rateMicrolitresPerMinute);
        }

        @Override
        public String deviceId() {
            return pumpDeviceId;
        }
    }
}
