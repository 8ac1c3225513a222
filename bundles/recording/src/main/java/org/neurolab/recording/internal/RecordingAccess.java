package org.neurolab.recording.internal;

import java.util.Set;
import org.neurolab.recording.RecordingInfo;
import org.neurolab.recording.RecordingService;

/**
 * Who may read a recording: its owner, operators, admins and ethics officers, and the users its owner shared it with.
 * Who may share it: its owner and admins. The lab's automatic recording is the operators' (owner {@code system:recording}).
 */
final class RecordingAccess {
    private RecordingAccess() {
    }

    static boolean mayRead(RecordingInfo r, String user, Set<String> roles, Set<String> sharedWith) {
        if (roles.stream().anyMatch(RecordingService.READ_ALL_ROLES::contains)) return true;
        if (user == null || user.isBlank()) return false;
        return user.equals(r.owner()) || sharedWith.contains(user);
    }

    static void checkMayShare(RecordingInfo r, String withUser, String byUser, Set<String> byRoles) {
        if (withUser == null || withUser.isBlank() || withUser.length() > 200 || withUser.chars().anyMatch(Character::isISOControl))
            throw new IllegalArgumentException("share with whom? a user name of 1..200 characters, was '" + withUser + "'");
        if (!byRoles.contains("admin") && !r.owner().equals(byUser))
            throw new SecurityException("recording " + r.id() + " is " + r.owner() + "'s; only its owner or an admin may share it");
    }
}
