package org.neurolab.recording.internal.bus;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.neurolab.api.signal.RawSampleBlock;
import org.neurolab.recording.stream.SpikeEvents;
import org.neurolab.recording.stream.StimulationEvents;
import org.neurolab.recording.stream.StreamBus;
import org.neurolab.recording.stream.StreamSubscriber;
import org.neurolab.recording.stream.Subscription;
import org.neurolab.recording.stream.SubscriptionOptions;
import org.neurolab.recording.stream.TraceBlock;

/**
 * The stream bus: publishing offers each batch to every subscriber's bounded queue and returns at once; each
 * subscriber is called on its own thread. Publishers must not modify a batch after publishing it.
 */
public final class BoundedStreamBus implements StreamBus, AutoCloseable {
    /** What a subscription still holds undelivered. */
    public interface Backlog {
        int backlog();
    }

    private final List<SubscriberQueue> subscribers = new CopyOnWriteArrayList<>();

    @Override
    public Subscription subscribe(StreamSubscriber subscriber, SubscriptionOptions options) {
        SubscriberQueue q = new SubscriberQueue(subscriber, options, subscribers::remove);
        subscribers.add(q);
        q.start();
        return q;
    }

    public void publishSpikes(SpikeEvents spikes) {
        if (spikes.count() == 0) return;
        for (SubscriberQueue q : subscribers) if (q.wants(spikes.meaId())) q.offer(spikes, spikes.count(), 0, spikes.count() > 0 ? spikes.timesMicros()[0] : 0);
    }

    public void publishStimulations(StimulationEvents stims) {
        if (stims.count() == 0) return;
        for (SubscriberQueue q : subscribers) if (q.wants(stims.meaId())) q.offer(stims, 0, stims.count(), stims.timesMicros()[0]);
    }

    /** Raw blocks go only to subscribers that asked for traces, downsampled to their rate. */
    public void publishRaw(RawSampleBlock block) {
        TraceBlock last = null;
        for (SubscriberQueue q : subscribers) {
            SubscriptionOptions o = q.options();
            if (!o.traces() || !q.wants(block.meaId())) continue;
            if (last == null || last.sampleRateHz() != Math.min(o.traceRateHz(), block.sampleRateHz())) last = Downsample.of(block, o.traceRateHz());
            q.offer(last, 0, 0, block.startMicros());
        }
    }

    public boolean hasTraceSubscribers() {
        for (SubscriberQueue q : subscribers) if (q.options().traces()) return true;
        return false;
    }

    public List<? extends Subscription> subscriptions() {
        return List.copyOf(subscribers);
    }

    @Override
    public void close() {
        for (SubscriberQueue q : subscribers) q.close();
    }
}
