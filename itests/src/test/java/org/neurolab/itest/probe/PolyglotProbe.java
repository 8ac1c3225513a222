package org.neurolab.itest.probe;

import java.io.ByteArrayOutputStream;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;

/** A bundle that imports org.graalvm.polyglot from the system bundle and evaluates JS and Python with one shared engine. */
public final class PolyglotProbe extends ProbeBase {
    private Engine engine;

    @Override
    protected String name() {
        return "polyglot";
    }

    @Override
    protected void started() {
        engine = Engine.newBuilder().out(new ByteArrayOutputStream()).err(new ByteArrayOutputStream()).build();
    }

    @Override
    protected void stopped() {
        engine.close();
    }

    /** "engine" → the Truffle runtime's name ("Interpreted" when runtime compilation is off); "js:..." / "python:..." → the value as a string. */
    @Override
    protected Object answer(String[] words) {
        String request = String.join(" ", words);
        if (request.equals("engine")) return engine.getImplementationName();
        int colon = request.indexOf(':');
        String language = request.substring(0, colon);
        try (Context ctx = Context.newBuilder(language).engine(engine).build()) {
            return ctx.eval(language, request.substring(colon + 1)).toString();
        }
    }
}
