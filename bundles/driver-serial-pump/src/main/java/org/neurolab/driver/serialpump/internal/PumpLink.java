package org.neurolab.driver.serialpump.internal;

import com.fazecast.jSerialComm.SerialPort;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.neurolab.api.driver.DeviceException;

/**
 * The serial line to one pump, Basic mode: a command is {@code [address]<command>[data]CR}, the pump answers each with
 * one {@code STX ... ETX} packet. One command at a time; bytes left over from an answer that came too late are dropped
 * before the next command, so a slow answer is never taken for the next one's.
 */
final class PumpLink implements AutoCloseable {
    private final String portName;
    private final int baud;
    private final int address;
    private final int timeoutMillis;
    private SerialPort port;

    PumpLink(String portName, int baud, int address, int timeoutMillis) {
        this.portName = portName;
        this.baud = baud;
        this.address = address;
        this.timeoutMillis = timeoutMillis;
    }

    String portName() {
        return portName;
    }

    synchronized void open() throws DeviceException {
        if (port != null && port.isOpen()) return;
        SerialPort p = SerialPort.getCommPort(portName);
        p.setComPortParameters(baud, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        p.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        p.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING, 50, timeoutMillis);
        if (!p.openPort()) throw new DeviceException("cannot open serial port " + portName + " (error " + p.getLastErrorCode() + " at "
                + p.getLastErrorLocation() + "): does it exist, and may the lab's user open it (group dialout)?");
        port = p;
    }

    /** Sends one command and returns the pump's reply. */
    synchronized Reply transact(String command) throws DeviceException, PumpTimeoutException {
        open();
        drain();
        byte[] out = (address + command + "\r").getBytes(StandardCharsets.US_ASCII);
        if (port.writeBytes(out, out.length) != out.length) {
            close();
            throw new DeviceException("cannot write " + shown(command) + " to " + portName + " (error " + port.getLastErrorCode() + ")");
        }
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean started = false;
        byte[] one = new byte[1];
        while (System.nanoTime() < deadline) {
            int n = port.readBytes(one, 1);
            if (n < 0) {
                close();
                throw new DeviceException("serial port " + portName + " failed while reading the answer to " + shown(command));
            }
            if (n == 0) continue;
            if (one[0] == Reply.STX) {
                started = true;
                body.reset();
            } else if (one[0] == Reply.ETX && started) {
                String text = body.toString(StandardCharsets.US_ASCII);
                try {
                    Reply r = Reply.parse(text);
                    if (r.address() != address) {
                        started = false; // another pump on the line answered: not ours
                        continue;
                    }
                    return r;
                } catch (IllegalArgumentException e) {
                    throw new DeviceException("garbled answer to " + shown(command) + " on " + portName + ": " + e.getMessage());
                }
            } else if (started) {
                body.write(one[0]);
                if (body.size() > 256) throw new DeviceException("answer to " + shown(command) + " on " + portName + " does not end: " + Reply.printable(body.toString(StandardCharsets.US_ASCII)));
            }
        }
        throw new PumpTimeoutException(command, timeoutMillis, started);
    }

    private void drain() {
        int available = port.bytesAvailable();
        if (available > 0) port.readBytes(new byte[available], available);
    }

    @Override
    public synchronized void close() {
        if (port != null) port.closePort();
        port = null;
    }

    /** How a command shows in messages: {@code 'RAT 5.000 UM'}, or {@code the status query} for the empty one. */
    static String shown(String command) {
        return command.isEmpty() ? "the status query" : "'" + command + "'";
    }

    /** The pump said nothing (or never finished its answer) within the reply timeout. */
    static final class PumpTimeoutException extends Exception {
        private static final long serialVersionUID = 1L;
        final String command;
        final boolean partial;

        PumpTimeoutException(String command, int millis, boolean partial) {
            super((partial ? "an unfinished answer" : "no answer") + " to " + shown(command) + " within " + millis + " ms", null, false, false);
            this.command = command;
            this.partial = partial;
        }
    }
}
