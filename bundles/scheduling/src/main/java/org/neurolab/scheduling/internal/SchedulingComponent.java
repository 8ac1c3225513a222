package org.neurolab.scheduling.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.neurolab.api.control.CommandGuard;
import org.neurolab.api.control.LabControl;
import org.neurolab.api.driver.DeviceInfo;
import org.neurolab.api.driver.DeviceKind;
import org.neurolab.api.driver.EnvironmentReading;
import org.neurolab.api.lab.CultureRegistry;
import org.neurolab.api.lab.Organoid;
import org.neurolab.ethics.EthicsOffice;
import org.neurolab.scheduling.MaintenanceTask;
import org.neurolab.scheduling.Scheduler;
import org.neurolab.scripting.ExperimentRunner;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler in the lab: opens the store (H2 under the lab's data folder, or the configured PostgreSQL), registers
 * the {@link Scheduler} and the {@code scheduling} guard ({@link LabScheduler} and its parts), and ticks every
 * {@code tickMillis}. A configuration change restarts it (the store is reopened; runs it started keep going in the
 * experiment runner).
 */
@Component(immediate = true, service = {}, configurationPid = SchedulingConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = SchedulingConfig.class)
public class SchedulingComponent {
    private static final Logger LOG = LoggerFactory.getLogger(SchedulingComponent.class);

    private final Map<String, MaintenanceTask> tasks = new ConcurrentHashMap<>();
    private final ScheduleStore store;
    private final LabScheduler scheduler;
    private final ServiceRegistration<CommandGuard> guardRegistration;
    private final ServiceRegistration<Scheduler> schedulerRegistration;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("neurolab-scheduler").daemon().factory());

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile EthicsOffice ethics;

    @Activate
    public SchedulingComponent(BundleContext context, SchedulingConfig config, @Reference CultureRegistry cultures, @Reference LabControl control,
                               @Reference ExperimentRunner runner) throws SQLException, IOException {
        String data = context.getProperty("neurolab.data.dir");
        Path dir = Files.createDirectories(Path.of(data == null ? "data" : data).resolve("scheduling"));
        String url = config.jdbcUrl().isBlank() ? Dialect.h2Url(dir.resolve("schedule")) : config.jdbcUrl().trim();
        SchedulingSettings settings = new SchedulingSettings(config.enforceReservations(), hours(config.defaultQuotaHours()),
                SchedulingSettings.parseQuotas(config.userQuotaHours()), hours(config.maxSlotHours()), config.temperatureMinCelsius(),
                config.temperatureMaxCelsius(), config.co2MinPercent(), config.co2MaxPercent(), config.minFlowMicrolitresPerMinute(),
                Duration.ofSeconds(config.resumeAfterSeconds()), SchedulingSettings.parseMap(config.pumpOfMea(), "pumpOfMea"), runtimeId(dir));
        this.store = ScheduleStore.open(url, config.jdbcUser(), config.jdbcPassword());
        try {
            this.scheduler = new LabScheduler(store, Clock.systemUTC(), new OsgiLab(cultures, control), runner, tasks, settings);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        // the schedule is never there without its guard: the guard comes first and goes last
        Dictionary<String, Object> guardProps = new Hashtable<>();
        guardProps.put(CommandGuard.NAME, "scheduling");
        guardRegistration = context.registerService(CommandGuard.class, scheduler.guard(), guardProps);
        schedulerRegistration = context.registerService(Scheduler.class, scheduler, null);
        long tick = Math.max(50, config.tickMillis());
        ticker.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
        LOG.info("Scheduling on {} ({}), reservations {}", store.dialect(), config.jdbcUrl().isBlank() ? dir : "configured database",
                settings.enforceReservations() ? "enforced on the command path" : "NOT enforced (enforceReservations=false)");
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            target = "(" + MaintenanceTask.TASK + "=*)")
    void addTask(MaintenanceTask task, Map<String, Object> props) {
        tasks.put(String.valueOf(props.get(MaintenanceTask.TASK)), task);
    }

    void removeTask(MaintenanceTask task, Map<String, Object> props) {
        tasks.remove(String.valueOf(props.get(MaintenanceTask.TASK)), task);
    }

    private void tick() {
        try {
            scheduler.tick();
        } catch (RuntimeException e) {
            LOG.error("Scheduler pass failed (next in a moment): {}", e.getMessage(), e);
        }
    }

    @Deactivate
    void deactivate() {
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        schedulerRegistration.unregister();
        guardRegistration.unregister();
        scheduler.close();
        try {
            store.close();
        } catch (SQLException e) {
            LOG.warn("Schedule store did not close cleanly: {}", e.getMessage());
        }
    }

    private static Duration hours(double h) {
        if (!(h > 0)) throw new IllegalArgumentException("hours must be positive, was " + h);
        return Duration.ofMinutes(Math.round(h * 60));
    }

    /** This runtime's id, kept across restarts: runs it had going when it died are marked interrupted at the next start. */
    private static String runtimeId(Path dir) throws IOException {
        Path file = dir.resolve("runtime.id");
        if (Files.exists(file)) return Files.readString(file).trim();
        String id = "rt-" + UUID.randomUUID().toString().substring(0, 8);
        Files.writeString(file, id);
        return id;
    }

    /** The lab as the scheduler sees it: cultures, devices (read through control), ethics holds. */
    private final class OsgiLab implements ScheduleLab {
        private final CultureRegistry cultures;
        private final LabControl control;

        OsgiLab(CultureRegistry cultures, LabControl control) {
            this.cultures = cultures;
            this.control = control;
        }

        @Override
        public Optional<Organoid> culture(String id) {
            return cultures.culture(id);
        }

        @Override
        public List<Organoid> cultures() {
            return cultures.cultures();
        }

        @Override
        public boolean hasLocalMea(String meaId) {
            return control.devices().stream().anyMatch(d -> d.deviceId().equals(meaId) && d.kind() == DeviceKind.MEA);
        }

        @Override
        public Optional<String> rigOf(String meaId) {
            return control.devices().stream().filter(d -> d.deviceId().equals(meaId)).map(DeviceInfo::rigId).findFirst();
        }

        @Override
        public Optional<EnvironmentReading> environment(String rigId) {
            return control.environment(rigId);
        }

        @Override
        public List<String> pumpIds(String rigId) {
            return control.devices().stream().filter(d -> d.rigId().equals(rigId) && d.kind() == DeviceKind.PUMP).map(DeviceInfo::deviceId).toList();
        }

        @Override
        public OptionalDouble flow(String pumpId) {
            return control.mediumFlowMicrolitresPerMinute(pumpId);
        }

        @Override
        public Map<String, String> holds() {
            EthicsOffice e = ethics;
            return e == null ? Map.of() : e.holds();
        }

        @Override
        public void audit(String action, String target, String reason) {
            EthicsOffice e = ethics;
            if (e == null) LOG.warn("No audit trail (ethics not running) for {} {}: {}", action, target, reason);
            else e.recordEvent("system:scheduling", action, target, reason);
        }
    }
}
