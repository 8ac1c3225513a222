package org.neurolab.driver.intan.internal.rhx;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text side of RHX's Remote TCP Control (its command server, port 5000 by default).
 *
 * <p>RHX takes commands separated by {@code ;} ({@code get P}, {@code set P V}, {@code execute A [P]}), answers a
 * {@code get} with {@code Return: P V} and reports a bad command with an error text, and writes both without any
 * delimiter; a {@code set} or {@code execute} that works says nothing. So every transaction here ends with
 * {@code get runmode}, whose answer ({@code Return: RunMode Run|Stop|Record|Trigger}) marks the end of the replies:
 * whatever came before it, besides the answer to a {@code get} asked, is RHX's complaint about the commands.
 */
public final class RhxCommandClient implements Closeable {
    private static final Pattern BARRIER = Pattern.compile("Return: RunMode (Run|Stop|Record|Trigger)$");
    private static final String BARRIER_COMMAND = "get runmode";

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String where;
    private final int replyTimeoutMillis;

    private RhxCommandClient(Socket socket, String where, int replyTimeoutMillis) throws IOException {
        this.socket = socket;
        this.where = where;
        this.replyTimeoutMillis = replyTimeoutMillis;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    public static RhxCommandClient connect(String host, int port, int connectTimeoutMillis, int replyTimeoutMillis) throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
            s.setSoTimeout(replyTimeoutMillis);
            return new RhxCommandClient(s, host + ":" + port, replyTimeoutMillis);
        } catch (IOException e) {
            s.close();
            throw new IOException("RHX command server " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** The run mode the controller is in: {@code Run}, {@code Stop}, {@code Record} or {@code Trigger}. */
    public synchronized String runMode() throws IOException, RhxCommandException {
        return barrierMode(transact(List.of()));
    }

    /**
     * The value of {@code parameter} ({@code Type}, {@code SampleRateHertz}, {@code a-010.StimEnabled}).
     *
     * @throws RhxCommandException with RHX's words when it does not know the parameter
     */
    public synchronized String get(String parameter) throws IOException, RhxCommandException {
        String reply = stripBarrier(transact(List.of("get " + parameter)));
        // channel parameters are answered without their channel: "Return: StimEnabled False"
        String name = parameter.contains(".") ? parameter.substring(parameter.indexOf('.') + 1) : parameter;
        Matcher m = Pattern.compile("^Return: (\\S+) (.*)$", Pattern.DOTALL).matcher(reply);
        if (!m.matches() || !m.group(1).equalsIgnoreCase(name))
            throw new RhxCommandException("get " + parameter, reply.isEmpty() ? "no answer" : reply);
        return m.group(2).trim();
    }

    /** True when RHX knows {@code parameter}; false when it answers that it does not. */
    public synchronized boolean has(String parameter) throws IOException {
        try {
            get(parameter);
            return true;
        } catch (RhxCommandException unknown) {
            return false;
        }
    }

    /**
     * Sends {@code set}/{@code execute} commands in one write and waits until RHX has taken all of them.
     *
     * @throws RhxCommandException with RHX's words when it refused any of them (the others were taken)
     */
    public synchronized void send(List<String> commands) throws IOException, RhxCommandException {
        if (commands.isEmpty()) return;
        String complaint = stripBarrier(transact(commands)).trim();
        if (!complaint.isEmpty()) throw new RhxCommandException(String.join("; ", commands), complaint);
    }

    public void send(String... commands) throws IOException, RhxCommandException {
        send(List.of(commands));
    }

    /** A transaction that failed leaves the conversation out of step (a late reply would answer the next one): the connection is closed. */
    private String transact(List<String> commands) throws IOException {
        try {
            return exchange(commands);
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private String exchange(List<String> commands) throws IOException {
        StringBuilder request = new StringBuilder();
        for (String c : commands) request.append(c).append(';');
        request.append(BARRIER_COMMAND).append(';');
        try {
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        } catch (IOException e) {
            throw new IOException("RHX command server " + where + ": writing failed: " + e.getMessage(), e);
        }
        StringBuilder reply = new StringBuilder();
        byte[] buf = new byte[4096];
        long deadline = System.nanoTime() + replyTimeoutMillis * 1_000_000L;
        while (!BARRIER.matcher(reply).find()) {
            int n;
            try {
                n = in.read(buf);
            } catch (SocketTimeoutException stalled) {
                throw new IOException("RHX command server " + where + " did not answer within " + replyTimeoutMillis + " ms (it answered '" + reply + "')");
            }
            if (n < 0) throw new IOException("RHX command server " + where + " closed the connection (it answered '" + reply + "')");
            reply.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
            if (System.nanoTime() > deadline)
                throw new IOException("RHX command server " + where + " did not finish its answer within " + replyTimeoutMillis + " ms ('" + reply + "')");
            if (reply.length() > 1 << 20) throw new IOException("RHX command server " + where + " answered more than 1 MiB");
        }
        return reply.toString();
    }

    private static String stripBarrier(String reply) {
        Matcher m = BARRIER.matcher(reply);
        if (!m.find()) throw new IllegalStateException("no barrier in " + reply);
        return reply.substring(0, m.start());
    }

    private static String barrierMode(String reply) {
        Matcher m = BARRIER.matcher(reply);
        if (!m.find()) throw new IllegalStateException("no barrier in " + reply);
        return m.group(1);
    }

    public boolean isOpen() {
        return !socket.isClosed();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
