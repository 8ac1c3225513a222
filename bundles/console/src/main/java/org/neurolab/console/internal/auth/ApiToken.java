package org.neurolab.console.internal.auth;

/**
 * An API token as stored: the secret is shown once at creation and only its SHA-256 is kept (a token is long and
 * random, so a fast hash is enough; passwords get the slow one).
 *
 * @param id        public part, sent before the secret ({@code nl_<id>_<secret>}), used to find the token
 * @param label     what the token is for, e.g. "analysis notebook"
 * @param sha256    hex SHA-256 of the whole token
 * @param createdAt ISO-8601
 */
public record ApiToken(String id, String label, String sha256, String createdAt) {
}
