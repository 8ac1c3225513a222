package org.neurolab.ethics;

import java.util.List;

/**
 * The policy set the guard decides by.
 *
 * @param setHash   SHA-256 of the set (over the documents sorted by name), recorded with every decision; empty when none loaded
 * @param folder    where the lab keeps them ({@code data/ethics/policies/} of the lab's home)
 * @param policies  each document's policy id and version, e.g. {@code stimulation.limits v1}
 * @param documents the documents themselves
 * @param problem   why the policies could not be loaded (the guard then refuses every command), null when they were
 */
public record PoliciesInForce(String setHash, String folder, List<String> policies, List<PolicyDocument> documents, String problem) {
    public PoliciesInForce {
        policies = List.copyOf(policies);
        documents = List.copyOf(documents);
    }
}
