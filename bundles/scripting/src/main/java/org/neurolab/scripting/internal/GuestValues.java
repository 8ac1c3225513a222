package org.neurolab.scripting.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.Value;

/** Reading what a script passes in (JS objects and Python dicts alike) and turning results into plain JSON-able values. */
final class GuestValues {
    static final int MAX_DEPTH = 16;
    static final int MAX_ELEMENTS = 1_000_000;

    private GuestValues() {
    }

    /** An option from a JS object or a Python dict, or null when absent (or None/undefined). */
    static Value option(Value options, String key) {
        if (options == null || options.isNull()) return null;
        Value v = null;
        if (options.hasHashEntries()) {
            if (options.hasHashEntry(key)) v = options.getHashValue(key);
        } else if (options.hasMembers() && options.hasMember(key)) {
            v = options.getMember(key);
        }
        return v == null || v.isNull() ? null : v;
    }

    static double number(Value options, String key, double fallback) {
        return numberOf(option(options, key), key, fallback);
    }

    static long whole(Value options, String key, long fallback) {
        return wholeOf(option(options, key), key, fallback);
    }

    static String text(Value options, String key, String fallback) {
        return textOf(option(options, key), key, fallback);
    }

    static boolean flag(Value options, String key) {
        return flagOf(option(options, key));
    }

    // the same checks on a value passed on its own (null, None and undefined: absent), named {@code key} in messages

    static double numberOf(Value v, String key, double fallback) {
        if (v == null || v.isNull()) return fallback;
        if (!v.isNumber()) throw new IllegalArgumentException(key + " must be a number, was " + v);
        return v.asDouble();
    }

    static long wholeOf(Value v, String key, long fallback) {
        double d = numberOf(v, key, fallback);
        if (d != Math.rint(d)) throw new IllegalArgumentException(key + " must be a whole number, was " + d);
        return (long) d;
    }

    static String textOf(Value v, String key, String fallback) {
        if (v == null || v.isNull()) return fallback;
        if (!v.isString()) throw new IllegalArgumentException(key + " must be a string, was " + v);
        return v.asString();
    }

    static boolean flagOf(Value v) {
        return v != null && v.isBoolean() && v.asBoolean();
    }

    static List<Integer> integers(Value array, String what) {
        if (array == null || !array.hasArrayElements()) throw new IllegalArgumentException(what + " must be a list of electrode indices");
        long n = array.getArraySize();
        if (n > 4096) throw new IllegalArgumentException(what + " lists " + n + " electrodes");
        List<Integer> out = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            Value e = array.getArrayElement(i);
            if (!e.fitsInInt()) throw new IllegalArgumentException(what + " must hold whole numbers, found " + e);
            out.add(e.asInt());
        }
        return out;
    }

    /** A result value as plain Java: null, Boolean, Number, String, List, Map — bounded in depth and size. */
    static Object toPlain(Value v) {
        return toPlain(v, Long.MAX_VALUE, null, "result is too large").value();
    }

    /** A plain value and about how many bytes it takes as JSON. */
    record Sized(Object value, long bytes) {
    }

    /**
     * A result value as plain Java, refused with {@code refusal} once it would take more than {@code maxBytes} as JSON (about:
     * texts by their length, numbers as 8 bytes). {@code textLength}, the guest's own length function, measures a text before
     * it is copied out of the guest, so a gigabyte text is refused without being copied; null copies first.
     */
    static Sized toPlain(Value v, long maxBytes, Value textLength, String refusal) {
        long[] used = new long[2]; // [values, bytes]
        Object plain = toPlain(v, 0, used, maxBytes, textLength, refusal);
        return new Sized(plain, used[1]);
    }

    /** A size in words: "512 bytes", "1.0 MB". */
    static String size(long bytes) {
        return bytes < 1024 ? bytes + " bytes" : bytes < 1 << 20 ? String.format(java.util.Locale.ROOT, "%.1f kB", bytes / 1024.0)
                : String.format(java.util.Locale.ROOT, "%.1f MB", bytes / (double) (1 << 20));
    }

    private static void spend(long[] used, long bytes, long maxBytes, String refusal) {
        used[1] += bytes;
        if (used[1] > maxBytes) throw new IllegalArgumentException(refusal);
    }

    private static Object toPlain(Value v, int depth, long[] used, long maxBytes, Value textLength, String refusal) {
        if (++used[0] > MAX_ELEMENTS) throw new IllegalArgumentException("result is larger than " + MAX_ELEMENTS + " values");
        if (depth > MAX_DEPTH) throw new IllegalArgumentException("result is nested deeper than " + MAX_DEPTH + " levels");
        if (v == null || v.isNull()) {
            spend(used, 4, maxBytes, refusal);
            return null;
        }
        if (v.isBoolean()) {
            spend(used, 5, maxBytes, refusal);
            return v.asBoolean();
        }
        if (v.isNumber()) {
            spend(used, 8, maxBytes, refusal);
            return v.fitsInLong() ? (Object) v.asLong() : (Object) v.asDouble();
        }
        if (v.isString()) return text(v, used, maxBytes, textLength, refusal);
        if (v.hasArrayElements()) {
            spend(used, 2, maxBytes, refusal);
            List<Object> list = new ArrayList<>();
            for (long i = 0; i < v.getArraySize(); i++) list.add(toPlain(v.getArrayElement(i), depth + 1, used, maxBytes, textLength, refusal));
            return list;
        }
        spend(used, 2, maxBytes, refusal);
        Map<String, Object> map = new LinkedHashMap<>();
        if (v.hasHashEntries()) {
            Value it = v.getHashEntriesIterator();
            while (it.hasIteratorNextElement()) {
                Value entry = it.getIteratorNextElement();
                Value key = entry.getArrayElement(0);
                String name = key.isString() ? (String) text(key, used, maxBytes, textLength, refusal) : key.toString();
                map.put(name, toPlain(entry.getArrayElement(1), depth + 1, used, maxBytes, textLength, refusal));
            }
            return map;
        }
        if (v.hasMembers()) {
            for (String key : v.getMemberKeys()) {
                Value m = v.getMember(key);
                if (m.canExecute()) continue;
                spend(used, key.length() + 3L, maxBytes, refusal);
                map.put(key, toPlain(m, depth + 1, used, maxBytes, textLength, refusal));
            }
            return map;
        }
        String shown = v.toString();
        spend(used, shown.length() + 2L, maxBytes, refusal);
        return shown;
    }

    private static Object text(Value v, long[] used, long maxBytes, Value textLength, String refusal) {
        if (textLength != null) {
            Value n = textLength.execute(v);
            if (n.fitsInLong()) spend(used, n.asLong() + 2, maxBytes, refusal); // checked before the text leaves the guest
            String s = v.asString();
            if (!n.fitsInLong()) spend(used, s.length() + 2L, maxBytes, refusal);
            return s;
        }
        String s = v.asString();
        spend(used, s.length() + 2L, maxBytes, refusal);
        return s;
    }
}
