package org.neurolab.driver.sim.internal;

import org.neurolab.api.driver.DeviceException;
import org.neurolab.api.driver.DeviceInfo;
import org.neurolab.api.driver.PumpDriver;

/** A microfluidic pump: a base perfusion flow plus injections that run for volume / rate. */
final class SimulatedPump implements PumpDriver {
    static final double MAX_FLOW = 200.0;

    private final DeviceInfo info;
    private final Object lock;
    private double baseFlow = 10.0;
    private double injectionRate;
    private double injectionRemainingMicrolitres;
    private long lastMicros = Long.MIN_VALUE;
    private boolean stuck;

    SimulatedPump(DeviceInfo info, Object lock) {
        this.info = info;
        this.lock = lock;
    }

    @Override
    public DeviceInfo info() {
        return info;
    }

    @Override
    public void enterSafeState() {
        synchronized (lock) {
            injectionRemainingMicrolitres = 0;
            injectionRate = 0;
        }
    }

    @Override
    public void setFlowMicrolitresPerMinute(double rate) throws DeviceException {
        checkRate(rate, "flow");
        synchronized (lock) {
            baseFlow = rate;
        }
    }

    @Override
    public void inject(double volumeMicrolitres, double rateMicrolitresPerMinute) throws DeviceException {
        if (!(volumeMicrolitres > 0) || !Double.isFinite(volumeMicrolitres))
            throw new DeviceException(info.deviceId() + ": injection volume must be > 0 µL, was " + volumeMicrolitres);
        checkRate(rateMicrolitresPerMinute, "injection rate");
        if (!(rateMicrolitresPerMinute > 0)) throw new DeviceException(info.deviceId() + ": injection rate must be > 0 µL/min");
        synchronized (lock) {
            if (stuck) throw new DeviceException(info.deviceId() + " does not move: the pump is stuck");
            injectionRemainingMicrolitres = volumeMicrolitres;
            injectionRate = rateMicrolitresPerMinute;
        }
    }

    @Override
    public double measuredFlowMicrolitresPerMinute() {
        synchronized (lock) {
            return stuck ? 0 : baseFlow + (injectionRemainingMicrolitres > 0 ? injectionRate : 0);
        }
    }

    /** Moves the injection on by the lab time passed; the caller holds the rig's lock. */
    void advanceTo(long micros) {
        double minutes = lastMicros == Long.MIN_VALUE ? 0 : (micros - lastMicros) / 60e6;
        lastMicros = micros;
        if (!stuck && injectionRemainingMicrolitres > 0) injectionRemainingMicrolitres = Math.max(0, injectionRemainingMicrolitres - injectionRate * minutes);
    }

    void setStuck(boolean stuck) {
        synchronized (lock) {
            this.stuck = stuck;
        }
    }

    private void checkRate(double rate, String what) throws DeviceException {
        if (!Double.isFinite(rate) || rate < 0 || rate > MAX_FLOW)
            throw new DeviceException(info.deviceId() + ": " + what + " must be 0.." + MAX_FLOW + " µL/min, was " + rate);
    }
}
