package org.neurolab.control.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.neurolab.api.control.DataSourceHealth;
import org.neurolab.api.driver.MeaDriver;
import org.neurolab.api.signal.DetectionSettings;

/** The signal path of every array present: one {@link MeaSignal} per MEA driver, made when it comes, closed when it goes. */
final class SignalHub {
    /** Data later than this behind lab time raises the source's alarm (real amplifiers deliver tens of ms late). */
    static final long BEHIND_MICROS = 500_000;

    private final Map<String, MeaSignal> byMea = new ConcurrentHashMap<>();
    private final LongSupplier labNow;
    /** How the lab detects spikes on raw-only arrays; taken by each array when it comes. */
    private volatile DetectionSettings detection = DetectionSettings.defaults();

    SignalHub(LongSupplier labNow) {
        this.labNow = labNow;
    }

    /** For arrays added from now on, and for those running (see {@link MeaSignal#detection(DetectionSettings)}). */
    void detection(DetectionSettings settings) {
        this.detection = settings;
        for (MeaSignal s : byMea.values()) s.detection(settings);
    }

    void add(MeaDriver driver) {
        byMea.computeIfAbsent(driver.info().deviceId(), id -> new MeaSignal(driver, labNow, BEHIND_MICROS, detection));
    }

    void remove(MeaDriver driver) {
        MeaSignal s = byMea.get(driver.info().deviceId());
        if (s != null && s.driver() == driver && byMea.remove(s.meaId(), s)) s.close();
    }

    Optional<MeaSignal> of(String meaId) {
        return Optional.ofNullable(byMea.get(meaId));
    }

    List<DataSourceHealth> health() {
        return byMea.values().stream().map(MeaSignal::health).sorted(Comparator.comparing(DataSourceHealth::meaId)).toList();
    }
}
