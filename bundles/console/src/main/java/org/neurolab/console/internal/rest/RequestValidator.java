package org.neurolab.console.internal.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Checks a request body against the JSON Schema the OpenAPI document declares for it, before the handler sees it: a
 * body that does not fit is refused with 400 naming the field and what it must be ({@code field 'electrodes[2]' must be
 * an integer, was string}). It knows the part of JSON Schema that {@link Schema} writes: type (one or a list, with
 * "null"), properties, required, additionalProperties (false or a schema), items, enum, minimum, maximum, minItems,
 * maxItems, minLength, maxLength, $ref to the document's components.
 */
final class RequestValidator {
    private static final int MAX_DEPTH = 32;
    private final Map<String, Object> components;

    RequestValidator(Map<String, Object> components) {
        this.components = components;
    }

    /** Throws a 400 {@link ApiException} naming the first field that does not fit the schema. */
    void check(JsonNode body, Map<String, Object> schema) {
        check(body, schema, "", 0);
    }

    @SuppressWarnings("unchecked")
    private void check(JsonNode v, Map<String, Object> schema, String at, int depth) {
        if (depth > MAX_DEPTH) throw refuse(at, "is nested too deeply");
        Object ref = schema.get("$ref");
        if (ref instanceof String r) {
            Object target = components.get(r.substring(r.lastIndexOf('/') + 1));
            if (!(target instanceof Map<?, ?> m)) throw new IllegalStateException("the schema refers to an unknown component " + r);
            check(v, (Map<String, Object>) m, at, depth + 1);
            return;
        }
        Object anyOf = schema.get("anyOf");
        if (anyOf instanceof List<?> options) {
            ApiException first = null;
            for (Object o : options) {
                try {
                    check(v, (Map<String, Object>) o, at, depth + 1);
                    return;
                } catch (ApiException e) {
                    if (first == null) first = e;
                }
            }
            if (first != null) throw first;
        }
        Object type = schema.get("type");
        if (type != null) {
            List<?> types = type instanceof List<?> l ? l : List.of(type);
            if (!types.contains(typeOf(v)) && !(types.contains("number") && v.isNumber()))
                throw refuse(at, "must be " + describe(types) + ", was " + typeOf(v));
        }
        if (v.isNull()) return;
        Object values = schema.get("enum");
        if (values instanceof Collection<?> allowed && !allowed.contains(v.isTextual() ? v.asText() : v.isNumber() ? v.numberValue() : v.toString()))
            throw refuse(at, "must be one of " + allowed + ", was " + Call.clip(v.toString()));
        if (v.isNumber()) {
            if (!Double.isFinite(v.asDouble())) throw refuse(at, "must be a finite number");
            if (schema.get("minimum") instanceof Number min && v.asDouble() < min.doubleValue()) throw refuse(at, "must be at least " + min + ", was " + v);
            if (schema.get("maximum") instanceof Number max && v.asDouble() > max.doubleValue()) throw refuse(at, "must be at most " + max + ", was " + v);
        }
        if (v.isTextual()) {
            int n = v.asText().length();
            if (schema.get("minLength") instanceof Number min && n < min.intValue()) throw refuse(at, "must have at least " + min + " characters");
            if (schema.get("maxLength") instanceof Number max && n > max.intValue()) throw refuse(at, "must have at most " + max + " characters, had " + n);
        }
        if (v.isArray()) {
            int n = v.size();
            Number min = (Number) schema.get("minItems"), max = (Number) schema.get("maxItems");
            if ((min != null && n < min.intValue()) || (max != null && n > max.intValue()))
                throw refuse(at, "must be a list of " + (min == null ? 0 : min) + ".." + (max == null ? "any number of" : max) + " items, had " + n);
            if (schema.get("items") instanceof Map<?, ?> items)
                for (int i = 0; i < n; i++) check(v.get(i), (Map<String, Object>) items, at + "[" + i + "]", depth + 1);
        }
        if (v.isObject()) {
            Map<String, Object> props = schema.get("properties") instanceof Map<?, ?> p ? (Map<String, Object>) p : Map.of();
            if (schema.get("required") instanceof List<?> required)
                for (Object name : required) if (!v.has((String) name)) throw refuse(field(at, (String) name), "is required");
            Object extra = schema.get("additionalProperties");
            for (var it = v.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                Object s = props.get(name);
                if (s == null && Boolean.FALSE.equals(extra))
                    throw refuse(field(at, Call.clip(name)), "is not known here (known: " + String.join(", ", props.keySet()) + ")");
                if (s == null && extra instanceof Map<?, ?> m) s = m;
                if (s != null) check(v.get(name), (Map<String, Object>) s, field(at, name), depth + 1);
            }
        }
    }

    private static String field(String at, String name) {
        return at.isEmpty() ? name : at + "." + name;
    }

    private static ApiException refuse(String at, String problem) {
        return ApiException.badRequest(at.isEmpty() ? "the body " + problem : "field '" + at + "' " + problem);
    }

    static String typeOf(JsonNode v) {
        if (v.isNull()) return "null";
        if (v.isTextual()) return "string";
        if (v.isBoolean()) return "boolean";
        if (v.isIntegralNumber()) return "integer";
        if (v.isNumber()) return v.asDouble() == Math.rint(v.asDouble()) && Double.isFinite(v.asDouble()) ? "integer" : "number";
        if (v.isArray()) return "array";
        if (v.isObject()) return "object";
        return v.getNodeType().toString().toLowerCase();
    }

    private static String describe(List<?> types) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < types.size(); i++) {
            if (i > 0) b.append(i == types.size() - 1 ? " or " : ", ");
            String t = String.valueOf(types.get(i));
            b.append(switch (t) {
                case "integer" -> "a whole number";
                case "number" -> "a number";
                case "string" -> "a string";
                case "boolean" -> "true or false";
                case "array" -> "a list";
                case "object" -> "an object";
                default -> t;
            });
        }
        return b.toString();
    }
}
