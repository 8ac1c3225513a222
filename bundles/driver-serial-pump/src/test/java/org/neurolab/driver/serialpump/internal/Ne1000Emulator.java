package org.neurolab.driver.serialpump.internal;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A New Era NE-1000 in Basic mode, from its manual (RS-232 protocol and command set), on the device end of a pty pair:
 * answers {@code STX <2-digit address> <status> [data] ETX} to each {@code [address]<command>CR}; keeps diameter, rate (with
 * its units), volume to dispense (0 = until stopped), direction, run state and the volume dispensed over time; refuses
 * what it cannot do ({@code ?}, {@code ?NA}, {@code ?OOR}); ignores commands for other addresses. A test can raise an alarm
 * (answered once, instead of the next command, as the pump does), make the pump go silent, or cut an answer short.
 */
final class Ne1000Emulator implements AutoCloseable {
    final int address;
    final String firmware = "NE1000V3.928";
    final List<String> received = new CopyOnWriteArrayList<>();
    volatile double minRate = 0.001, maxRate = 1500; // µL/min: the pump's own limits for its syringe
    volatile char pendingAlarm;
    volatile boolean silent;
    volatile boolean cutShort;
    volatile long answerDelayMillis;
    double diameter = 26.59;
    private double rateUlMin;
    private String rateUnit = "UM";
    private double volumeTargetUl;
    private String volumeUnit = "ML";
    private String direction = "INF";
    private boolean running;
    private double infusedUl;
    private long lastUpdateNanos = System.nanoTime();
    private final InputStream in;
    private final OutputStream out;
    private final Thread thread;

    Ne1000Emulator(Path deviceEnd, int address) throws IOException {
        this.address = address;
        this.in = new FileInputStream(deviceEnd.toFile());
        this.out = new FileOutputStream(deviceEnd.toFile());
        thread = new Thread(this::serve, "ne1000-emulator");
        thread.setDaemon(true);
        thread.start();
    }

    synchronized boolean running() {
        advance();
        return running;
    }

    synchronized double rateMicrolitresPerMinute() {
        return rateUlMin;
    }

    synchronized double infusedMicrolitres() {
        advance();
        return infusedUl;
    }

    synchronized double volumeTargetMicrolitres() {
        return volumeTargetUl;
    }

    /** The motor stalls: the pump stops and answers the next command with the alarm. */
    synchronized void stall() {
        advance();
        running = false;
        pendingAlarm = 'S';
    }

    private void serve() {
        StringBuilder line = new StringBuilder();
        try {
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\r') {
                    String cmd = line.toString();
                    line.setLength(0);
                    String reply = handle(cmd);
                    if (reply == null) continue;
                    if (answerDelayMillis > 0) Thread.sleep(answerDelayMillis);
                    byte[] bytes = reply.getBytes(StandardCharsets.US_ASCII);
                    if (cutShort) {
                        out.write(bytes, 0, bytes.length / 2); // the line breaks mid-answer
                    } else {
                        out.write(bytes);
                    }
                    out.flush();
                } else if (b >= 0x20) {
                    line.append((char) b);
                }
            }
        } catch (IOException | InterruptedException e) {
            // the pty pair is gone
        }
    }

    synchronized String handle(String raw) {
        String cmd = raw.replace(" ", "").toUpperCase(Locale.ROOT);
        int i = 0;
        while (i < cmd.length() && i < 2 && Character.isDigit(cmd.charAt(i))) i++;
        int to = i == 0 ? 0 : Integer.parseInt(cmd.substring(0, i));
        if (to != address) return null; // not for this pump
        received.add(raw.substring(i).trim());
        if (silent) return null;
        advance();
        if (pendingAlarm != 0) {
            char a = pendingAlarm;
            pendingAlarm = 0; // sending it acknowledges it
            return packet("A?" + a);
        }
        String c = cmd.substring(i);
        String name = c.length() >= 3 ? c.substring(0, 3) : c;
        String arg = c.length() > 3 ? c.substring(3) : "";
        return switch (name) {
            case "" -> status("");
            case "VER" -> status(firmware);
            case "DIA" -> {
                if (arg.isEmpty()) yield status(fmt(diameter));
                if (running) yield status("?NA");
                double d = Double.parseDouble(arg);
                if (d < 0.1 || d > 50) yield status("?OOR");
                diameter = d;
                yield status("");
            }
            case "RAT" -> rate(arg);
            case "VOL" -> {
                if (arg.isEmpty()) yield status(fmt(volumeUnit.equals("ML") ? volumeTargetUl / 1000 : volumeTargetUl) + volumeUnit);
                if (arg.equals("UL") || arg.equals("ML")) {
                    volumeUnit = arg;
                    yield status("");
                }
                if (running) yield status("?NA");
                double v = Double.parseDouble(arg);
                volumeTargetUl = volumeUnit.equals("ML") ? v * 1000 : v;
                yield status("");
            }
            case "DIR" -> {
                if (arg.isEmpty()) yield status(direction);
                if (!arg.equals("INF") && !arg.equals("WDR")) yield status("?");
                direction = arg;
                yield status("");
            }
            case "RUN" -> {
                if (rateUlMin <= 0) yield status("?NA");
                running = true;
                yield status("");
            }
            case "STP" -> {
                running = false;
                yield status("");
            }
            case "CLD" -> {
                infusedUl = 0;
                yield status("");
            }
            case "DIS" -> status("I" + fmt(volumeUnit.equals("ML") ? infusedUl / 1000 : infusedUl) + "W0.000" + volumeUnit);
            default -> status("?");
        };
    }

    private String rate(String arg) {
        if (arg.isEmpty()) {
            double v = switch (rateUnit) {
                case "UH" -> rateUlMin * 60;
                case "MM" -> rateUlMin / 1000;
                case "MH" -> rateUlMin * 60 / 1000;
                default -> rateUlMin;
            };
            return status(fmt(v) + rateUnit);
        }
        String unit = rateUnit, number = arg;
        for (String u : new String[] {"UM", "UH", "MM", "MH"}) {
            if (arg.endsWith(u)) {
                unit = u;
                number = arg.substring(0, arg.length() - 2);
            }
        }
        double v;
        try {
            v = Double.parseDouble(number);
        } catch (NumberFormatException e) {
            return status("?");
        }
        if (number.replace(".", "").length() > 4) return status("?OOR");
        double ulMin = switch (unit) {
            case "UM" -> v;
            case "UH" -> v / 60;
            case "MM" -> v * 1000;
            case "MH" -> v * 1000 / 60;
            default -> Double.NaN;
        };
        if (Double.isNaN(ulMin)) return status("?");
        if (ulMin < minRate || ulMin > maxRate) return status("?OOR");
        rateUlMin = ulMin;
        rateUnit = unit;
        return status("");
    }

    private void advance() {
        long now = System.nanoTime();
        if (running && direction.equals("INF")) {
            infusedUl += rateUlMin * (now - lastUpdateNanos) / 60e9;
            if (volumeTargetUl > 0 && infusedUl >= volumeTargetUl) {
                infusedUl = volumeTargetUl;
                running = false; // volume dispensed
            }
        }
        lastUpdateNanos = now;
    }

    private String status(String data) {
        char prompt = running ? (direction.equals("INF") ? 'I' : 'W') : 'S';
        return packet(prompt + data);
    }

    private String packet(String body) {
        return "\u0002" + String.format(Locale.ROOT, "%02d", address) + body + "\u0003";
    }

    private static String fmt(double v) {
        String s = Rates.pumpFloat(v);
        return s == null ? "9999" : s;
    }

    @Override
    public void close() throws IOException {
        in.close();
        out.close();
    }
}
