/**
 * Scheduling: reservations of cultures and arrays, the experiment queue that runs inside booked slots, the lab's
 * recurring maintenance (a whiteboard of {@link org.neurolab.scheduling.MaintenanceTask}s), and time input that
 * always names its zone. 1.1: {@code Scheduler.enforcesReservations()}.
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package org.neurolab.scheduling;
