package dev.warden.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What changed between two bundles: providers, routes, rules, limits and prices added, removed or changed. */
public record BundleDiff(List<Change> changes) {

    /** One document that differs, by kind and name. */
    public record Change(String kind, String name, Type type) {
        @Override
        public String toString() {
            return switch (type) {
                case ADDED -> "+ ";
                case REMOVED -> "- ";
                case CHANGED -> "~ ";
            } + kind + " " + name;
        }
    }

    /** How a document differs. */
    public enum Type { ADDED, REMOVED, CHANGED }

    public BundleDiff {
        changes = List.copyOf(changes);
    }

    public static BundleDiff between(PolicyBundle before, PolicyBundle after) {
        var changes = new ArrayList<Change>();
        compare("Provider", before.providers(), after.providers(), changes);
        compare("Route", before.routes(), after.routes(), changes);
        compare("Rule", byName(before.rules(), RuleSpec::name), byName(after.rules(), RuleSpec::name), changes);
        compare("Limit", byName(before.limits(), LimitSpec::name), byName(after.limits(), LimitSpec::name), changes);
        compare("Price", byName(before.prices(), PriceSpec::name), byName(after.prices(), PriceSpec::name), changes);
        compare("PolicyTest", byName(before.tests(), PolicyTestSpec::name), byName(after.tests(), PolicyTestSpec::name), changes);
        return new BundleDiff(changes);
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /** One line, for history: {@code Rule +1 ~2; Route -1}. */
    public String summary() {
        if (changes.isEmpty()) {
            return "no changes";
        }
        var byKind = changes.stream().collect(Collectors.groupingBy(Change::kind, LinkedHashMap::new, Collectors.toList()));
        return byKind.entrySet().stream().map(entry -> entry.getKey() + " " + count(entry.getValue(), Type.ADDED, "+")
                        + count(entry.getValue(), Type.REMOVED, "-") + count(entry.getValue(), Type.CHANGED, "~"))
                .map(String::strip).collect(Collectors.joining("; "));
    }

    private static String count(List<Change> changes, Type type, String sign) {
        long n = changes.stream().filter(change -> change.type() == type).count();
        return n == 0 ? "" : sign + n + " ";
    }

    private static <T> Map<String, T> byName(List<T> items, Function<T, String> name) {
        var map = new LinkedHashMap<String, T>();
        items.forEach(item -> map.put(name.apply(item), item));
        return map;
    }

    private static void compare(String kind, Map<String, ?> before, Map<String, ?> after, List<Change> changes) {
        before.forEach((name, value) -> {
            if (!after.containsKey(name)) {
                changes.add(new Change(kind, name, Type.REMOVED));
            } else if (!Objects.equals(value, after.get(name))) {
                changes.add(new Change(kind, name, Type.CHANGED));
            }
        });
        after.keySet().stream().filter(name -> !before.containsKey(name))
                .forEach(name -> changes.add(new Change(kind, name, Type.ADDED)));
    }
}
