package org.neurolab.driver.sim.internal;

import org.neurolab.api.driver.DeviceDriver;
import org.neurolab.api.driver.DeviceInfo;
import org.neurolab.api.driver.LightDriver;
import org.neurolab.api.driver.PumpDriver;

/**
 * A dry run's copy of one of the real rig's lights or pumps, so that the lab's command path checks a dose's device in a
 * dry run as in the lab (present, of the right kind, on the culture's rig). Its effect on the cultures is the dosing
 * rehearsal's chemistry, which books every dose the path carries out; the device itself moves nothing.
 */
final class RehearsedDelivery {
    private RehearsedDelivery() {
    }

    static DeviceDriver of(DeviceInfo real) {
        return switch (real.kind()) {
            case LIGHT -> new Light(real);
            case PUMP -> new Pump(real);
            default -> throw new IllegalArgumentException("device " + real.deviceId() + " is a " + real.kind() + "; a dry run copies lights and pumps");
        };
    }

    record Light(DeviceInfo info) implements LightDriver {
        @Override
        public int wavelengthNanometres() {
            return 365;
        }

        @Override
        public void pulse(double irradianceMilliwattsPerSquareMillimetre, long durationMicros) {
        }

        @Override
        public void enterSafeState() {
        }
    }

    record Pump(DeviceInfo info) implements PumpDriver {
        @Override
        public void setFlowMicrolitresPerMinute(double rate) {
        }

        @Override
        public void inject(double volumeMicrolitres, double rateMicrolitresPerMinute) {
        }

        @Override
        public double measuredFlowMicrolitresPerMinute() {
            return 0;
        }

        @Override
        public void enterSafeState() {
        }
    }
}
