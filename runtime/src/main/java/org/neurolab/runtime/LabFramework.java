package org.neurolab.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.neurolab.runtime.trust.BundleSignatureVerifier;
import org.neurolab.runtime.trust.DeployGate;
import org.neurolab.runtime.trust.FileInstallHook;
import org.neurolab.runtime.trust.TrustAdmin;
import org.neurolab.runtime.trust.TrustLog;
import org.neurolab.runtime.trust.TrustedSigners;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.hooks.service.EventListenerHook;
import org.osgi.framework.hooks.service.FindHook;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;

/**
 * The embedded Felix framework with the lab's bundles. Platform bundles start at level 1, the lab's at
 * level 2, bundles hot-installed from {@code deploy/} at level 3. The cache is rebuilt at every start, so
 * the lab always runs exactly the distribution plus what is in {@code deploy/}; configuration lives
 * outside the cache and survives.
 */
public final class LabFramework implements AutoCloseable {
    static final int PLATFORM_LEVEL = 1;
    static final int LAB_LEVEL = 2;
    static final int DEPLOY_LEVEL = 3;

    /**
     * Within a level, bundles start in install order. The ServiceLoader mediator and the logging backend go
     * first, so that every bundle after them finds its logger instead of SLF4J's silent fallback.
     */
    private static final Comparator<Path> STARTS_FIRST = Comparator.comparingInt(p -> {
        String name = p.getFileName().toString();
        if (name.startsWith("asm")) return 0;
        if (name.contains("spifly")) return 1;
        if (name.startsWith("slf4j-api")) return 2;
        if (name.startsWith("slf4j-simple")) return 3;
        return 4;
    });

    private final LabHome home;
    private final LabSettings settings;
    private volatile Framework framework; // read by the shutdown hook, which may run while start() is still going
    private volatile DeployGate gate;
    private volatile TrustAdmin trustAdmin;

    public LabFramework(LabHome home, LabSettings settings) {
        this.home = home;
        this.settings = settings;
    }

    /** Starts the framework and every bundle; returns once all start levels are reached. */
    public LabFramework start() throws BundleException, InterruptedException {
        home.prepare();
        Map<String, String> props = frameworkProperties();
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class, getClass().getClassLoader()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path (expected Felix in boot/)"));
        framework = factory.newFramework(props);
        framework.init();
        BundleContext system = framework.getBundleContext();
        DriverVisibilityHook hook = new DriverVisibilityHook(settings.driverConsumers(), home.labBundles());
        system.registerService(new String[] {FindHook.class.getName(), EventListenerHook.class.getName()}, hook, null);

        List<Bundle> toStart = new ArrayList<>();
        List<Bundle> platform = install(system, home.platformBundles(), PLATFORM_LEVEL);
        toStart.addAll(platform);
        guardDeployFolder(system, platform);
        toStart.addAll(install(system, home.labBundles(), LAB_LEVEL));
        DistributionTrust trust = new DistributionTrust();
        for (Bundle b : system.getBundles()) trust.installed(b); // only the distribution's are installed so far
        Dictionary<String, Object> trustProps = new Hashtable<>();
        trustProps.put(DistributionTrust.PROPERTY, "distribution");
        system.registerService(java.util.function.Predicate.class, trust, trustProps);
        for (Bundle b : toStart) b.start(); // persistent start: it happens when its level is reached

        framework.start();
        FrameworkStartLevel fsl = framework.adapt(FrameworkStartLevel.class);
        var reached = new java.util.concurrent.CountDownLatch(1);
        fsl.setStartLevel(DEPLOY_LEVEL, event -> {
            if (event.getType() == FrameworkEvent.STARTLEVEL_CHANGED) reached.countDown();
        });
        reached.await();
        return this;
    }

    /**
     * Signed bundles only from deploy/: the gate goes in front of FileInstall before FileInstall starts, registered by the
     * framework itself; the trust store's management is offered to the console as a JDK-typed service. Without
     * FileInstall's interface the lab does not start: it would otherwise install whatever lands in deploy/.
     */
    private void guardDeployFolder(BundleContext system, List<Bundle> platform) throws BundleException {
        TrustedSigners signers = TrustedSigners.of(home.data());
        // FileInstall's location for a deploy/ jar is its file URI, as java.io.File writes it
        gate = new DeployGate(new BundleSignatureVerifier(signers), settings.devMode(), TrustLog::warn,
                p -> system.getBundle(p.toFile().toURI().normalize().toString()) != null);
        Bundle fileInstall = platform.stream().filter(b -> "org.apache.felix.fileinstall".equals(b.getSymbolicName())).findFirst()
                .orElseThrow(() -> new BundleException("FileInstall is not in the distribution's platform bundles"));
        try {
            FileInstallHook.register(system, fileInstall, gate);
        } catch (ClassNotFoundException e) {
            throw new BundleException("cannot put the signature check in front of FileInstall: " + e.getMessage(), e);
        }
        trustAdmin = new TrustAdmin(signers, gate, system);
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(TrustAdmin.SERVICE_PROPERTY, TrustAdmin.SERVICE_VALUE);
        system.registerService(java.util.function.Function.class, trustAdmin, props);
        if (settings.devMode())
            TrustLog.warn("DEVELOPMENT MODE: unsigned bundles from deploy/ are accepted (started with --dev-mode or NEUROLAB_DEV_MODE=1); never run a lab with living cultures like this");
        else
            TrustLog.info("Bundles from deploy/ are installed only when signed by a key in " + signers.folder() + " (" + signers.list().size() + " trusted)");
    }

    /** The signature check in front of deploy/. */
    public DeployGate deployGate() {
        return gate;
    }

    public TrustAdmin trustAdmin() {
        return trustAdmin;
    }

    /** The bundle listing with the deploy folder's refused files and their reasons. */
    public BundleReport.Report bundleReport() {
        return BundleReport.of(systemContext(), home.deploy(), gate::refusalOf);
    }

    public BundleContext systemContext() {
        return framework.getBundleContext();
    }

    public Framework framework() {
        return framework;
    }

    public LabHome home() {
        return home;
    }

    public LabSettings settings() {
        return settings;
    }

    /** Blocks until the framework has stopped (Ctrl-C, or a stop from the console). */
    public void awaitStop() throws InterruptedException {
        framework.waitForStop(0);
    }

    /** Stops every bundle in reverse start-level order; each cleans up (drivers go to their safe state). */
    @Override
    public void close() throws BundleException, InterruptedException {
        if (framework == null) return;
        framework.stop();
        FrameworkEvent e = framework.waitForStop(30_000);
        if (e.getType() == FrameworkEvent.WAIT_TIMEDOUT) throw new IllegalStateException("framework did not stop within 30 s");
    }

    Map<String, String> frameworkProperties() {
        Map<String, String> p = new HashMap<>();
        p.put(Constants.FRAMEWORK_STORAGE, home.frameworkCache().toString());
        p.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        p.put(Constants.FRAMEWORK_BEGINNING_STARTLEVEL, Integer.toString(PLATFORM_LEVEL));
        p.put("felix.log.level", "1");
        String polyglot = PolyglotExports.systemPackagesExtra();
        // the simulator's engine uses the Vector API when the JVM resolved it (jvm.args adds the module)
        String vector = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() ? "jdk.incubator.vector" : "";
        String extra = String.join(",", java.util.stream.Stream.of(polyglot, vector).filter(x -> !x.isEmpty()).toList());
        if (!extra.isEmpty()) p.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, extra);

        // hot install: deploy/ takes bundle jars and .cfg configuration files
        p.put("felix.fileinstall.dir", home.deploy().toString());
        p.put("felix.fileinstall.poll", "250");
        p.put("felix.fileinstall.noInitialDelay", "true");
        p.put("felix.fileinstall.start.level", Integer.toString(DEPLOY_LEVEL));
        p.put("felix.fileinstall.bundles.new.start", "true");
        p.put("felix.fileinstall.log.level", "3");
        p.put("felix.fileinstall.tmpdir", home.data().resolve("fileinstall-tmp").toString());
        p.put("felix.cm.dir", home.configStore().toString());

        // console: localhost by default; the Web Console waits for the lab's own security provider
        p.put("org.osgi.service.http.port", Integer.toString(settings.httpPort()));
        p.put("org.apache.felix.http.host", settings.httpHost());
        p.put("felix.webconsole.security.providers", "neurolab");
        p.put("neurolab.data.dir", home.data().toString());
        p.put("neurolab.deploy.dir", home.deploy().toString());
        p.put("neurolab.scripts.dir", home.scripts().toString());
        p.put("neurolab.dev.mode", Boolean.toString(settings.devMode())); // the console's banner and health
        p.put("neurolab.policies.dir", home.distribution().resolve("policies").toString()); // the ethics policies in force
        p.putAll(settings.extraProperties());
        return p;
    }

    private static List<Bundle> install(BundleContext system, Path folder, int level) throws BundleException {
        List<Path> jars;
        try (Stream<Path> s = Files.list(folder)) {
            jars = s.filter(f -> f.toString().endsWith(".jar")).sorted(STARTS_FIRST.thenComparing(Comparator.naturalOrder())).toList();
        } catch (IOException e) {
            throw new BundleException("cannot list bundles in " + folder + ": " + e.getMessage(), e);
        }
        List<Bundle> startable = new ArrayList<>();
        for (Path jar : jars) {
            Bundle b;
            try (InputStream in = Files.newInputStream(jar)) {
                b = system.installBundle(jar.toUri().toString(), in);
            } catch (IOException e) {
                throw new BundleException("cannot read " + jar + ": " + e.getMessage(), e);
            }
            b.adapt(BundleStartLevel.class).setStartLevel(level);
            if (!isFragment(jar)) startable.add(b);
        }
        return startable;
    }

    private static boolean isFragment(Path jar) {
        try (JarFile f = new JarFile(jar.toFile())) {
            return f.getManifest() != null && f.getManifest().getMainAttributes().getValue(Constants.FRAGMENT_HOST) != null;
        } catch (IOException e) {
            return false;
        }
    }
}
