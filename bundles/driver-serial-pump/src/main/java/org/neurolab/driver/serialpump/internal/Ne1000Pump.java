package org.neurolab.driver.serialpump.internal;

import java.util.Locale;
import org.neurolab.api.driver.DeviceException;
import org.neurolab.api.driver.DeviceInfo;
import org.neurolab.api.driver.DeviceKind;
import org.neurolab.api.driver.PumpDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A New Era NE-1000 family syringe pump as the lab's {@link PumpDriver}. The base flow is a continuous infusion (volume 0:
 * until stopped); an injection stops it, dispenses its volume at its rate, and the base flow resumes when the pump reports
 * the volume dispensed. Safe state stops an injection and keeps the base flow (the SPI's rule: stopping the medium harms
 * the culture); with no base flow set, safe state is the pump stopped. A pump the lab has just connected to, or is leaving,
 * is stopped.
 *
 * <p>Every rate and volume is checked against the configured range before anything is sent; the pump's own refusals
 * ({@code ?OOR}…) and alarms (motor stalled, power interrupted) come back as a {@link DeviceException} naming them.
 * When the pump stops answering, commands fail after the reply timeout, and the next command first checks that the pump
 * on the line is the one configured (firmware, syringe diameter) before it sends anything that moves the syringe.
 */
final class Ne1000Pump implements PumpDriver {
    private static final Logger LOG = LoggerFactory.getLogger(Ne1000Pump.class);

    private final PumpSettings settings;
    private final PumpLink link;
    private volatile DeviceInfo info;
    private boolean verified;
    private boolean injecting;
    private double baseRate;
    private volatile String lastProblem = "";

    Ne1000Pump(PumpSettings settings, PumpLink link) {
        this.settings = settings;
        this.link = link;
    }

    /**
     * Opens the line, identifies the pump, stops it, sets the syringe, then starts the configured base perfusion (if any);
     * the device info carries the pump's firmware.
     */
    synchronized DeviceInfo connect() throws DeviceException {
        verify();
        command("STP");
        injecting = false;
        baseRate = 0;
        if (settings.baseFlow() > 0) setFlowMicrolitresPerMinute(settings.baseFlow());
        return info;
    }

    @Override
    public DeviceInfo info() {
        DeviceInfo i = info;
        if (i == null) throw new IllegalStateException(settings.deviceId() + " is not connected yet");
        return i;
    }

    @Override
    public synchronized void setFlowMicrolitresPerMinute(double rate) throws DeviceException {
        if (!Double.isFinite(rate) || rate < 0) throw new DeviceException(name() + ": flow " + rate + " µL/min is not a rate (0 stops the flow)");
        if (rate > 0) checkRate(rate, "flow");
        ensureVerified();
        if (injecting) {
            baseRate = rate; // resumes at this rate when the injection is done
            return;
        }
        if (rate == 0) {
            command("STP");
        } else if (command("").running()) {
            command("RAT " + Rates.rateArgument(rate));
        } else {
            command("VOL 0"); // 0 = no volume target: infuse until stopped
            command("DIR INF");
            command("RAT " + Rates.rateArgument(rate));
            command("RUN");
        }
        baseRate = rate;
    }

    @Override
    public synchronized void inject(double volumeMicrolitres, double rateMicrolitresPerMinute) throws DeviceException {
        if (!Double.isFinite(volumeMicrolitres) || volumeMicrolitres <= 0 || volumeMicrolitres > settings.maxInjection())
            throw new DeviceException(String.format(Locale.ROOT, "%s: injection of %s µL is outside (0, %s] µL (maxInjectionMicrolitres)", name(),
                    volumeMicrolitres, settings.maxInjection()));
        if (!Double.isFinite(rateMicrolitresPerMinute) || rateMicrolitresPerMinute <= 0)
            throw new DeviceException(name() + ": injection rate " + rateMicrolitresPerMinute + " µL/min is not a rate");
        checkRate(rateMicrolitresPerMinute, "injection rate");
        ensureVerified();
        command("STP");
        injecting = false;
        command("CLD INF");
        command("VOL UL");
        command("VOL " + Rates.volumeMicrolitres(volumeMicrolitres));
        command("DIR INF");
        command("RAT " + Rates.rateArgument(rateMicrolitresPerMinute));
        command("RUN");
        injecting = true;
    }

    @Override
    public synchronized double measuredFlowMicrolitresPerMinute() throws DeviceException {
        ensureVerified();
        Reply status = command("");
        if (!status.running()) return 0;
        double rate = Rates.parseRate(command("RAT").data());
        return status.prompt() == 'W' ? -rate : rate;
    }

    @Override
    public synchronized void enterSafeState() throws DeviceException {
        if (!injecting) return; // the base flow (or a stopped pump) is the safe state
        ensureVerified();
        command("STP");
        injecting = false;
        LOG.info("{}: injection stopped (safe state){}", settings.deviceId(), baseRate > 0 ? "; base flow resumes" : "");
        resumeBaseFlow();
    }

    /**
     * Called every so often: finishes an injection whose volume the pump has dispensed (the base flow resumes) and notices
     * alarms. Returns what the pump is doing, for the log.
     */
    synchronized String poll() throws DeviceException {
        ensureVerified();
        Reply status = command("");
        if (injecting && !status.running()) {
            injecting = false;
            LOG.info("{}: injection done", settings.deviceId());
            resumeBaseFlow();
        }
        return status.describeState();
    }

    /** Stops the pump, as the lab leaves it: nothing pumps unsupervised. Best effort: the pump may be gone. */
    synchronized void stopPump() {
        try {
            command("STP");
            injecting = false;
        } catch (DeviceException e) {
            LOG.warn("{}: could not stop the pump on leaving: {}", settings.deviceId(), e.getMessage());
        }
    }

    boolean injecting() {
        return injecting;
    }

    String lastProblem() {
        return lastProblem;
    }

    private void resumeBaseFlow() throws DeviceException {
        if (baseRate <= 0) return;
        command("VOL 0");
        command("DIR INF");
        command("RAT " + Rates.rateArgument(baseRate));
        command("RUN");
    }

    private void checkRate(double rate, String what) throws DeviceException {
        if (rate < settings.minRate() || rate > settings.maxRate())
            throw new DeviceException(String.format(Locale.ROOT, "%s: %s %s µL/min is outside this pump's range %s..%s µL/min (syringe %s mm)", name(), what,
                    rate, settings.minRate(), settings.maxRate(), settings.diameterMillimetres()));
    }

    private void ensureVerified() throws DeviceException {
        if (!verified) verify();
    }

    /** The pump on the line is the configured one: it answers, and its syringe diameter is the configured one. */
    private void verify() throws DeviceException {
        link.open();
        String firmware = command("VER").data().trim();
        String want = Rates.pumpFloat(settings.diameterMillimetres());
        Reply dia = command("DIA");
        double onPump = parse(dia.data(), "DIA");
        if (info == null) {
            // first contact: the pump takes the configured syringe
            if (Math.abs(onPump - Double.parseDouble(want)) > 1e-9) {
                if (dia.running()) command("STP");
                command("DIA " + want);
                onPump = parse(command("DIA").data(), "DIA");
            }
        }
        if (Math.abs(onPump - Double.parseDouble(want)) > 1e-9)
            throw new DeviceException(String.format(Locale.ROOT, "%s: the pump's syringe diameter is %s mm, configured %s mm: was the syringe changed at the keypad? "
                    + "Check the syringe and %s's configuration", name(), onPump, want, settings.deviceId()));
        if (info == null) info = new DeviceInfo(settings.deviceId(), DeviceKind.PUMP, settings.rigId(), "New Era Pump Systems", settings.model(), firmware);
        else if (!firmware.equals(info.firmwareVersion()))
            throw new DeviceException(name() + ": another pump answers on " + link.portName() + " (firmware " + firmware + ", was " + info.firmwareVersion() + ")");
        verified = true;
    }

    private Reply command(String command) throws DeviceException {
        Reply r;
        try {
            r = link.transact(command);
        } catch (PumpLink.PumpTimeoutException e) {
            verified = false;
            lastProblem = e.getMessage();
            throw new DeviceException(name() + ": " + e.getMessage() + " — check the cable, the pump's power, its address (" + settings.address()
                    + ") and baud rate (" + settings.baud() + ")");
        } catch (DeviceException e) {
            verified = false;
            lastProblem = e.getMessage();
            throw e;
        }
        if (r.isAlarm()) {
            injecting = false; // an alarm stops the pump
            lastProblem = r.alarmMeaning();
            LOG.error("{}: pump alarm: {} (acknowledged; {} was not carried out; the pump is stopped)", settings.deviceId(), r.alarmMeaning(),
                    PumpLink.shown(command));
            throw new DeviceException(name() + ": pump alarm: " + r.alarmMeaning() + " (" + PumpLink.shown(command) + " was not carried out; the pump is stopped)");
        }
        if (r.isError()) throw new DeviceException(name() + ": the pump refused " + PumpLink.shown(command) + ": " + r.errorMeaning());
        return r;
    }

    private double parse(String data, String what) throws DeviceException {
        try {
            return Double.parseDouble(data.trim());
        } catch (NumberFormatException e) {
            throw new DeviceException(name() + ": answer to " + what + " is not a number: '" + Reply.printable(data) + "'");
        }
    }

    private String name() {
        return settings.deviceId() + " (" + settings.model() + " on " + settings.port() + ")";
    }
}
