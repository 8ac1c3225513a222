package org.neurolab.driver.mqttenv.internal;

import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection to the broker: connects, subscribes, and after a failed connect or a lost connection tries again with
 * exponential backoff (with jitter, so a lab's sensors do not all knock at once), until stopped. One line in the log
 * when the connection goes and one when it is back, however many attempts lie between.
 */
final class BrokerLink implements MqttCallback {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerLink.class);

    private final SensorSettings settings;
    private final BiConsumer<String, MqttMessage> onMessage;
    private final ScheduledExecutorService executor;
    private final MqttClient client;
    private final MqttConnectOptions options = new MqttConnectOptions();
    private volatile boolean stopped;
    private volatile boolean connected;
    private volatile long downSinceMillis = System.currentTimeMillis();
    private volatile String lastProblem = "not connected yet";
    private long nextDelayMillis;
    private volatile int attempts;

    BrokerLink(SensorSettings settings, BiConsumer<String, MqttMessage> onMessage, ScheduledExecutorService executor) throws MqttException {
        this.settings = settings;
        this.onMessage = onMessage;
        this.executor = executor;
        // in memory: an incubator reading is worth nothing after a restart, and the lab's folder stays clean
        this.client = new MqttClient(settings.broker().toString(), settings.clientId(), new MemoryPersistence());
        client.setTimeToWait(10_000);
        client.setCallback(this);
        options.setCleanSession(true);
        options.setAutomaticReconnect(false); // ours: it also covers a broker that is down when the lab starts
        options.setConnectionTimeout(10);
        options.setKeepAliveInterval(15);
        if (!settings.username().isEmpty()) options.setUserName(settings.username());
        if (settings.password().length > 0) options.setPassword(settings.password());
        nextDelayMillis = settings.reconnectInitialMillis();
    }

    void start() {
        executor.execute(this::connect);
    }

    boolean connected() {
        return connected;
    }

    /** For messages: {@code disconnected since ... (connection refused), 3 attempts}. */
    String describe() {
        if (connected) return "connected to " + settings.broker();
        return "not connected to " + settings.broker() + " since " + Instant.ofEpochMilli(downSinceMillis) + " (" + lastProblem + "; " + attempts
                + " attempts, retrying)";
    }

    private void connect() {
        if (stopped) return;
        try {
            attempts++;
            client.connect(options);
            String[] topics = settings.topics().keySet().toArray(String[]::new);
            int[] qos = new int[topics.length];
            java.util.Arrays.fill(qos, settings.qos());
            client.subscribe(topics, qos);
            connected = true;
            LOG.info("{}: connected to {} as {}, reading {}{}", settings.deviceId(), settings.broker(), settings.clientId(), String.join(", ", topics),
                    attempts > 1 ? " (after " + attempts + " attempts, down since " + Instant.ofEpochMilli(downSinceMillis) + ")" : "");
            attempts = 0;
            nextDelayMillis = settings.reconnectInitialMillis();
        } catch (MqttException | RuntimeException e) {
            String problem = reason(e);
            if (attempts == 1) LOG.warn("{}: cannot connect to {}: {}; retrying with backoff up to {} s", settings.deviceId(), settings.broker(), problem,
                    settings.reconnectMaxMillis() / 1000.0);
            lastProblem = problem;
            disconnectQuietly();
            scheduleReconnect();
        }
    }

    private void scheduleReconnect() {
        if (stopped) return;
        long delay = nextDelayMillis + ThreadLocalRandom.current().nextLong(nextDelayMillis / 5 + 1);
        nextDelayMillis = Math.min(settings.reconnectMaxMillis(), nextDelayMillis * 2);
        try {
            executor.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopping
        }
    }

    @Override
    public void connectionLost(Throwable cause) {
        connected = false;
        downSinceMillis = System.currentTimeMillis();
        lastProblem = "connection lost: " + reason(cause);
        if (stopped) return;
        LOG.warn("{}: lost the connection to {} ({}); reconnecting with backoff", settings.deviceId(), settings.broker(), reason(cause));
        try {
            executor.execute(() -> { attempts = 0; scheduleReconnect(); });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopping
        }
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        onMessage.accept(topic, message);
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
        // the driver publishes nothing
    }

    /** Ends the connection and every thread of it; nothing is called back after. */
    void stop() {
        stopped = true;
        executor.shutdownNow();
        try {
            executor.awaitTermination(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (client.isConnected()) {
            try {
                client.disconnect(2_000);
            } catch (MqttException e) {
                LOG.debug("{}: disconnect: {}", settings.deviceId(), e.toString());
            }
        }
        connected = false;
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("{}: close: {}", settings.deviceId(), e.toString());
        }
    }

    private void disconnectQuietly() {
        try {
            if (client.isConnected()) client.disconnectForcibly(0, 1_000);
        } catch (MqttException e) {
            // it is down already
        }
    }

    private static String reason(Throwable e) {
        if (e == null) return "no reason given";
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return root == e || root.getMessage() == null ? m : m + ": " + root.getMessage();
    }
}
