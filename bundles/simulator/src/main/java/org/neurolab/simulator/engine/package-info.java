/**
 * The spiking-network engine: Izhikevich neurons in primitive arrays, sparse synapses in CSR form
 * with conduction delays held in a ring buffer of per-slot input arrays, a fixed time step, and
 * results that depend only on the seed and the partition count (not on the thread count).
 * {@link org.neurolab.simulator.engine.NetworkBuilder} builds a
 * {@link org.neurolab.simulator.engine.Network}; {@link org.neurolab.simulator.engine.YardstickNetwork}
 * builds the benchmark network of {@code shared/bench/izhikevich.md}.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.neurolab.simulator.engine;
