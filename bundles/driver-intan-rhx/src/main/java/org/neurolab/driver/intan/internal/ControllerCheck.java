package org.neurolab.driver.intan.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.neurolab.driver.intan.internal.rhx.ControllerFacts;
import org.neurolab.driver.intan.internal.rhx.RhxCommandClient;
import org.neurolab.driver.intan.internal.rhx.RhxCommandException;

/**
 * Verifies a fresh connection before anything else is sent: the controller must be a stimulation/recording controller
 * at the configured sample rate, with a usable stimulation step and every configured channel present.
 */
final class ControllerCheck {
    /** RHX names amplifier channels port-letter and three digits; a stim/record controller has ports A-D, 32 channels each at most. */
    private static final String PORTS = "ABCD";
    private static final int CHANNELS_PER_PORT = 32;

    private ControllerCheck() {
    }

    static ControllerFacts verify(RhxCommandClient cmd, DriverSettings s) throws IOException, ControllerRefusedException {
        try {
            String type = cmd.get("Type");
            if (!ControllerFacts.STIM_RECORD.equalsIgnoreCase(type))
                throw new ControllerRefusedException("RHX at " + s.host() + ":" + s.commandPort() + " runs a " + type + "; this driver needs a stimulation/recording "
                        + "controller (" + ControllerFacts.STIM_RECORD + ")");
            String rateText = cmd.get("SampleRateHertz");
            int rate;
            try {
                rate = (int) Math.round(Double.parseDouble(rateText));
            } catch (NumberFormatException e) {
                throw new ControllerRefusedException("RHX reports SampleRateHertz '" + rateText + "', not a number");
            }
            if (rate != s.sampleRateHz())
                throw new ControllerRefusedException("the controller samples at " + rate + " Hz; the configuration of " + s.deviceId() + " expects "
                        + s.sampleRateHz() + " Hz (set RHX's sample rate, or sampleRateHz)");
            String stepText = cmd.get("StimStepSizeMicroAmps");
            double step;
            try {
                step = Double.parseDouble(stepText);
            } catch (NumberFormatException e) {
                throw new ControllerRefusedException("RHX reports a stimulation step of '" + stepText + "', not a current: choose a step size in RHX");
            }
            if (!(step > 0)) throw new ControllerRefusedException("RHX reports a stimulation step of " + step + " µA");
            List<String> present = new ArrayList<>();
            for (char port : PORTS.toCharArray()) {
                for (int c = 0; c < CHANNELS_PER_PORT; c++) {
                    String name = String.format(Locale.ROOT, "%c-%03d", port, c);
                    if (!cmd.has(name + ".StimEnabled")) break;
                    present.add(name);
                }
            }
            for (int e = 0; e < s.channels().size(); e++) {
                String ch = s.channels().get(e);
                if (!present.contains(ch))
                    throw new ControllerRefusedException("electrode " + e + " is mapped to channel " + ch + ", which the controller does not have (it has "
                            + (present.isEmpty() ? "no amplifier channels" : describe(present)) + ")");
            }
            return new ControllerFacts(type, rate, step, present);
        } catch (RhxCommandException e) {
            throw new ControllerRefusedException(e.getMessage());
        }
    }

    private static String describe(List<String> channels) {
        StringBuilder b = new StringBuilder();
        for (char port : PORTS.toCharArray()) {
            long n = channels.stream().filter(c -> c.charAt(0) == port).count();
            if (n > 0) b.append(b.isEmpty() ? "" : ", ").append(port).append("-000..").append(String.format(Locale.ROOT, "%c-%03d", port, n - 1));
        }
        return b.toString();
    }
}
