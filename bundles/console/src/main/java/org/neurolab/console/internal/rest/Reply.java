package org.neurolab.console.internal.rest;

/** A JSON answer with a status other than 200. */
public record Reply(int status, Object body) {
    public static Reply created(Object body) {
        return new Reply(201, body);
    }

    public static Reply accepted(Object body) {
        return new Reply(202, body);
    }
}
