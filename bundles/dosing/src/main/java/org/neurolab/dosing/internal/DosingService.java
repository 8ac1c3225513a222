package org.neurolab.dosing.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.neurolab.api.chemistry.MediumChemistry;
import org.neurolab.api.clock.LabClock;
import org.neurolab.api.control.Caller;
import org.neurolab.api.control.CommandGuard;
import org.neurolab.api.control.CommandJournal;
import org.neurolab.api.lab.CultureRegistry;
import org.neurolab.dosing.DoseOutcome;
import org.neurolab.dosing.Dosing;
import org.neurolab.dosing.Reservoir;
import org.neurolab.dosing.Route;
import org.neurolab.recording.DoseRecord;
import org.neurolab.ethics.EthicsOffice;
import org.neurolab.recording.RecordingService;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dosing for the lab: the {@link DosingDesk} on the lab's book (replayed from the dosing log), registered as the
 * lab's "dosing" guard and journal, telling the simulator the chemistry, and writing every dose to the recordings store.
 */
@Component(service = {Dosing.class, MediumChemistry.class, CommandGuard.class, CommandJournal.class}, immediate = true,
        property = {CommandGuard.NAME + "=dosing", CommandJournal.NAME + "=dosing"})
public class DosingService extends DosingDesk {
    private static final Logger LOG = LoggerFactory.getLogger(DosingService.class);

    private final DosingEventLog log;
    /** store writes leave the command path: a slow database must not hold a dose's caller */
    private final ExecutorService recorder = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().name("dosing-recorder").daemon().unstarted(r));

    private final CultureRegistry cultures;

    /** Dynamic: a virtual rig (tests, mode=virtual) registers its own clock above the lab's. */
    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile LabClock clock;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile RecordingService recordings;

    /** Refills go into the audit trail while the ethics bundle runs (doses get there as commands). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile EthicsOffice ethics;

    @Activate
    public DosingService(BundleContext context, @Reference CultureRegistry cultures) throws IOException {
        this(bookFromLog(context), cultures, null);
    }

    /** Constructor for tests (a book with or without a log on disk). */
    DosingService(DosingBook book, CultureRegistry cultures, LabClock clock) {
        super(book);
        this.log = book.log();
        this.cultures = cultures;
        this.clock = clock;
    }

    /** The book as the dosing log on disk left it (data/dosing/events.jsonl, replayed). */
    private static DosingBook bookFromLog(BundleContext context) throws IOException {
        String data = context.getProperty("neurolab.data.dir");
        Path file = Path.of(data == null ? "data" : data, "dosing", "events.jsonl");
        List<DosingEvent> past = new ArrayList<>();
        DosingBook book = new DosingBook(Catalogue.builtIn(), DosingEventLog.open(file, past), past);
        LOG.info("Dosing ready: {} compounds, {} past events from {}", book.catalogue().all().size(), past.size(), file);
        return book;
    }

    /** Audited before it is booked: a refill the audit trail cannot hold is not made (a refill changes what may be dosed). */
    @Override
    public Reservoir refill(Caller operator, String reservoirId, double level) {
        mayRefill(operator);
        synchronized (book) {
            Reservoir before = book.checkRefill(reservoirId, level);
            EthicsOffice office = ethics;
            if (office != null)
                office.recordEvent(operator.user(), "reservoir.refill", reservoirId, "refilled from " + DosingBook.fmt(before.level()) + " to "
                        + DosingBook.fmt(level) + " " + before.unit() + " (capacity " + DosingBook.fmt(before.capacity()) + ")");
            Reservoir r = book.refill(reservoirId, level, operator.user(), nowMicros());
            LOG.info("Reservoir {} refilled to {} {} by {}", reservoirId, level, r.unit(), operator.user());
            return r;
        }
    }

    @Override
    LabClock clock() {
        return clock;
    }

    @Override
    CultureRegistry cultures() {
        return cultures;
    }

    @Deactivate
    void deactivate() throws IOException, InterruptedException {
        recorder.shutdown();
        if (!recorder.awaitTermination(10, TimeUnit.SECONDS)) LOG.warn("Dose records still queued for the recordings store at stop");
        if (log != null) log.close();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addChamber(ConfiguredChamber c) {
        Chamber ch = c.chamber();
        book.addChamber(ch);
        LOG.info("Chamber {} ready: {} µL, fed by {}{}", ch.meaId(), ch.volumeMicrolitres(), ch.pumpDeviceId(),
                ch.lightDeviceId().isEmpty() ? ", no UV light" : ", uncaging by " + ch.lightDeviceId());
    }

    void removeChamber(ConfiguredChamber c) {
        book.removeChamber(c.chamber());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addCompound(ConfiguredCompound c) {
        book.catalogue().add(c.compound());
    }

    void removeCompound(ConfiguredCompound c) {
        book.catalogue().remove(c.compound());
    }

    /** Every dose the lab's devices carried out: logged, and written to the recordings store off the command path. */
    @Override
    void booked(DoseOutcome o) {
        LOG.info("Dosed {} nmol {} into the chamber of {} by {} ({} → {} µM), command {}", DosingBook.fmt(o.amountNanomoles()), o.compound(),
                o.organoidId(), o.route(), DosingBook.fmt(o.concentrationBeforeMicromolar()), DosingBook.fmt(o.concentrationAfterMicromolar()),
                o.commandId());
        toStore(o);
    }

    private void toStore(DoseOutcome o) {
        RecordingService store = recordings;
        if (store == null) return;
        try {
            recorder.execute(() -> {
                try {
                    store.recordDose(new DoseRecord(null, o.labTimeMicros(), o.organoidId(), o.compound(), o.amountNanomoles(), "nmol",
                            o.route() == Route.UNCAGING ? "uncaging" : "infusion", o.user(), o.concentrationAfterMicromolar()));
                } catch (RuntimeException e) {
                    LOG.error("Dose {} could not be written to the recordings store: {}", o.commandId(), e.getMessage());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.warn("Dose {} not written to the recordings store: dosing is stopping", o.commandId());
        }
    }
}
