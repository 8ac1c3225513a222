package org.neurolab.console.internal;

import jakarta.servlet.Servlet;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import org.neurolab.api.clock.LabClock;
import org.neurolab.api.control.LabControl;
import org.neurolab.api.lab.CultureRegistry;
import org.neurolab.console.internal.auth.Accounts;
import org.neurolab.console.internal.rest.ApiServlet;
import org.neurolab.console.internal.rest.ConsoleRoutes;
import org.neurolab.console.internal.rest.LabServices;
import org.neurolab.console.internal.ui.UiServlet;
import org.neurolab.ethics.EthicsOffice;
import org.neurolab.recording.RecordingService;
import org.neurolab.scripting.ExperimentRunner;
import org.neurolab.scripting.ScriptLibrary;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The console on the HTTP whiteboard: the REST API under {@code /api/*} and the web UI under {@code /ui/*} (with
 * {@code /} leading there). The lab's services are optional and dynamic: the console stays up while bundles come
 * and go, and an endpoint whose service is missing answers 503 saying which.
 */
@Component(immediate = true, service = {})
public final class ConsoleComponent {
    static final String PATTERN = "osgi.http.whiteboard.servlet.pattern";
    static final String NAME = "osgi.http.whiteboard.servlet.name";

    // optional and dynamic, all of them: the console stays up to say what is missing while any lab bundle comes and goes
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile LabControl control;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile CultureRegistry cultures;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ExperimentRunner runner;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ScriptLibrary scripts;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile RecordingService recordings;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EthicsOffice ethics;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile LabClock clock;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile org.neurolab.dosing.Dosing dosing;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile org.neurolab.scheduling.Scheduler scheduler;

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private ConsoleRoutes routes;

    @Activate
    public ConsoleComponent(BundleContext context, @Reference Accounts accounts) {
        LabServices lab = new LabServices(context, () -> control, () -> cultures, () -> runner, () -> scripts, () -> recordings, () -> ethics, () -> clock, () -> dosing,
                () -> scheduler);
        routes = new ConsoleRoutes(lab, accounts);
        register(context, new ApiServlet(routes.table(), accounts), "neurolab-api", "/api/*");
        register(context, new UiServlet(), "neurolab-ui", "/ui/*", "/");
    }

    private void register(BundleContext context, Servlet servlet, String name, String... patterns) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(PATTERN, patterns);
        props.put(NAME, name);
        registrations.add(context.registerService(Servlet.class, servlet, props));
    }

    @Deactivate
    void deactivate() {
        routes.close();
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping and took it already
            }
        }
        registrations.clear();
    }
}
