package org.neurolab.scripting.internal;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
            case SecurityException s -> ProxyArray.fromArray("permission", inResearchersWords(message), "", ProxyArray.fromArray());
            default -> ProxyArray.fromArray("lab", message, "", ProxyArray.fromArray());
        };
    }

    /** GraalVM's denials, which speak to whoever embeds it ("set Context.Builder..."), in the words of the lab. */
    private static final List<Map.Entry<Pattern, String>> DENIALS = List.of(
            Map.entry(Pattern.compile("(?i)process creation is not allowed|allowCreateProcess"), "scripts may not start processes"),
            Map.entry(Pattern.compile("(?i)creating threads is not allowed|allowCreateThread"), "scripts may not start threads"),
            Map.entry(Pattern.compile("(?i)socket was excluded|allowIO.*socket|network access"), "scripts may not open network connections"),
            Map.entry(Pattern.compile("(?i)host lookup is not allowed|host class access|allowHostClassLookup|allowHostAccess"),
                    "scripts may not reach Java classes (the lab API is the one way to the lab)"),
            Map.entry(Pattern.compile("(?i)native access|allowNativeAccess"), "scripts may not load native code"),
            Map.entry(Pattern.compile("(?i)operation is not allowed for: (.*)|allowIO"), "scripts may not open files"));

    /**
     * A sandbox denial in the researcher's words ("scripts may not start processes"), GraalVM's own words after it for
     * whoever reads the log; any other message unchanged.
     */
    static String inResearchersWords(String message) {
        if (message == null) return "";
        for (Map.Entry<Pattern, String> d : DENIALS) {
            Matcher m = d.getKey().matcher(message);
            if (m.find()) {
                String detail = m.groupCount() > 0 && m.group(1) != null ? " (" + m.group(1).strip() + ")" : "";
                return d.getValue() + detail;
            }
        }
        return message;
    }
}
