package org.neurolab.console.internal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestValidatorTest {
    static final ObjectMapper JSON = new ObjectMapper();
    final ApiSchemas schemas = new ApiSchemas();
    final RequestValidator validator = new RequestValidator(schemas.components());

    static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    private Map<String, Object> request(String method, String pattern) {
        Map<String, Object> s = schemas.checkedRequest(new Route(method, pattern, Access.ANY_USER, 1024, "", c -> null));
        if (s == null) throw new AssertionError(method + " " + pattern + " is not checked against its schema");
        return s;
    }

    private String refusal(Map<String, Object> schema, String body) throws Exception {
        JsonNode node = json(body);
        ApiException e = assertThrows(ApiException.class, () -> validator.check(node, schema), body);
        assertEquals(400, e.status());
        return e.getMessage();
    }

    @Test
    void a_stimulation_that_fits_its_schema_passes() throws Exception {
        Map<String, Object> stimulate = request("POST", "/api/remote-sessions/{id}/stimulate");
        validator.check(json("{\"electrodes\":[0,3],\"amplitudeMicroamps\":1.5,\"phaseMicros\":100,\"shape\":\"triphasic\",\"polarity\":\"anodic-first\","
                + "\"interphaseMicros\":0,\"count\":2,\"periodMicros\":10000,\"secondAmplitudeMicroamps\":0.5,\"secondPhaseMicros\":200}"), stimulate);
        validator.check(json("{\"absoluteElectrodes\":[40],\"amplitudeMicroamps\":2}"), stimulate);
    }

    @Test
    void a_bad_stimulation_is_refused_naming_the_field() throws Exception {
        Map<String, Object> stimulate = request("POST", "/api/remote-sessions/{id}/stimulate");
        assertEquals("field 'amplitudeMicroamps' is required", refusal(stimulate, "{\"electrodes\":[1]}"));
        assertEquals("field 'amplitudeMicroamps' must be a number, was string", refusal(stimulate, "{\"electrodes\":[1],\"amplitudeMicroamps\":\"2\"}"));
        assertEquals("field 'electrodes[1]' must be a whole number, was string", refusal(stimulate, "{\"electrodes\":[1,\"x\"],\"amplitudeMicroamps\":2}"));
        assertEquals("field 'electrodes' must be a list of 1..1024 items, had 0", refusal(stimulate, "{\"electrodes\":[],\"amplitudeMicroamps\":2}"));
        assertEquals("field 'phaseMicros' must be at least 1, was 0", refusal(stimulate, "{\"electrodes\":[1],\"amplitudeMicroamps\":2,\"phaseMicros\":0}"));
        assertEquals("field 'shape' must be one of [monophasic, biphasic, triphasic], was \"square\"",
                refusal(stimulate, "{\"electrodes\":[1],\"amplitudeMicroamps\":2,\"shape\":\"square\"}"));
        // a misspelt optional field would otherwise be ignored and its default used
        String typo = refusal(stimulate, "{\"electrodes\":[1],\"amplitudeMicroamps\":2,\"phaseMicro\":100}");
        assertEquals(true, typo.startsWith("field 'phaseMicro' is not known here (known: electrodes, absoluteElectrodes, shape,"), typo);
    }

    @Test
    void count_windows_sessions_fires_and_shares_are_checked() throws Exception {
        Map<String, Object> window = request("POST", "/api/remote-sessions/{id}/count-window");
        validator.check(json("{}"), window);
        validator.check(json("{\"afterMicros\":5000000,\"windowMicros\":200000,\"blankMicros\":10000}"), window);
        assertEquals("field 'blankMicro' is not known here (known: afterMicros, windowMicros, blankMicros)", refusal(window, "{\"blankMicro\":0}"));
        assertEquals("field 'windowMicros' must be at most 60000000, was 60000001", refusal(window, "{\"windowMicros\":60000001}"));
        assertEquals("field 'afterMicros' must be at least 0, was -1", refusal(window, "{\"afterMicros\":-1}"));

        Map<String, Object> open = request("POST", "/api/remote-sessions");
        validator.check(json("{\"organoid\":\"sim-mea0-o1\",\"heartbeatSeconds\":10,\"dryRun\":true,\"seed\":7}"), open);
        assertEquals("field 'organoid' is required", refusal(open, "{\"heartbeatSeconds\":10}"));
        assertEquals("field 'heartbeatSeconds' must be at most 600, was 601", refusal(open, "{\"organoid\":\"x\",\"heartbeatSeconds\":601}"));
        assertEquals("field 'dryRun' must be true or false, was string", refusal(open, "{\"organoid\":\"x\",\"dryRun\":\"yes\"}"));
        assertEquals("field 'organoid' must have at least 1 characters", refusal(open, "{\"organoid\":\"\"}"));

        Map<String, Object> fire = request("POST", "/api/remote-sessions/{id}/fire");
        assertEquals("field 'triggers[0]' must be a string, was integer", refusal(fire, "{\"triggers\":[1]}"));
        assertEquals("field 'triggers' must be a list, was string", refusal(fire, "{\"triggers\":\"a\"}"));

        Map<String, Object> share = request("POST", "/api/recordings/{id}/shares");
        validator.check(json("{\"user\":\"rita\"}"), share);
        assertEquals("field 'user' must be a string, was array", refusal(share, "{\"user\":[]}"));
        assertEquals("the body must be an object, was array", refusal(share, "[]"));
    }

    @Test
    void routes_the_handler_checks_are_not_checked_twice() {
        assertEquals(null, schemas.checkedRequest(new Route("POST", "/api/users", Access.ANY_USER, 1024, "", c -> null)));
    }
}
