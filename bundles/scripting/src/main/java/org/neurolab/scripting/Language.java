package org.neurolab.scripting;

import java.util.Locale;

/** The languages experiments are written in, with their GraalVM language ids. */
public enum Language {
    PYTHON("python", ".py"),
    JAVASCRIPT("js", ".js");

    private final String polyglotId;
    private final String extension;

    Language(String polyglotId, String extension) {
        this.polyglotId = polyglotId;
        this.extension = extension;
    }

    public String polyglotId() {
        return polyglotId;
    }

    public String extension() {
        return extension;
    }

    /** By file name: {@code .py} or {@code .js}. */
    public static Language ofFileName(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        for (Language l : values()) if (lower.endsWith(l.extension)) return l;
        throw new IllegalArgumentException("'" + fileName + "' is neither a Python (.py) nor a JavaScript (.js) script");
    }
}
