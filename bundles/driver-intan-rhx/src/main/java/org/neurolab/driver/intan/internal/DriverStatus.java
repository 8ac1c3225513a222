package org.neurolab.driver.intan.internal;

/**
 * What an operator needs to see of one RHX driver ({@code ./neurolab intan}).
 *
 * @param state            where the driver is: CONNECTING, STREAMING, RECONNECTING, REFUSED, STOPPED
 * @param reason           why it is not streaming (or what it last recovered from)
 * @param blocks           128-sample blocks delivered
 * @param gaps             gaps reported ({@code onGap}) and their total length
 * @param malformedBlocks  stretches of the stream that were not a good block
 * @param reconnects       connections made after the first
 * @param stimulations     trains fired, and how many of them did not show in the data within the echo timeout
 * @param watermarkMicros  lab time the data is complete up to
 */
record DriverStatus(String deviceId, String state, String reason, long blocks, long gaps, long gapMicros, long malformedBlocks, long reconnects,
                    long stimulations, long echoMisses, long complianceLimitBlocks, long watermarkMicros) {
}
