/**
 * The spiking-network engine: Izhikevich neurons in primitive arrays, sparse synapses in CSR form
 * with conduction delays held in a ring buffer of per-slot input arrays, a fixed time step, and
 * results that depend only on the seed and the partition count (not on the thread count).
 * {@link org.neurolab.simulator.internal.engine.NetworkBuilder} builds a
 * {@link org.neurolab.simulator.internal.engine.Network}; {@link org.neurolab.simulator.internal.engine.YardstickNetwork}
 * builds the benchmark network of the simulator yardstick ({@code ./neurolab bench sim}). Not exported: the culture
 * model ({@code org.neurolab.simulator.culture}) is the bundle's face.
 */
package org.neurolab.simulator.internal.engine;
