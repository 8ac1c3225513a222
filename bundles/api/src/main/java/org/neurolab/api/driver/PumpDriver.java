package org.neurolab.api.driver;

import org.osgi.annotation.versioning.ConsumerType;

/** A microfluidic pump feeding one array's medium flow. */
@ConsumerType
public interface PumpDriver extends DeviceDriver {
    /** Base perfusion rate, µL/min; 0 stops the flow. */
    void setFlowMicrolitresPerMinute(double rate) throws DeviceException;

    /** Push {@code volumeMicrolitres} from the pump's reservoir into the flow at {@code rateMicrolitresPerMinute}. */
    void inject(double volumeMicrolitres, double rateMicrolitresPerMinute) throws DeviceException;

    /** Current base flow as measured, µL/min. */
    double measuredFlowMicrolitresPerMinute() throws DeviceException;
}
