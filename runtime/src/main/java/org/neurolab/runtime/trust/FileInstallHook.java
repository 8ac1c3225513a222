package org.neurolab.runtime.trust;

import java.io.File;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Dictionary;
import java.util.Hashtable;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

/**
 * Puts the {@link DeployGate} in front of FileInstall's own bundle handling through FileInstall's extension point: an
 * {@code org.apache.felix.fileinstall.ArtifactTransformer} service. FileInstall asks its listeners, highest service
 * ranking first and its built-in bundle transformer last, which one handles a file; the one that does stays that file's
 * listener for its updates too, so every version of every jar passes the gate. A transformer that returns no file makes
 * FileInstall install nothing.
 * <p>
 * The launcher lives outside the framework and cannot link against FileInstall's interface, so the service is a JDK
 * proxy of the interface as FileInstall's own class loader has it. It is registered by the framework itself before
 * FileInstall starts (no jar is ever handled without it) and no bundle can unregister it.
 */
public final class FileInstallHook {
    static final String TRANSFORMER = "org.apache.felix.fileinstall.ArtifactTransformer";

    private FileInstallHook() {
    }

    public static ServiceRegistration<?> register(BundleContext system, Bundle fileInstall, DeployGate gate) throws ClassNotFoundException {
        Class<?> api = fileInstall.loadClass(TRANSFORMER);
        InvocationHandler handler = (proxy, method, args) -> dispatch(gate, proxy, method, args);
        Object transformer = Proxy.newProxyInstance(api.getClassLoader(), new Class<?>[] {api}, handler);
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Constants.SERVICE_RANKING, Integer.MAX_VALUE);
        props.put(Constants.SERVICE_DESCRIPTION, "NeuroLab: bundles from deploy/ only when signed by a key in the lab's trust store");
        return system.registerService(TRANSFORMER, transformer, props);
    }

    /** An exception from the gate reaches FileInstall, which logs it and installs nothing: the gate fails closed. */
    private static Object dispatch(DeployGate gate, Object proxy, Method method, Object[] args) throws Exception {
        return switch (method.getName()) {
            case "canHandle" -> gate.canHandle((File) args[0]);
            case "transform" -> gate.transform((File) args[0], (File) args[1]);
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            case "toString" -> "NeuroLab deploy gate (signed bundles only" + (gate.devMode() ? "; DEVELOPMENT MODE: unsigned accepted" : "") + ")";
            default -> throw new UnsupportedOperationException(method.toString());
        };
    }
}
