package org.neurolab.ethics.internal.audit;

import java.util.List;

/** The log's canonical JSON: fixed field order, no whitespace, one line; written by hand so the verifier needs no library. */
final class Json {
    private final StringBuilder out = new StringBuilder(256).append('{');
    private boolean first = true;

    Json field(String name, String value) {
        key(name);
        quote(value);
        return this;
    }

    Json field(String name, long value) {
        key(name);
        out.append(value);
        return this;
    }

    Json field(String name, List<String> values) {
        key(name);
        out.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) out.append(',');
            quote(values.get(i));
        }
        out.append(']');
        return this;
    }

    String end() {
        return out.append('}').toString();
    }

    private void key(String name) {
        if (!first) out.append(',');
        first = false;
        quote(name);
        out.append(':');
    }

    private void quote(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        out.append('"');
    }
}
