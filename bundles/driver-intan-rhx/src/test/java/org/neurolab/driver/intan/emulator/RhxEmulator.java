package org.neurolab.driver.intan.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An emulator of Intan RHX's Remote TCP Control, written from RHX's documentation and open-source code, for tests and
 * benchmarks: a command server ({@code get}/{@code set}/{@code execute}, {@code ;}-separated, replies without
 * delimiters, errors in RHX's words) and a waveform server streaming 128-frame blocks (magic number, 32-bit timestamps,
 * offset-binary wideband samples at 0.195 µV per bit, stimulation words) paced by the wall clock.
 *
 * <p>The signal is noise (5 µV rms) with spikes (about {@code spikeRateHz} per channel, -90 µV troughs); a stimulation
 * fired by a manual trigger shows in the channel's stimulation word (current in steps, polarity) and as an artifact in
 * its wideband samples, followed by an evoked spike 5 ms later. Faults can be injected: a corrupted or truncated block,
 * stray bytes, a stalled stream, a stream closed in the middle of a block, dropped connections, a different controller.
 */
public final class RhxEmulator implements AutoCloseable {
    public static final int MAGIC = 0x2ef07a08;
    public static final int FRAMES = 128;

    /** A stimulation the emulated controller delivered: its channel, the timestamp of its first stimulated frame, and the parameters uploaded. */
    public record Delivered(String channel, int firstTimestamp, Map<String, String> parameters) {
    }

    private final ServerSocket commandServer, dataServer;
    private final Thread commandThread, dataAcceptThread, generatorThread;
    private volatile boolean closed;
    private volatile Socket commandClient, dataClient;

    // the controller
    private volatile String controllerType = "ControllerStimRecord";
    private volatile int sampleRateHz = 30_000;
    private volatile String stimStep = "1";
    private final List<String> channels = new ArrayList<>();
    private final Map<String, Map<String, String>> params = new HashMap<>();
    private final Map<String, Map<String, String>> uploaded = new HashMap<>();
    private int blocksPerWrite = 10;
    private volatile boolean running;
    private long runStartNanos;
    private int timestamp;
    private final Object lock = new Object();

    // what happened
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final List<Delivered> delivered = new CopyOnWriteArrayList<>();
    private final List<String> triggers = new CopyOnWriteArrayList<>();
    private final AtomicInteger runs = new AtomicInteger();
    private final AtomicInteger commandConnections = new AtomicInteger();

    // signal
    private final Random random = new Random(7);
    private volatile double spikeRateHz = 5;
    private final Map<String, List<int[]>> stimSchedule = new HashMap<>(); // channel -> [startFrame, words...] runs
    private final Map<String, Long> evokedAt = new HashMap<>();
    private final Map<String, Double> offsets = new HashMap<>();

    // faults
    private volatile boolean corruptNext, truncateNext, closeMidBlockNext;
    private volatile int strayBytesNext;
    private volatile long stallUntilNanos;
    private volatile boolean answerCommands = true;

    private RhxEmulator(int ports, int channelsPerPort) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        commandServer = new ServerSocket(0, 4, loopback);
        dataServer = new ServerSocket(0, 4, loopback);
        for (int p = 0; p < ports; p++) {
            for (int c = 0; c < channelsPerPort; c++) {
                String name = String.format(Locale.ROOT, "%c-%03d", (char) ('A' + p), c);
                channels.add(name);
                params.put(name, defaults());
            }
        }
        commandThread = Thread.ofPlatform().daemon().name("rhx-emulator commands").start(this::serveCommands);
        dataAcceptThread = Thread.ofPlatform().daemon().name("rhx-emulator data accept").start(this::acceptData);
        generatorThread = Thread.ofPlatform().daemon().name("rhx-emulator generator").start(this::generate);
    }

    /** A stimulation/recording controller with {@code ports} × {@code channelsPerPort} amplifier channels (A-000...). */
    public static RhxEmulator start(int ports, int channelsPerPort) throws IOException {
        return new RhxEmulator(ports, channelsPerPort);
    }

    public int commandPort() {
        return commandServer.getLocalPort();
    }

    public int dataPort() {
        return dataServer.getLocalPort();
    }

    // --- knobs and faults

    public void controllerType(String type) {
        controllerType = type;
    }

    public void sampleRateHz(int hz) {
        sampleRateHz = hz;
    }

    public void stimStepMicroamps(String step) {
        stimStep = step;
    }

    public void spikeRateHz(double hz) {
        spikeRateHz = hz;
    }

    /** The next block goes out with a wrong magic number. */
    public void corruptNextBlock() {
        corruptNext = true;
    }

    /** Only the first half of the next block goes out; the stream continues with the block after it. */
    public void truncateNextBlock() {
        truncateNext = true;
    }

    /** Bytes that belong to no block go out before the next one. */
    public void strayBytesBeforeNextBlock(int n) {
        strayBytesNext = n;
    }

    /** The waveform stream sends nothing for a while (the samples of that time are sent late, as RHX's buffer would). */
    public void stallData(long millis) {
        stallUntilNanos = System.nanoTime() + millis * 1_000_000L;
    }

    /** Half of the next block goes out, then the waveform connection closes. */
    public void closeDataMidNextBlock() {
        closeMidBlockNext = true;
    }

    /** The command server stops answering (it reads and says nothing). */
    public void answerCommands(boolean answer) {
        answerCommands = answer;
    }

    /** Both connections drop, as when the network goes (RHX keeps running). */
    public void dropConnections() {
        closeQuietly(dataClient);
        closeQuietly(commandClient);
    }

    // --- what the controller saw and did

    public List<String> commands() {
        return List.copyOf(commands);
    }

    public List<Delivered> delivered() {
        return List.copyOf(delivered);
    }

    public List<String> triggers() {
        return List.copyOf(triggers);
    }

    public boolean running() {
        return running;
    }

    public int runs() {
        return runs.get();
    }

    public int commandConnections() {
        return commandConnections.get();
    }

    /** The parameters uploaded for a channel (lower-case keys), what the stimulator would use. */
    public Map<String, String> uploaded(String channel) {
        synchronized (lock) {
            return Map.copyOf(uploaded.getOrDefault(channel, Map.of()));
        }
    }

    /** Channels whose uploaded parameters have stimulation enabled. */
    public List<String> armedChannels() {
        synchronized (lock) {
            List<String> out = new ArrayList<>();
            for (String c : channels) if ("true".equals(uploaded.getOrDefault(c, Map.of()).get("stimenabled"))) out.add(c);
            return out;
        }
    }

    /** A steady offset on one channel's wideband signal (to tell channels apart). */
    public void offsetMicrovolts(String channel, double microvolts) {
        synchronized (lock) {
            offsets.put(channel, microvolts);
        }
    }

    /** Starts the run as an operator pressing Run in RHX's window would. */
    public void operatorRuns() {
        synchronized (lock) {
            set("runmode", "run");
        }
    }

    /** Sets a channel parameter as an operator in RHX's window would (and uploads it). */
    public void operatorSets(String channel, String parameter, String value) {
        synchronized (lock) {
            params.get(channel).put(parameter.toLowerCase(Locale.ROOT), value.toLowerCase(Locale.ROOT));
            uploaded.put(channel, new HashMap<>(params.get(channel)));
        }
    }

    // --- command server

    private static Map<String, String> defaults() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("stimenabled", "false");
        m.put("shape", "biphasic");
        m.put("polarity", "negativefirst");
        m.put("firstphasedurationmicroseconds", "100");
        m.put("secondphasedurationmicroseconds", "100");
        m.put("interphasedelaymicroseconds", "100");
        m.put("firstphaseamplitudemicroamps", "0");
        m.put("secondphaseamplitudemicroamps", "0");
        m.put("pulseortrain", "singlepulse");
        m.put("numberofstimpulses", "2");
        m.put("pulsetrainperiodmicroseconds", "10000");
        m.put("source", "digitalin01");
        m.put("triggeredgeorlevel", "edge");
        m.put("triggerhighorlow", "high");
        m.put("posttriggerdelaymicroseconds", "0");
        m.put("refractoryperiodmicroseconds", "1000");
        m.put("tcpdataoutputenabled", "false");
        m.put("tcpdataoutputenabledstim", "false");
        m.put("tcpdataoutputenabledlow", "false");
        m.put("tcpdataoutputenabledhigh", "false");
        return m;
    }

    private static final Map<String, String> CANONICAL = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    static {
        for (String n : List.of("StimEnabled", "Shape", "Polarity", "FirstPhaseDurationMicroseconds", "SecondPhaseDurationMicroseconds",
                "InterphaseDelayMicroseconds", "FirstPhaseAmplitudeMicroAmps", "SecondPhaseAmplitudeMicroAmps", "PulseOrTrain", "NumberOfStimPulses",
                "PulseTrainPeriodMicroseconds", "Source", "TriggerEdgeOrLevel", "TriggerHighOrLow", "PostTriggerDelayMicroseconds",
                "RefractoryPeriodMicroseconds", "TCPDataOutputEnabled", "TCPDataOutputEnabledStim", "TCPDataOutputEnabledLow", "TCPDataOutputEnabledHigh"))
            CANONICAL.put(n, n);
    }

    private void serveCommands() {
        while (!closed) {
            try (Socket s = commandServer.accept()) {
                commandConnections.incrementAndGet();
                commandClient = s;
                s.setTcpNoDelay(true);
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                StringBuilder pending = new StringBuilder();
                byte[] buf = new byte[65536];
                int n;
                while ((n = in.read(buf)) > 0) {
                    pending.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                    int end = pending.lastIndexOf(";");
                    if (end < 0) continue;
                    String batch = pending.substring(0, end);
                    pending.delete(0, end + 1);
                    StringBuilder reply = new StringBuilder();
                    for (String c : batch.split(";")) {
                        if (c.isBlank()) continue;
                        commands.add(c.trim());
                        String r = execute(c.trim());
                        if (r != null) reply.append(r);
                    }
                    if (answerCommands && !reply.isEmpty()) {
                        out.write(reply.toString().getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // client gone, or closing
            }
        }
    }

    private String execute(String command) {
        String[] w = command.split("\\s+");
        String verb = w[0].toLowerCase(Locale.ROOT);
        synchronized (lock) {
            switch (verb) {
                case "get" -> {
                    return w.length == 2 ? get(w[1]) : "Error - Command 1: Get commands require a parameter";
                }
                case "set" -> {
                    return w.length == 3 ? set(w[1], w[2]) : "Error - Command 1: Set commands require a parameter and a value";
                }
                case "execute" -> {
                    return w.length == 2 ? action(w[1].toLowerCase(Locale.ROOT), null)
                            : w.length == 3 ? action(w[1].toLowerCase(Locale.ROOT), w[2]) : "Error - Command 1: Execute commands require an action";
                }
                default -> {
                    return "Error - Command 1: Unrecognized command";
                }
            }
        }
    }

    private String get(String parameter) {
        String p = parameter.toLowerCase(Locale.ROOT);
        switch (p) {
            case "type" -> {
                return "Return: Type " + controllerType;
            }
            case "sampleratehertz" -> {
                return "Return: SampleRateHertz " + sampleRateHz;
            }
            case "stimstepsizemicroamps" -> {
                return "Return: StimStepSizeMicroAmps " + stimStep;
            }
            case "runmode" -> {
                return "Return: RunMode " + (running ? "Run" : "Stop");
            }
            case "tcpnumberdatablocksperwrite" -> {
                return "Return: TCPNumberDataBlocksPerWrite " + blocksPerWrite;
            }
            case "currenttimestamp" -> {
                return "Return: " + (running ? timestamp : -1);
            }
            default -> {
            }
        }
        int dot = p.indexOf('.');
        if (dot > 0) {
            Map<String, String> m = params.get(p.substring(0, dot).toUpperCase(Locale.ROOT));
            String item = p.substring(dot + 1);
            if (m != null && m.containsKey(item)) return "Return: " + CANONICAL.get(item) + " " + capitalise(m.get(item));
        }
        return "Unrecognized parameter";
    }

    private String set(String parameter, String value) {
        String p = parameter.toLowerCase(Locale.ROOT), v = value.toLowerCase(Locale.ROOT);
        if (p.equals("runmode")) {
            if (v.equals("run")) {
                if (running) return "Board must be stopped in order to start running";
                running = true;
                runs.incrementAndGet();
                timestamp = 0;
                runStartNanos = System.nanoTime();
                stimSchedule.clear();
                evokedAt.clear();
                return null;
            }
            if (v.equals("stop")) {
                if (!running) return "Board must be running in order to stop";
                running = false;
                return null;
            }
            return "Invalid value for SetRunMode command";
        }
        if (p.equals("tcpnumberdatablocksperwrite")) {
            try {
                int n = Integer.parseInt(v);
                if (n < 1 || n > 100) throw new NumberFormatException();
                blocksPerWrite = n;
                return null;
            } catch (NumberFormatException e) {
                return "Invalid value for TCPNumberDataBlocksPerWrite command. Acceptable: 1-100";
            }
        }
        int dot = p.indexOf('.');
        if (dot > 0) {
            Map<String, String> m = params.get(p.substring(0, dot).toUpperCase(Locale.ROOT));
            String item = p.substring(dot + 1);
            if (m != null && m.containsKey(item)) {
                String invalid = validate(item, v);
                if (invalid != null) return "Invalid value for " + CANONICAL.get(item) + " command. Acceptable: " + invalid;
                m.put(item, v);
                return null;
            }
        }
        return "Unrecognized parameter";
    }

    private static String validate(String item, String v) {
        switch (item) {
            case "stimenabled", "tcpdataoutputenabled", "tcpdataoutputenabledstim", "tcpdataoutputenabledlow", "tcpdataoutputenabledhigh" -> {
                return v.equals("true") || v.equals("false") ? null : "True, False";
            }
            case "shape" -> {
                return List.of("biphasic", "biphasicwithinterphasedelay", "triphasic").contains(v) ? null : "Biphasic, BiphasicWithInterphaseDelay, Triphasic";
            }
            case "polarity" -> {
                return List.of("negativefirst", "positivefirst").contains(v) ? null : "NegativeFirst, PositiveFirst";
            }
            case "pulseortrain" -> {
                return List.of("singlepulse", "pulsetrain").contains(v) ? null : "SinglePulse, PulseTrain";
            }
            case "source" -> {
                return v.matches("keypressf[1-8]|digitalin(0[1-9]|1[0-6])|analogin0[1-8]") ? null : "DigitalIn01-16, AnalogIn01-08, KeyPressF1-F8";
            }
            case "triggeredgeorlevel" -> {
                return List.of("edge", "level").contains(v) ? null : "Edge, Level";
            }
            case "triggerhighorlow" -> {
                return List.of("high", "low").contains(v) ? null : "High, Low";
            }
            case "numberofstimpulses" -> {
                return range(v, 0, 256);
            }
            case "firstphasedurationmicroseconds", "secondphasedurationmicroseconds", "interphasedelaymicroseconds" -> {
                return range(v, 0, 5000);
            }
            case "firstphaseamplitudemicroamps", "secondphaseamplitudemicroamps" -> {
                return range(v, 0, 2550);
            }
            case "pulsetrainperiodmicroseconds", "refractoryperiodmicroseconds" -> {
                return range(v, 0, 1_000_000);
            }
            case "posttriggerdelaymicroseconds" -> {
                return range(v, 0, 500_000);
            }
            default -> {
                return null;
            }
        }
    }

    private static String range(String v, double min, double max) {
        try {
            double d = Double.parseDouble(v);
            return d >= min && d <= max ? null : min + " to " + max;
        } catch (NumberFormatException e) {
            return min + " to " + max;
        }
    }

    private String action(String action, String parameter) {
        switch (action) {
            case "clearalldataoutputs" -> {
                for (Map<String, String> m : params.values())
                    for (String k : List.copyOf(m.keySet())) if (k.startsWith("tcpdataoutput")) m.put(k, "false");
                return null;
            }
            case "connecttcpwaveformdataoutput", "disconnecttcpwaveformdataoutput" -> {
                return null;
            }
            case "uploadstimparameters" -> {
                if (parameter == null) {
                    if (running) return "UploadStimParameters cannot be executed while the board is running";
                    for (String c : channels) uploaded.put(c, new HashMap<>(params.get(c)));
                    return null;
                }
                String c = parameter.toUpperCase(Locale.ROOT);
                if (params.containsKey(c)) uploaded.put(c, new HashMap<>(params.get(c)));
                return null;
            }
            case "manualstimtriggerpulse" -> {
                if (parameter == null || !parameter.toLowerCase(Locale.ROOT).matches("f[1-8]")) return "Unrecognized action";
                String source = "keypress" + parameter.toLowerCase(Locale.ROOT);
                triggers.add(source);
                if (running) fire(source);
                return null;
            }
            default -> {
                return "Unrecognized action";
            }
        }
    }

    /** Every channel armed on {@code source} starts its train at the controller's current sample (RHX ignores a trigger during a train). */
    private void fire(String source) {
        // the controller stimulates at its current sample, which the TCP output (the generation cursor) may not have reached yet
        long now = (System.nanoTime() - runStartNanos) * sampleRateHz / 1_000_000_000L;
        int start = (int) Math.max(timestamp, now);
        double step = Double.parseDouble(stimStep);
        double period = 1e6 / sampleRateHz;
        for (String c : channels) {
            Map<String, String> u = uploaded.get(c);
            if (u == null || !"true".equals(u.get("stimenabled")) || !source.equals(u.get("source"))) continue;
            List<int[]> runsOfChannel = stimSchedule.computeIfAbsent(c, k -> new ArrayList<>());
            if (!runsOfChannel.isEmpty() && runsOfChannel.get(runsOfChannel.size() - 1)[0] + runsOfChannel.get(runsOfChannel.size() - 1).length > start) continue;
            boolean negativeFirst = "negativefirst".equals(u.get("polarity"));
            int d1 = (int) Math.round(Double.parseDouble(u.get("firstphasedurationmicroseconds")) / period);
            int d2 = (int) Math.round(Double.parseDouble(u.get("secondphasedurationmicroseconds")) / period);
            int ipd = (int) Math.round(Double.parseDouble(u.get("interphasedelaymicroseconds")) / period);
            int a1 = (int) Math.round(Double.parseDouble(u.get("firstphaseamplitudemicroamps")) / step);
            int a2 = (int) Math.round(Double.parseDouble(u.get("secondphaseamplitudemicroamps")) / step);
            String shape = u.get("shape");
            List<Integer> words = new ArrayList<>();
            int firstSign = negativeFirst ? 1 << 8 : 0, secondSign = negativeFirst ? 0 : 1 << 8;
            for (int i = 0; i < d1; i++) words.add(firstSign | Math.min(a1, 255));
            if (shape.equals("biphasicwithinterphasedelay")) for (int i = 0; i < ipd; i++) words.add(0);
            for (int i = 0; i < d2; i++) words.add(secondSign | Math.min(a2, 255));
            if (shape.equals("triphasic")) for (int i = 0; i < d1; i++) words.add(firstSign | Math.min(a1, 255));
            int pulses = "pulsetrain".equals(u.get("pulseortrain")) ? Integer.parseInt(u.get("numberofstimpulses")) : 1;
            int periodFrames = (int) Math.round(Double.parseDouble(u.get("pulsetrainperiodmicroseconds")) / period);
            int length = (pulses - 1) * periodFrames + words.size();
            int[] run = new int[1 + length];
            run[0] = start;
            for (int pulse = 0; pulse < pulses; pulse++)
                for (int i = 0; i < words.size(); i++) run[1 + pulse * periodFrames + i] = words.get(i);
            runsOfChannel.add(run);
            evokedAt.put(c, (long) start + 5 * sampleRateHz / 1000);
            delivered.add(new Delivered(c, start, Map.copyOf(u)));
        }
    }

    // --- waveform server

    private void acceptData() {
        while (!closed) {
            try {
                Socket s = dataServer.accept();
                s.setSendBufferSize(1 << 20);
                closeQuietly(dataClient);
                dataClient = s;
            } catch (IOException e) {
                // closing
            }
        }
    }

    private void generate() {
        while (!closed) {
            try {
                byte[] out = null;
                Socket client = dataClient;
                synchronized (lock) {
                    if (running) {
                        long due = (System.nanoTime() - runStartNanos) * sampleRateHz / 1_000_000_000L;
                        if (due - timestamp >= (long) FRAMES * blocksPerWrite && System.nanoTime() >= stallUntilNanos) {
                            out = blocks(blocksPerWrite);
                        }
                    }
                }
                if (out == null) {
                    Thread.sleep(1);
                    continue;
                }
                if (client == null || client.isClosed()) continue; // RHX drops what no client reads
                send(client, out);
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                closeQuietly(dataClient);
            }
        }
    }

    private void send(Socket client, byte[] out) throws IOException {
        OutputStream os = client.getOutputStream();
        int blockBytes = out.length / lastBlocks;
        if (strayBytesNext > 0) {
            byte[] stray = new byte[strayBytesNext];
            random.nextBytes(stray);
            strayBytesNext = 0;
            os.write(stray);
        }
        if (corruptNext) {
            corruptNext = false;
            out[0] ^= 0x5a;
        }
        if (truncateNext) {
            truncateNext = false;
            os.write(out, 0, blockBytes / 2);
            os.write(out, blockBytes, out.length - blockBytes);
            return;
        }
        if (closeMidBlockNext) {
            closeMidBlockNext = false;
            os.write(out, 0, blockBytes / 2);
            os.flush();
            client.close();
            return;
        }
        os.write(out);
    }

    private volatile int lastBlocks = 1;
    private int[] spikeLeft;

    /** {@code n} blocks of the channels enabled for output, RHX's channel order. */
    private byte[] blocks(int n) {
        List<String> wide = new ArrayList<>();
        for (String c : channels) if ("true".equals(params.get(c).get("tcpdataoutputenabled"))) wide.add(c);
        boolean[] stim = new boolean[wide.size()];
        for (int i = 0; i < wide.size(); i++) stim[i] = "true".equals(params.get(wide.get(i)).get("tcpdataoutputenabledstim"));
        int words = wide.size();
        for (boolean b : stim) if (b) words++;
        int frameBytes = 4 + 2 * words;
        ByteBuffer bb = ByteBuffer.allocate(n * (4 + FRAMES * frameBytes)).order(ByteOrder.LITTLE_ENDIAN);
        double spikeProbability = spikeRateHz / sampleRateHz;
        if (spikeLeft == null) spikeLeft = new int[channels.size()];
        int[] index = new int[wide.size()];
        for (int i = 0; i < index.length; i++) index[i] = channels.indexOf(wide.get(i));
        for (int b = 0; b < n; b++) {
            bb.putInt(MAGIC);
            for (int f = 0; f < FRAMES; f++) {
                bb.putInt(timestamp);
                for (int i = 0; i < wide.size(); i++) {
                    String c = wide.get(i);
                    int word = stimWord(c, timestamp);
                    double uv = random.nextGaussian() * 5 + offsets.getOrDefault(c, 0.0);
                    int ci = index[i];
                    if (spikeLeft[ci] == 0 && random.nextDouble() < spikeProbability) spikeLeft[ci] = 30;
                    Long evoked = evokedAt.get(c);
                    if (evoked != null && evoked == timestamp) spikeLeft[ci] = 30;
                    if (spikeLeft[ci] > 0) {
                        int k = 30 - spikeLeft[ci];
                        uv += -90 * Math.exp(-(k - 8) * (k - 8) / 6.0) + 25 * Math.exp(-(k - 18) * (k - 18) / 20.0);
                        spikeLeft[ci]--;
                    }
                    if ((word & 0xff) != 0) uv += ((word & (1 << 8)) != 0 ? -1 : 1) * 40.0 * (word & 0xff);
                    int raw = (int) Math.round(uv / 0.195) + 32768;
                    bb.putShort((short) Math.max(0, Math.min(65535, raw)));
                    if (stim[i]) bb.putShort((short) word);
                }
                timestamp++;
            }
        }
        lastBlocks = n;
        return bb.array();
    }

    private int stimWord(String channel, int t) {
        List<int[]> rs = stimSchedule.get(channel);
        if (rs == null) return 0;
        for (int[] r : rs) {
            int k = t - r[0];
            if (k >= 0 && k < r.length - 1) return r[1 + k];
        }
        return 0;
    }

    private static String capitalise(String v) {
        return v.isEmpty() ? v : Character.toUpperCase(v.charAt(0)) + v.substring(1);
    }

    private static void closeQuietly(Socket s) {
        if (s == null) return;
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        commandServer.close();
        dataServer.close();
        closeQuietly(commandClient);
        closeQuietly(dataClient);
        generatorThread.interrupt();
        try {
            generatorThread.join(5000);
            commandThread.join(5000);
            dataAcceptThread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Channel names in RHX's order. */
    public List<String> channels() {
        return Collections.unmodifiableList(channels);
    }
}
