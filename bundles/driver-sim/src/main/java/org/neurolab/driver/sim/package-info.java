/**
 * Operating the simulated rig itself: fault injection and environment excursions, for training and tests; and private
 * rigs in virtual time for dry runs ({@link org.neurolab.driver.sim.VirtualRigFactory}).
 */
@org.osgi.annotation.versioning.Version("2.0.0")
package org.neurolab.driver.sim;
