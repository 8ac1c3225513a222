package org.neurolab.runtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.osgi.framework.Bundle;

/**
 * Which bundles are the lab's own: the framework and the bundles the launcher installed from the distribution, as they
 * were installed (an update or a reinstall, whoever asks for it, makes a bundle a stranger). Control counts a required
 * guard or journal only when its bundle passes; a stand-in of the same name from any other bundle is ignored. Registered
 * by the framework itself (bundle 0), which is how control tells it from a forgery.
 */
final class DistributionTrust implements Predicate<Bundle> {
    /** Service property marking the lab's trust service. */
    static final String PROPERTY = "neurolab.trust";

    private final Map<Long, Long> installedAt = new ConcurrentHashMap<>();

    void installed(Bundle b) {
        installedAt.put(b.getBundleId(), b.getLastModified());
    }

    @Override
    public boolean test(Bundle b) {
        if (b == null || b.getState() == Bundle.UNINSTALLED) return false;
        if (b.getBundleId() == 0) return true;
        Long at = installedAt.get(b.getBundleId());
        return at != null && at == b.getLastModified();
    }
}
