package org.neurolab.scheduling.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.neurolab.api.driver.EnvironmentReading;
import org.neurolab.api.lab.Organoid;
import org.neurolab.scheduling.Reservation;
import org.neurolab.scheduling.TargetKind;

/** What the scheduler needs of the lab; OSGi services behind it in the lab, fakes in tests. */
interface ScheduleLab {
    Optional<Organoid> culture(String id);

    List<Organoid> cultures();

    /** Whether the array's driver runs in this runtime (runs and maintenance for it happen here). */
    boolean hasLocalMea(String meaId);

    Optional<String> rigOf(String meaId);

    Optional<EnvironmentReading> environment(String rigId);

    List<String> pumpIds(String rigId);

    OptionalDouble flow(String pumpId);

    /** Cultures the ethics office holds, with the reason. */
    Map<String, String> holds();

    /** Puts a moment of a run's life (suspended, resumed, stopped at slot end, interrupted) into the audit trail. */
    default void audit(String action, String target, String reason) {
    }

    /** The organoids a reservation gives its runs: its organoid, or every culture on its array (sorted). */
    default List<String> organoidsOf(Reservation r) {
        if (r.kind() == TargetKind.ORGANOID) return List.of(r.target());
        return cultures().stream().filter(o -> o.meaId().equals(r.meaId())).map(Organoid::id).sorted().toList();
    }
}
