package org.neurolab.api.lab;

import java.util.regex.Pattern;

/** The one rule for ids in the lab model: short, printable, safe in paths, URLs and logs. */
public final class Ids {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}");

    private Ids() {
    }

    /** Returns {@code id} or throws an error that names {@code what} and the rule. */
    public static String require(String id, String what) {
        if (id == null || !ID.matcher(id).matches())
            throw new IllegalArgumentException(what + " must be 1-64 characters of letters, digits and . _ : / - (starting with a letter or digit), was "
                    + (id == null ? "null" : "'" + id + "'"));
        if (id.contains(".."))
            throw new IllegalArgumentException(what + " must not contain '..', was '" + id + "'");
        return id;
    }
}
