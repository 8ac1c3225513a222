package org.neurolab.console.internal.auth;

import java.util.Arrays;
import java.util.Locale;

/** What an account may do. Names as the lab's {@code Caller} carries them. */
public enum Role {
    ADMIN("admin"), OPERATOR("operator"), RESEARCHER("researcher"), ETHICS_OFFICER("ethics-officer");

    private final String id;

    Role(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** @throws IllegalArgumentException naming the known roles */
    public static Role of(String id) {
        if (id != null) {
            String lower = id.trim().toLowerCase(Locale.ROOT);
            for (Role r : values()) if (r.id.equals(lower)) return r;
        }
        throw new IllegalArgumentException("unknown role '" + id + "' (known: " + Arrays.stream(values()).map(Role::id).toList() + ")");
    }
}
