package org.neurolab.api.control;

import java.util.Objects;
import org.neurolab.api.lab.Ids;

/**
 * Feed a culture: push fresh medium through its chamber, washing out what was dosed. Maintenance, so the
 * ethics guard allows it on cultures on hold.
 *
 * @param organoidId the culture (its whole chamber is exchanged)
 * @param infusion   fresh medium pushed by the chamber's pump
 */
public record ExchangeMedium(String organoidId, Delivery.Infusion infusion) implements Command {
    public static final String ACTION = "exchange-medium";

    public ExchangeMedium {
        Ids.require(organoidId, "organoid id");
        Objects.requireNonNull(infusion, "a medium exchange needs the infusion of fresh medium");
    }

    @Override
    public String action() {
        return ACTION;
    }
}
