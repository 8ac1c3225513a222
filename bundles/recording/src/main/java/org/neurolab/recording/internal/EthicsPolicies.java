package org.neurolab.recording.internal;

import org.neurolab.ethics.EthicsOffice;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * The only class that touches the ethics API. The recording bundle imports {@code org.neurolab.ethics}
 * optionally: without the ethics bundle this class is never reached (no service is bound), and the component's
 * own class never names the type, so it loads either way.
 */
final class EthicsPolicies {
    private EthicsPolicies() {
    }

    /** The policy-set hash of the ethics office behind {@code ref}, or empty when it cannot be had now. */
    static String hash(BundleContext context, ServiceReference<?> ref) {
        try {
            Object service = context.getService(ref);
            if (service == null) return "";
            try {
                String h = ((EthicsOffice) service).policySetHash();
                return h == null ? "" : h;
            } finally {
                context.ungetService(ref);
            }
        } catch (RuntimeException | LinkageError e) {
            return "";
        }
    }
}
