package org.neurolab.driver.intan.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.neurolab.api.clock.LabClock;
import org.neurolab.api.signal.RawSampleBlock;
import org.neurolab.driver.intan.internal.rhx.ControllerFacts;
import org.neurolab.driver.intan.internal.rhx.RhxCommandClient;
import org.neurolab.driver.intan.internal.rhx.RhxCommandException;
import org.neurolab.driver.intan.internal.rhx.WaveformBlock;
import org.neurolab.driver.intan.internal.rhx.WaveformBlockReader;
import org.neurolab.driver.intan.internal.rhx.WaveformLayout;

/**
 * The driver's one thread: connect to both servers, verify, put the controller in its safe state, set up the waveform
 * output, run, and stream until the connection fails; then the safe state where the command server still answers, and
 * again after a backoff (doubling up to {@code maxBackoffMillis}). Every connection is verified afresh before the
 * driver lets a stimulation through it.
 */
final class Acquisition implements Runnable {
    private static final long INITIAL_BACKOFF_MILLIS = 200;
    private static final long REFUSED_BACKOFF_MILLIS = 5_000;

    private final IntanRhxMea mea;
    private final DriverSettings s;
    private final LabClock clock;
    private final SignalFanout fanout;
    private final LabTimeline timeline;
    /** Stream channel order (RHX's: port, then channel number) and each one's electrode. */
    private final List<String> streamOrder;
    private final int[] electrodeOfStreamChannel;
    private volatile boolean closing;
    private volatile Socket dataSocket;
    private volatile long nextIndex;
    private volatile String forcedLoss;

    Acquisition(IntanRhxMea mea, DriverSettings s, LabClock clock, SignalFanout fanout) {
        this.mea = mea;
        this.s = s;
        this.clock = clock;
        this.fanout = fanout;
        this.timeline = new LabTimeline(s.sampleRateHz(), WaveformLayout.FRAMES_PER_BLOCK);
        List<String> order = new ArrayList<>(s.channels());
        order.sort(Comparator.naturalOrder()); // "A-000" < "A-001" < "B-000": RHX's group-then-channel order
        this.streamOrder = List.copyOf(order);
        this.electrodeOfStreamChannel = new int[order.size()];
        for (int i = 0; i < order.size(); i++) electrodeOfStreamChannel[i] = s.channels().indexOf(order.get(i));
    }

    List<String> streamOrder() {
        return streamOrder;
    }

    /** The index the next delivered sample will have (for echo watches set from other threads). */
    long nextIndex() {
        return nextIndex;
    }

    @Override
    public void run() {
        long backoff = INITIAL_BACKOFF_MILLIS;
        String loss = null;
        boolean first = true;
        while (!closing) {
            RhxCommandClient cmd = null;
            try {
                mea.state(loss == null ? "CONNECTING" : "RECONNECTING", loss == null ? "connecting to RHX at " + s.host() + ":" + s.commandPort()
                        : "connection lost: " + loss);
                cmd = RhxCommandClient.connect(s.host(), s.commandPort(), s.connectTimeoutMillis(), s.replyTimeoutMillis());
                ControllerFacts facts = ControllerCheck.verify(cmd, s);
                SafeState.stopAndDisarm(cmd, facts.amplifierChannels());
                configureOutput(cmd);
                forcedLoss = null;
                Socket data = openData();
                long runAt = clock.nowMicros();
                cmd.send("set RunMode Run");
                timeline.newRun(runAt);
                if (!first) mea.countReconnect();
                first = false;
                mea.linkUp(cmd, facts);
                backoff = INITIAL_BACKOFF_MILLIS;
                stream(data, loss == null ? null : "connection to RHX lost: " + loss);
            } catch (ControllerRefusedException refused) {
                mea.refused(refused.getMessage());
                backoff = Math.max(backoff, REFUSED_BACKOFF_MILLIS);
                loss = null;
            } catch (RhxCommandException e) {
                loss = e.getMessage();
            } catch (IOException e) {
                loss = forcedLoss != null ? forcedLoss : e.getMessage();
            } catch (RuntimeException e) {
                loss = "driver error: " + e;
                org.slf4j.LoggerFactory.getLogger(Acquisition.class).error("{}: acquisition failed", s.deviceId(), e);
            } finally {
                mea.linkDown(cmd, closing ? null : loss);
                closeData();
                if (cmd != null) cmd.close();
            }
            if (closing) break;
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                break;
            }
            backoff = Math.min(2 * backoff, s.maxBackoffMillis());
        }
    }

    /** Drops the current connection (the command server failed under a stimulation): the loop reconnects and verifies again. */
    void reconnect(String why) {
        forcedLoss = why;
        closeData();
    }

    /** Ends the thread: closes the data stream it reads (the driver has put the controller in its safe state first). */
    void close() {
        closing = true;
        closeData();
    }

    private void configureOutput(RhxCommandClient cmd) throws IOException, RhxCommandException {
        List<String> c = new ArrayList<>();
        c.add("execute ClearAllDataOutputs");
        c.add("set TCPNumberDataBlocksPerWrite " + s.blocksPerWrite());
        for (String ch : streamOrder) {
            c.add("set " + ch + ".TCPDataOutputEnabled True");
            c.add("set " + ch + ".TCPDataOutputEnabledStim True");
        }
        c.add("execute ConnectTCPWaveformDataOutput");
        cmd.send(c);
    }

    private Socket openData() throws IOException {
        Socket d = new Socket();
        try {
            d.setReceiveBufferSize(1 << 20);
            d.connect(new InetSocketAddress(s.host(), s.dataPort()), s.connectTimeoutMillis());
            d.setSoTimeout(s.stallTimeoutMillis());
        } catch (IOException e) {
            d.close();
            throw new IOException("RHX waveform server " + s.host() + ":" + s.dataPort() + ": " + e.getMessage(), e);
        }
        dataSocket = d;
        if (closing) closeData();
        return d;
    }

    private void stream(Socket data, String firstGapReason) throws IOException {
        InputStream in = data.getInputStream();
        WaveformBlockReader reader = new WaveformBlockReader(in, new WaveformLayout(streamOrder.size(), true), electrodeOfStreamChannel);
        String pending = firstGapReason;
        long malformedSeen = 0;
        int n = s.channels().size(), frames = WaveformLayout.FRAMES_PER_BLOCK;
        while (!closing) {
            WaveformBlock b;
            try {
                b = reader.next();
            } catch (SocketTimeoutException stalled) {
                throw new IOException("RHX sent no waveform data for " + s.stallTimeoutMillis() + " ms");
            }
            LabTimeline.Placement p = timeline.place(b.firstTimestamp(), clock.nowMicros());
            long malformed = reader.malformedBlocks();
            if (malformed > malformedSeen) mea.countMalformed(malformed - malformedSeen);
            if (p.hasGap()) {
                String why = pending != null ? pending
                        : malformed > malformedSeen ? "malformed waveform data from RHX skipped (" + reader.skippedBytes() + " bytes so far)"
                        : p.newRun() ? "samples of the controller's run before this block were not received (a run start or restart)" : "RHX's sample counter jumped (samples lost before they reached the driver)";
                mea.gap(p.gapFromMicros(), p.gapToMicros(), why);
            }
            pending = null;
            malformedSeen = malformed;
            nextIndex = p.firstSampleIndex() + frames;
            if (fanout.wantsRaw())
                fanout.samples(new RawSampleBlock(s.deviceId(), p.firstSampleIndex(), p.startMicros(), s.sampleRateHz(), n, frames, b.microvolts()));
            mea.block(p.firstSampleIndex(), b, timeline);
            fanout.watermark(s.deviceId(), p.endMicros());
        }
    }

    private void closeData() {
        Socket d = dataSocket;
        if (d != null) {
            try {
                d.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}
