/**
 * Scheduling: reservations of cultures and arrays, the experiment queue that runs inside booked slots, the lab's
 * recurring maintenance (a whiteboard of {@link org.neurolab.scheduling.MaintenanceTask}s), and time input that
 * always names its zone. 1.1: {@code Scheduler.enforcesReservations()}. 1.2: {@link org.neurolab.scheduling.DryRunMargin}, what the queue books
 * beyond a dry run's estimate.
 */
@org.osgi.annotation.versioning.Version("1.2.0")
package org.neurolab.scheduling;
