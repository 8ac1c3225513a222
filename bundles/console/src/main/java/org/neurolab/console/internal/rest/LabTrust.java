package org.neurolab.console.internal.rest;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * The lab's trust store for bundle signers, as the launcher offers it: a JDK-typed service registered by the framework
 * itself (bundle 0) with {@code neurolab.trust=signers} (one registered by any other bundle is not the lab's and is not
 * used). Without it the console installs nothing and manages nothing: 503.
 */
final class LabTrust {
    private final LabServices lab;

    LabTrust(LabServices lab) {
        this.lab = lab;
    }

    List<Map<String, Object>> list() {
        return call(List.of("list"));
    }

    Map<String, Object> add(String pem, String alias, String who) {
        return call(List.of("add", alias == null ? "" : alias, pem, who)).get(0);
    }

    Map<String, Object> remove(String alias, String who) {
        return call(List.of("remove", alias, who)).get(0);
    }

    /** {accepted, outcome, reason, signer, alias, devMode} for a jar. */
    Map<String, Object> verify(Path jar) {
        return call(List.of("verify", jar.toAbsolutePath().toString())).get(0);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> call(List<String> request) {
        BundleContext context = lab.context();
        ServiceReference<?>[] refs;
        try {
            refs = context.getServiceReferences(Function.class.getName(), "(neurolab.trust=signers)");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (refs != null) {
            for (ServiceReference<?> r : refs) {
                if (r.getBundle() == null || r.getBundle().getBundleId() != 0) continue; // only the framework's own
                Function<List<String>, List<Map<String, Object>>> f = (Function<List<String>, List<Map<String, Object>>>) context.getService(r);
                if (f == null) continue;
                try {
                    return f.apply(request);
                } catch (IllegalArgumentException e) {
                    throw ApiException.badRequest(e.getMessage());
                } catch (NoSuchElementException e) {
                    throw ApiException.notFound(e.getMessage());
                } catch (IllegalStateException e) {
                    throw new ApiException(409, e.getMessage());
                } finally {
                    context.ungetService(r);
                }
            }
        }
        throw new ApiException(503, "the lab's trust store is not available (the console runs outside the NeuroLab launcher?): nothing is installed");
    }

    boolean devMode() {
        return Boolean.parseBoolean(lab.context().getProperty("neurolab.dev.mode"));
    }
}
