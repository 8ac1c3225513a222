package org.neurolab.recording.internal.bus;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.neurolab.recording.stream.MissedReport;
import org.neurolab.recording.stream.SpikeEvents;
import org.neurolab.recording.stream.StimulationEvents;
import org.neurolab.recording.stream.StreamSubscriber;
import org.neurolab.recording.stream.Subscription;
import org.neurolab.recording.stream.SubscriptionOptions;
import org.neurolab.recording.stream.TraceBlock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One subscriber: a bounded queue, a delivery thread, and the tally of what did not fit. */
final class SubscriberQueue implements Subscription, BoundedStreamBus.Backlog {
    private static final Logger LOG = LoggerFactory.getLogger(SubscriberQueue.class);

    private final StreamSubscriber subscriber;
    private final SubscriptionOptions options;
    private final Consumer<SubscriberQueue> onClose;
    private final BlockingQueue<Object> queue;
    private final AtomicLong delivered = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    private final AtomicLong missedBatches = new AtomicLong();
    private final AtomicLong missedSpikes = new AtomicLong();
    private final AtomicLong missedTraces = new AtomicLong();
    private Thread thread;
    private volatile boolean closed;

    // missed since the last report, under this
    private long pBatches, pSpikes, pStims, pTraces, pFrom = Long.MAX_VALUE, pTo = Long.MIN_VALUE;

    SubscriberQueue(StreamSubscriber subscriber, SubscriptionOptions options, Consumer<SubscriberQueue> onClose) {
        this.subscriber = subscriber;
        this.options = options;
        this.onClose = onClose;
        this.queue = new ArrayBlockingQueue<>(options.bufferBatches());
    }

    void start() {
        thread = Thread.ofPlatform().daemon().name("stream-" + options.name()).start(this::deliver);
    }

    SubscriptionOptions options() {
        return options;
    }

    boolean wants(String meaId) {
        return options.meaIds().isEmpty() || options.meaIds().contains(meaId);
    }

    /** Never blocks: a full queue counts the batch as missed. */
    void offer(Object batch, int spikes, int stims, long timeMicros) {
        if (closed) return;
        inFlight.incrementAndGet();
        if (queue.offer(batch)) return;
        inFlight.decrementAndGet();
        missedBatches.incrementAndGet();
        missedSpikes.addAndGet(spikes);
        if (batch instanceof TraceBlock) missedTraces.incrementAndGet();
        synchronized (this) {
            pBatches++;
            pSpikes += spikes;
            pStims += stims;
            if (batch instanceof TraceBlock) pTraces++;
            pFrom = Math.min(pFrom, timeMicros);
            pTo = Math.max(pTo, timeMicros);
        }
    }

    private void deliver() {
        while (!closed) {
            Object item;
            try {
                item = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            MissedReport report = takeReport();
            try {
                if (report != null) subscriber.onMissed(report);
                switch (item) {
                    case SpikeEvents s -> subscriber.onSpikes(s);
                    case StimulationEvents s -> subscriber.onStimulations(s);
                    case TraceBlock t -> subscriber.onTrace(t);
                    default -> throw new IllegalStateException("unknown stream item " + item);
                }
                delivered.incrementAndGet();
            } catch (RuntimeException e) {
                LOG.warn("Stream subscriber {} failed; it stays subscribed", options.name(), e);
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    private synchronized MissedReport takeReport() {
        if (pBatches == 0) return null;
        MissedReport r = new MissedReport(pBatches, pSpikes, pStims, pTraces, pFrom, pTo);
        pBatches = pSpikes = pStims = pTraces = 0;
        pFrom = Long.MAX_VALUE;
        pTo = Long.MIN_VALUE;
        return r;
    }

    /** Batches waiting in the buffer (the one being delivered included). */
    @Override
    public int backlog() {
        return inFlight.get();
    }

    @Override
    public long deliveredBatches() {
        return delivered.get();
    }

    @Override
    public long missedBatches() {
        return missedBatches.get();
    }

    @Override
    public long missedSpikes() {
        return missedSpikes.get();
    }

    @Override
    public long missedTraceBlocks() {
        return missedTraces.get();
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        onClose.accept(this);
        if (thread != null) thread.interrupt();
    }
}
