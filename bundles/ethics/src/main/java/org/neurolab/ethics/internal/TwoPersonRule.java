package org.neurolab.ethics.internal;

import java.util.Optional;
import org.neurolab.ethics.AccountDirectory;
import org.neurolab.ethics.AccountDirectory.Origin;
import org.neurolab.ethics.ChangeKind;
import org.neurolab.ethics.PendingChange;

/**
 * Who may approve a change: a second person, independent of the first. An account someone created, or whose role
 * they granted, may be theirs to use (they set its password, they chose who holds it), so neither may approve what the
 * other proposed. A change of the ethics-officer role also needs an ethics officer who is independent of the account
 * it changes, and who is not that account.
 */
final class TwoPersonRule {
    static final String ID = "ethics.two-person v2";

    private TwoPersonRule() {
    }

    /** @throws IllegalStateException naming the rule {@code approver} breaks */
    static void check(PendingChange c, String approver, AccountDirectory accounts) {
        if (c.author().equals(approver))
            throw new IllegalArgumentException("two-person rule: " + approver + " proposed " + c.id() + " and cannot also approve it");
        if (accounts == null)
            throw new IllegalStateException("two-person rule: the lab's accounts (console bundle) are not available, so the independence of "
                    + approver + " from " + c.author() + " cannot be checked; no approval until they are");
        Optional<Origin> a = accounts.origin(approver), p = accounts.origin(c.author());
        independent(approver, a, c.author(), p, "proposed " + c.id());
        if (c.kind() == ChangeKind.ETHICS_OFFICER_ROLE) {
            Origin approving = a.filter(o -> o.ethicsOfficer() && o.enabled()).orElseThrow(() -> new IllegalStateException(
                    "two-person rule: a change of the ethics-officer role is approved by an ethics officer, and " + approver + " is none"));
            if (c.target().equals(approver))
                throw new IllegalStateException("two-person rule: " + approver + " cannot approve a change of their own ethics-officer role");
            independent(approver, Optional.of(approving), c.target(), accounts.origin(c.target()), "is the account " + c.id() + " changes");
        }
    }

    private static void independent(String approver, Optional<Origin> a, String other, Optional<Origin> o, String what) {
        if (o.map(Origin::createdBy).filter(approver::equals).isPresent())
            throw new IllegalStateException("two-person rule: " + approver + " created the account of " + other + ", who " + what
                    + ", so " + approver + " cannot approve it");
        if (a.map(Origin::createdBy).filter(other::equals).isPresent())
            throw new IllegalStateException("two-person rule: the account of " + approver + " was created by " + other + ", who " + what
                    + ", so " + approver + " cannot approve it");
        o.flatMap(x -> x.roleGrantedBy().entrySet().stream().filter(g -> g.getValue().contains(approver)).findFirst()).ifPresent(g -> {
            throw new IllegalStateException("two-person rule: " + approver + " granted the " + g.getKey() + " role of " + other + ", who " + what
                    + ", so " + approver + " cannot approve it");
        });
        a.flatMap(x -> x.roleGrantedBy().entrySet().stream().filter(g -> g.getValue().contains(other)).findFirst()).ifPresent(g -> {
            throw new IllegalStateException("two-person rule: the " + g.getKey() + " role of " + approver + " was granted by " + other + ", who "
                    + what + ", so " + approver + " cannot approve it");
        });
    }
}
