package org.neurolab.control.internal;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.neurolab.api.lab.CultureState;
import org.neurolab.api.lab.Organoid;
import org.neurolab.api.lab.Provenance;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One configured culture. A configuration that does not describe a valid culture is logged and not registered. */
@org.osgi.service.metatype.annotations.Designate(ocd = CultureConfig.class, factory = true)
@Component(service = CultureEntry.class, configurationPid = CultureConfig.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
public class CultureEntry {
    private static final Logger LOG = LoggerFactory.getLogger(CultureEntry.class);
    private final Organoid organoid;

    @Activate
    public CultureEntry(CultureConfig config) {
        try {
            this.organoid = fromConfig(config);
        } catch (IllegalArgumentException | NullPointerException e) {
            LOG.error("Culture configuration '{}' refused: {}", config.id(), e.getMessage());
            throw e;
        }
    }

    static Organoid fromConfig(CultureConfig config) {
        LocalDate seeded;
        try {
            seeded = LocalDate.parse(config.seedingDate());
        } catch (DateTimeParseException | NullPointerException e) {
            throw new IllegalArgumentException("culture " + config.id() + ": seedingDate must be an ISO date like 2026-09-01, was '"
                    + config.seedingDate() + "'");
        }
        CultureState state;
        try {
            state = CultureState.valueOf(config.state().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("culture " + config.id() + ": state must be one of " + Arrays.toString(CultureState.values())
                    + ", was '" + config.state() + "'");
        }
        return new Organoid(config.id(), config.meaId(), parseElectrodes(config.id(), config.electrodes()),
                new Provenance(config.cellLine(), config.batch(), config.donorConsentRef(), seeded), state);
    }

    /** "0-7" or "0,2,4-6" → the indices, in the order given. */
    static List<Integer> parseElectrodes(String id, String spec) {
        if (spec == null || spec.isBlank()) throw new IllegalArgumentException("culture " + id + ": electrodes are required, e.g. 0-7");
        List<Integer> out = new ArrayList<>();
        for (String part : spec.split(",")) {
            String p = part.trim();
            try {
                int dash = p.indexOf('-', 1);
                if (dash < 0) {
                    out.add(Integer.parseInt(p));
                } else {
                    int from = Integer.parseInt(p.substring(0, dash).trim()), to = Integer.parseInt(p.substring(dash + 1).trim());
                    if (to < from) throw new IllegalArgumentException("culture " + id + ": electrode range '" + p + "' runs backwards");
                    for (int e = from; e <= to; e++) out.add(e);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("culture " + id + ": electrodes must be indices and ranges like 0-7 or 0,2,4-6, was '" + spec + "'");
            }
        }
        return out;
    }

    Organoid organoid() {
        return organoid;
    }
}
