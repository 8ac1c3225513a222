package org.neurolab.ethics;

/** What a two-person change alters. */
public enum ChangeKind {
    /** add or replace a consent; value {@code donor=D-1;scopes=a,b;onWithdrawal=DISPOSE|QUARANTINE|KEEP_DATA_ONLY} */
    CONSENT,
    /** link a cell line (the target) to a consent (the value) */
    CELL_LINE,
    /** withdraw a consent (the target); the change's reason is the donor's request */
    WITHDRAW_CONSENT,
    /** replace a policy document (target: its file name, value: its YAML) */
    POLICY,
    /**
     * grant or remove the ethics-officer role (target: the account, value {@code grant} or {@code remove}); applied through the
     * {@link AccountDirectory}, approved by an ethics officer independent of the proposer and of the account
     */
    ETHICS_OFFICER_ROLE
}
