/**
 * The culture model: organoids as spiking networks placed in 3D around the electrodes of a simulated
 * MEA, answering stimulation, neuromodulators, training and age, and producing spike events and raw
 * 30 kHz traces. Driven in lab time by the simulated rig.
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package org.neurolab.simulator.culture;
