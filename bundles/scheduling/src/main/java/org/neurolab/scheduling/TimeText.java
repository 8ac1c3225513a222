package org.neurolab.scheduling;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Times as people type and read them. Input must say its zone or offset: {@code 2026-12-01T10:00Z},
 * {@code 2026-12-01T10:00+01:00} or {@code 2026-12-01T10:00[Europe/Zurich]}; {@code 2026-12-01T10:00} alone is
 * refused, because a lab with researchers in several zones cannot guess which one was meant.
 */
public final class TimeText {
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx '['VV']'");

    private TimeText() {
    }

    public static Instant parse(String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("a time is required, e.g. 2026-12-01T10:00Z or 2026-12-01T10:00+01:00");
        String t = text.trim();
        try {
            return ZonedDateTime.parse(t, DateTimeFormatter.ISO_ZONED_DATE_TIME).toInstant();
        } catch (DateTimeParseException zoned) {
            try {
                return OffsetDateTime.parse(t).toInstant();
            } catch (DateTimeParseException offset) {
                try {
                    java.time.LocalDateTime.parse(t);
                    throw new IllegalArgumentException("'" + t + "' has no time zone: add Z (UTC), an offset such as +01:00, or a zone such as [Europe/Zurich]");
                } catch (DateTimeParseException local) {
                    throw new IllegalArgumentException("'" + t + "' is not a time: write it as 2026-12-01T10:00Z, 2026-12-01T10:00+01:00 or 2026-12-01T10:00+01:00[Europe/Zurich]");
                }
            }
        }
    }

    /** An instant in a user's zone, e.g. {@code 2026-12-01 11:00:00 +01:00 [Europe/Zurich]}. */
    public static String show(Instant at, ZoneId zone) {
        return at == null ? "-" : SHOWN.format(at.atZone(zone));
    }
}
