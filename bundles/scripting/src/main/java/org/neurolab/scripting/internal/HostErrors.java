package org.neurolab.scripting.internal;

import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyArray;
import org.neurolab.api.control.CommandRefusedException;

/**
 * Tells a script's prelude what a failed lab call was, so it raises an error of the script's own language that the
 * script can catch and read: GraalPy hands a host exception to Python as a {@code polyglot.ForeignException}, which
 * {@code except Exception} does not catch, and whose Java fields a sandboxed script cannot read.
 */
public final class HostErrors {
    /** [kind, message, refused by, policy ids] (kind: refused, value, permission or lab); null for an error of the script's own. */
    @HostAccess.Export
    public ProxyArray explain(Value error) {
        Throwable t = error != null && error.isHostObject() && error.asHostObject() instanceof Throwable h ? h : null;
        if (t == null) return null;
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return switch (t) {
            case CommandRefusedException r -> ProxyArray.fromArray("refused", message, r.refusedBy(), ProxyArray.fromArray(r.policyIds().toArray()));
            case IllegalArgumentException i -> ProxyArray.fromArray("value", message, "", ProxyArray.fromArray());
            case SecurityException s -> ProxyArray.fromArray("permission", message, "", ProxyArray.fromArray());
            default -> ProxyArray.fromArray("lab", message, "", ProxyArray.fromArray());
        };
    }
}
