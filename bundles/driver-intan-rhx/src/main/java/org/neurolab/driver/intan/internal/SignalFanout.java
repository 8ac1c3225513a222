package org.neurolab.driver.intan.internal;

import java.util.concurrent.CopyOnWriteArrayList;
import org.neurolab.api.driver.SignalListener;
import org.neurolab.api.signal.RawSampleBlock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The driver's listeners; a listener that throws is logged (once) and never stops the others or the acquisition. */
final class SignalFanout {
    private static final Logger LOG = LoggerFactory.getLogger(SignalFanout.class);

    private record Entry(SignalListener listener, boolean raw, boolean[] complained) {
    }

    private final CopyOnWriteArrayList<Entry> entries = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    void add(SignalListener listener, boolean wantsRaw) {
        remove(listener);
        if (!closed) entries.add(new Entry(listener, wantsRaw, new boolean[1]));
    }

    void remove(SignalListener listener) {
        entries.removeIf(e -> e.listener == listener);
    }

    /** No callback after this returns (the acquisition thread checks before each). */
    void close() {
        closed = true;
        entries.clear();
    }

    boolean wantsRaw() {
        for (Entry e : entries) if (e.raw) return true;
        return false;
    }

    void samples(RawSampleBlock block) {
        for (Entry e : entries) {
            if (closed) return;
            if (!e.raw) continue;
            try {
                e.listener.onSamples(block);
            } catch (RuntimeException ex) {
                complain(e, ex);
            }
        }
    }

    void watermark(String meaId, long micros) {
        for (Entry e : entries) {
            if (closed) return;
            try {
                e.listener.onWatermark(meaId, micros);
            } catch (RuntimeException ex) {
                complain(e, ex);
            }
        }
    }

    void gap(String meaId, long from, long to, String reason) {
        for (Entry e : entries) {
            if (closed) return;
            try {
                e.listener.onGap(meaId, from, to, reason);
            } catch (RuntimeException ex) {
                complain(e, ex);
            }
        }
    }

    private static void complain(Entry e, RuntimeException ex) {
        if (!e.complained[0]) {
            e.complained[0] = true;
            LOG.warn("signal listener {} threw (further failures of it are not logged): {}", e.listener, ex.toString());
        }
    }
}
