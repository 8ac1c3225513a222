package org.neurolab.itest.probe;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.function.Function;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * What every probe bundle shares: it registers itself as a {@code Function<String,Object>} service with the
 * property {@code probe=<name>}, answers requests (words separated by spaces) with plain Java values, and
 * turns failures into an {@code "error: ..."} answer. Packed into every probe jar by {@code Probes.jar}.
 */
public abstract class ProbeBase implements BundleActivator, Function<String, Object> {
    protected BundleContext context;

    /** The value of the probe's {@code probe} service property. */
    protected abstract String name();

    /** Answers one request; {@code words[0]} is the request's name. */
    protected abstract Object answer(String[] words) throws Exception;

    /** Called after the context is set, before the probe is registered. */
    protected void started() throws Exception {
    }

    protected void stopped() {
    }

    @Override
    public final void start(BundleContext context) throws Exception {
        this.context = context;
        started();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("probe", name());
        context.registerService(Function.class, this, props);
    }

    @Override
    public final void stop(BundleContext context) {
        stopped();
    }

    @Override
    public final synchronized Object apply(String request) {
        try {
            return answer(request.split(" "));
        } catch (Exception e) {
            return "error: " + e;
        }
    }

    protected <T> T service(Class<T> type) {
        ServiceReference<T> ref = context.getServiceReference(type);
        if (ref == null) throw new IllegalStateException("no " + type.getSimpleName() + " service");
        return context.getService(ref);
    }
}
