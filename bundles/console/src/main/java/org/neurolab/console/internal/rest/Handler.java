package org.neurolab.console.internal.rest;

/** Serves one route. Returns the JSON body (a record, map or list), a {@link Reply}, or {@link Call#STREAMED}. */
@FunctionalInterface
public interface Handler {
    Object handle(Call call) throws Exception;
}
