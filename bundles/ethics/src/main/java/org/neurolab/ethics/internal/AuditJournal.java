package org.neurolab.ethics.internal;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.neurolab.api.control.CommandJournal;
import org.neurolab.api.control.CommandRecord;
import org.neurolab.api.control.CommandRequest;
import org.neurolab.api.control.Delivery;
import org.neurolab.api.control.Dose;
import org.neurolab.api.control.ExchangeMedium;
import org.neurolab.api.control.Stimulate;
import org.neurolab.api.stimulation.PulseTrain;
import org.neurolab.ethics.internal.audit.AuditEvent;
import org.neurolab.ethics.internal.audit.AuditLog;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail as a command journal: every decision of the command path, allowed or refused, is appended and
 * forced to disk before the command goes on. Also the log the ethics office writes its changes to.
 */
@Component(service = {CommandJournal.class, AuditTrail.class}, configurationPid = EthicsConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = CommandJournal.NAME + "=audit", immediate = true)
public class AuditJournal implements CommandJournal, AuditTrail {
    private static final Logger LOG = LoggerFactory.getLogger(AuditJournal.class);
    static final String POLICY_SET = "policy-set:";

    private final AuditLog log;

    @Activate
    public AuditJournal(BundleContext context, EthicsConfig config) throws IOException {
        this(AuditLog.open(Folders.ethics(context).resolve("audit"), Clock.systemUTC(), config.checkpointEvery()));
        LOG.info("Audit log open at {} with {} entries", log.directory(), log.size());
    }

    /** Over an open log: the same journal outside a framework ({@link org.neurolab.ethics.StandaloneAudit}). */
    public AuditJournal(AuditLog log) {
        this.log = log;
    }

    @Deactivate
    void close() throws IOException {
        log.close();
    }

    @Override
    public void append(CommandRecord record) throws IOException {
        CommandRequest r = record.request();
        List<String> policies = new ArrayList<>();
        String setHash = "";
        for (String p : record.policyIds()) {
            if (p.startsWith(POLICY_SET)) setHash = p.substring(POLICY_SET.length());
            else policies.add(p);
        }
        String detail = "command " + r.commandId() + " session " + r.sessionId() + " purpose " + r.caller().purpose()
                + switch (r.command()) {
                    case Stimulate s -> " electrodes " + s.electrodes() + " " + describe(s.train());
                    case Dose d -> " " + d.amountNanomoles() + " nmol " + d.compound() + " by " + describe(d.delivery()) + ", expected "
                            + d.expectedMicromolarAfter() + " µM after";
                    case ExchangeMedium x -> " fresh medium " + describe(x.infusion());
                    default -> "";
                };
        log.append(new AuditEvent(r.caller().user(), r.command().action(), r.organoid().id(), record.allowed() ? "allow" : "deny",
                record.decidedBy(), policies, setHash, record.reason(), "", "", detail, r.labTimeMicros()));
    }

    @Override
    public long record(AuditEvent event) throws IOException {
        return log.append(event);
    }

    @Override
    public AuditLog log() {
        return log;
    }

    static String describe(Delivery d) {
        return switch (d) {
            case Delivery.Uncaging u -> "UV " + u.irradianceMilliwattsPerSquareMillimetre() + " mW/mm² x " + u.durationMicros() + " µs on " + u.lightDeviceId();
            case Delivery.Infusion i -> i.volumeMicrolitres() + " µL at " + i.rateMicrolitresPerMinute() + " µL/min through " + i.pumpDeviceId();
        };
    }

    static String describe(PulseTrain t) {
        var p = t.pulse();
        return t.count() + " x " + p.shape() + " " + p.polarity() + " " + p.first().amplitudeMicroamps() + " µA x " + p.first().durationMicros() + " µs"
                + (p.second() == null ? "" : " / " + p.second().amplitudeMicroamps() + " µA x " + p.second().durationMicros() + " µs")
                + (t.count() > 1 ? " every " + t.periodMicros() + " µs" : "");
    }
}
