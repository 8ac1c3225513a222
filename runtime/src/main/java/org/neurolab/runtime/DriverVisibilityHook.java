package org.neurolab.runtime;

import java.net.URI;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.hooks.service.EventListenerHook;
import org.osgi.framework.hooks.service.FindHook;
import org.osgi.framework.hooks.service.ListenerHook.ListenerInfo;

/**
 * Hides raw device drivers from every bundle but the trusted consumers (the control bundle), so that
 * nothing reaches a culture except through the guards.
 *
 * <p>Registered by the launcher on the system bundle, before any bundle starts: a hook owned by a bundle
 * would vanish when that bundle is stopped or updated, and drivers would be exposed in that window.
 * A consumer is trusted only if both its symbolic name is listed and it was installed from the
 * distribution's own bundle folder, so a jar dropped into {@code deploy/} cannot claim the name.
 */
final class DriverVisibilityHook implements FindHook, EventListenerHook {
    static final String DRIVER_PACKAGE_PREFIX = "org.neurolab.api.driver.";

    private final Set<String> trustedSymbolicNames;
    private final Path trustedFolder;

    DriverVisibilityHook(Set<String> trustedSymbolicNames, Path trustedFolder) {
        this.trustedSymbolicNames = Set.copyOf(trustedSymbolicNames);
        this.trustedFolder = trustedFolder.toAbsolutePath().normalize();
    }

    @Override
    public void find(BundleContext context, String name, String filter, boolean allServices, Collection<ServiceReference<?>> references) {
        Bundle asking = context.getBundle();
        if (isTrusted(asking)) return;
        references.removeIf(ref -> isDriver(ref) && ref.getBundle() != asking);
    }

    @Override
    public void event(ServiceEvent event, Map<BundleContext, Collection<ListenerInfo>> listeners) {
        ServiceReference<?> ref = event.getServiceReference();
        if (!isDriver(ref)) return;
        for (Iterator<BundleContext> it = listeners.keySet().iterator(); it.hasNext(); ) {
            Bundle listening = it.next().getBundle();
            if (!isTrusted(listening) && listening != ref.getBundle()) it.remove();
        }
    }

    static boolean isDriver(ServiceReference<?> ref) {
        if (ref == null) return false;
        Object classes = ref.getProperty(Constants.OBJECTCLASS);
        if (classes instanceof String[] names)
            for (String n : names) if (n.startsWith(DRIVER_PACKAGE_PREFIX)) return true;
        return false;
    }

    boolean isTrusted(Bundle bundle) {
        if (bundle == null) return false;
        if (bundle.getBundleId() == 0) return true; // the framework itself and the launcher
        if (!trustedSymbolicNames.contains(bundle.getSymbolicName())) return false;
        return installedFromTrustedFolder(bundle.getLocation());
    }

    private boolean installedFromTrustedFolder(String location) {
        try {
            Path p = Path.of(URI.create(location)).toAbsolutePath().normalize();
            return p.startsWith(trustedFolder);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
