package org.neurolab.console.internal.rest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Small builders for the JSON Schemas (2020-12, as OpenAPI 3.1 takes them) of the API's bodies. Objects list the
 * fields clients rely on; extra fields are allowed, so a resource may add fields without breaking its clients.
 */
final class Schema {
    private Schema() {
    }

    static Map<String, Object> str() {
        return Map.of("type", "string");
    }

    static Map<String, Object> str(String description) {
        return Map.of("type", "string", "description", description);
    }

    static Map<String, Object> time() {
        return Map.of("type", "string", "description", "ISO-8601 instant (UTC)");
    }

    static Map<String, Object> integer() {
        return Map.of("type", "integer");
    }

    static Map<String, Object> integer(String description) {
        return Map.of("type", "integer", "description", description);
    }

    static Map<String, Object> number() {
        return Map.of("type", "number");
    }

    static Map<String, Object> number(String description) {
        return Map.of("type", "number", "description", description);
    }

    static Map<String, Object> bool(String description) {
        return Map.of("type", "boolean", "description", description);
    }

    static Map<String, Object> bool() {
        return Map.of("type", "boolean");
    }

    static Map<String, Object> anyValue() {
        return Map.of();
    }

    /** A JSON object with any fields. */
    static Map<String, Object> anyObject() {
        return Map.of("type", "object");
    }

    static Map<String, Object> nullable(Map<String, Object> s) {
        Map<String, Object> m = new LinkedHashMap<>(s);
        Object type = s.get("type");
        if (type instanceof String t) m.put("type", List.of(t, "null"));
        else m = Map.of("anyOf", List.of(s, Map.of("type", "null")));
        return m;
    }

    static Map<String, Object> array(Map<String, Object> items) {
        return Map.of("type", "array", "items", items);
    }

    static Map<String, Object> mapOf(Map<String, Object> values) {
        return Map.of("type", "object", "additionalProperties", values);
    }

    static Map<String, Object> enumOf(String... values) {
        return Map.of("type", "string", "enum", List.of(values));
    }

    /**
     * An object: {@code fields} alternate name and schema; a name ending in {@code ?} is optional, the others required.
     */
    static Map<String, Object> object(Object... fields) {
        Map<String, Object> props = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (int i = 0; i < fields.length; i += 2) {
            String name = (String) fields[i];
            boolean optional = name.endsWith("?");
            if (optional) name = name.substring(0, name.length() - 1);
            else required.add(name);
            @SuppressWarnings("unchecked")
            Map<String, Object> s = (Map<String, Object>) fields[i + 1];
            props.put(name, s);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "object");
        m.put("properties", props);
        if (!required.isEmpty()) m.put("required", required);
        return m;
    }

    /** A whole number in [min, max]. */
    static Map<String, Object> integer(long min, long max) {
        return Map.of("type", "integer", "minimum", min, "maximum", max);
    }

    /** A string of 1..maxLength characters. */
    static Map<String, Object> text(int maxLength) {
        return Map.of("type", "string", "minLength", 1, "maxLength", maxLength);
    }

    /** A list of minItems..maxItems items. */
    static Map<String, Object> array(Map<String, Object> items, int minItems, int maxItems) {
        return Map.of("type", "array", "items", items, "minItems", minItems, "maxItems", maxItems);
    }

    /** The schema with a description added. */
    static Map<String, Object> described(Map<String, Object> s, String description) {
        Map<String, Object> m = new LinkedHashMap<>(s);
        m.put("description", description);
        return m;
    }

    /**
     * An object that takes only the fields it lists (a request body: a misspelt optional field would otherwise be
     * ignored silently and its default used).
     */
    static Map<String, Object> closed(Map<String, Object> object) {
        Map<String, Object> m = new LinkedHashMap<>(object);
        m.put("additionalProperties", false);
        return m;
    }

    static Map<String, Object> ref(String component) {
        return Map.of("$ref", "#/components/schemas/" + component);
    }
}
