/** Stimulation waveforms: phases, pulses and pulse trains. Charges are derived from amplitude and duration, never passed in. */
@org.osgi.annotation.versioning.Version("1.1.0")
package org.neurolab.api.stimulation;
