package org.neurolab.recording.stream;

import org.osgi.annotation.versioning.ProviderType;

/** The lab's signal stream. Publishing never blocks. */
@ProviderType
public interface StreamBus {
    Subscription subscribe(StreamSubscriber subscriber, SubscriptionOptions options);
}
