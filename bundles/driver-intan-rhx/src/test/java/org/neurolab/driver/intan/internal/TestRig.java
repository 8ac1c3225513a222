package org.neurolab.driver.intan.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.neurolab.api.clock.LabClock;
import org.neurolab.driver.intan.emulator.RhxEmulator;

/** An emulated RHX and drivers on it, for tests: real sockets, the wall clock as lab clock. */
final class TestRig {
    /** Records what the component would do with the driver's services. */
    static final class Presence implements IntanRhxMea.Presence {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void verified(IntanRhxMea mea) {
            events.add("verified");
        }

        @Override
        public void refused(IntanRhxMea mea, String reason) {
            events.add("refused: " + reason);
        }
    }

    static Map<String, Object> config(RhxEmulator emu, String channels) {
        Map<String, Object> p = new HashMap<>();
        p.put("deviceId", "rig9/mea0");
        p.put("rigId", "rig9");
        p.put("host", "127.0.0.1");
        p.put("commandPort", Integer.toString(emu.commandPort()));
        p.put("dataPort", Integer.toString(emu.dataPort()));
        p.put("channels", channels);
        p.put("stallTimeoutMillis", "10000"); // generous: a loaded machine must not look like a stalled RHX
        p.put("replyTimeoutMillis", "3000");
        p.put("maxBackoffMillis", "1000");
        p.put("echoTimeoutMillis", "2000");
        return p;
    }

    static IntanRhxMea start(Map<String, Object> config, LabClock clock, Presence presence) {
        IntanRhxMea mea = new IntanRhxMea(DriverSettings.from(config), clock, "test", presence);
        mea.start();
        return mea;
    }

    /** Waits (generously: the machine may be loaded) until {@code condition} holds. */
    static void await(String what, long timeoutMillis, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out after " + timeoutMillis + " ms waiting for " + what);
            Thread.sleep(5);
        }
    }

    static void awaitStreaming(IntanRhxMea mea) throws InterruptedException {
        await(mea.info().deviceId() + " to stream (" + mea.status() + ")", 20_000, () -> "STREAMING".equals(mea.status().state()) && mea.status().blocks() > 0);
    }

    private TestRig() {
    }
}
