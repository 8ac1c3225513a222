package org.neurolab.scheduling.internal;

import org.neurolab.api.control.Caller;

/** Who may do what to someone's booking or run: its holder, and the lab's staff (operators and admins). */
final class Permissions {
    private Permissions() {
    }

    static boolean isStaff(Caller caller) {
        return caller.hasRole("operator") || caller.hasRole("admin");
    }

    /** Whether {@code by} may cancel what {@code owner} holds. */
    static boolean mayManage(Caller by, String owner) {
        return by.user().equals(owner) || isStaff(by);
    }
}
