package org.neurolab.itest.probe;

import java.io.ByteArrayOutputStream;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.function.Function;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** A bundle that imports org.graalvm.polyglot from the system bundle and evaluates JS and Python with one shared engine. */
public final class PolyglotProbe implements BundleActivator, Function<String, Object> {
    private Engine engine;

    @Override
    public void start(BundleContext context) {
        engine = Engine.newBuilder().out(new ByteArrayOutputStream()).err(new ByteArrayOutputStream()).build();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("probe", "polyglot");
        context.registerService(Function.class, this, props);
    }

    @Override
    public void stop(BundleContext context) {
        engine.close();
    }

    /** "engine" → the Truffle runtime's name ("Interpreted" when runtime compilation is off); "js:..." / "python:..." → the value as a string. */
    @Override
    public Object apply(String request) {
        if (request.equals("engine")) return engine.getImplementationName();
        int colon = request.indexOf(':');
        String language = request.substring(0, colon);
        try (Context ctx = Context.newBuilder(language).engine(engine).build()) {
            return ctx.eval(language, request.substring(colon + 1)).toString();
        }
    }
}
