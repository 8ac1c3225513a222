package org.neurolab.console.internal.rest;

import org.neurolab.console.internal.auth.Accounts;

/** The one place the API's resources are listed. A new resource is a small class added here. */
public final class ConsoleRoutes {
    private final RouteTable table = new RouteTable();
    private final LiveResource live;
    private final RemoteSessionResource remote;

    public ConsoleRoutes(LabServices lab, Accounts accounts) {
        new SessionResource(accounts).register(table);
        new UserResource(accounts).register(table);
        new LabResource(lab).register(table);
        new BundleResource(lab, accounts).register(table);
        new TrustResource(new LabTrust(lab), accounts).register(table);
        new ExperimentResource(lab).register(table);
        RecordingResource recordings = new RecordingResource(lab);
        recordings.register(table);
        new SnippetResource(lab, recordings).register(table);
        new EthicsResource(lab).register(table);
        new DosingResource(lab).register(table);
        new SchedulingResource(lab).register(table);
        new HealthResource(lab).register(table);
        live = new LiveResource(lab);
        live.register(table);
        remote = new RemoteSessionResource(lab);
        remote.register(table);
        new OpenApiResource(table).register(table);
    }

    public RouteTable table() {
        return table;
    }

    /** Ends open streams; called when the console stops. */
    public void close() {
        live.close();
        remote.close();
    }
}
