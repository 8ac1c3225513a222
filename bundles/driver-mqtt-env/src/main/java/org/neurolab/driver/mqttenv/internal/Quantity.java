package org.neurolab.driver.mqttenv.internal;

import java.util.Locale;

/** What an incubator reports. Temperature, CO2 and humidity make a reading; O2 and the door are extras. */
enum Quantity {
    TEMPERATURE("temperature", "°C"),
    CO2("CO2", "%"),
    O2("O2", "%"),
    HUMIDITY("humidity", "% RH"),
    DOOR("door", "");

    final String label;
    final String unit;

    Quantity(String label, String unit) {
        this.label = label;
        this.unit = unit;
    }

    /** Without a current value of this quantity the driver serves no reading. */
    boolean required() {
        return this == TEMPERATURE || this == CO2 || this == HUMIDITY;
    }

    /** How a value shows in messages: {@code 36.9 °C}, {@code door open}. */
    String show(double value) {
        if (this == DOOR) return value > 0.5 ? "open" : "closed";
        return String.format(Locale.ROOT, "%.2f %s", value, unit);
    }
}
