package dev.warden.policy.internal;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Masks payment card numbers: 13 to 19 digits that pass the Luhn check, written together or in
 * groups of at least three digits separated by single spaces or dashes ({@code 4111 1111 1111 1111},
 * {@code 3782-822463-10005}).
 *
 * <p>A card is never cut out of a longer run of digits, a word ({@code x4111...}) or a decimal
 * number ({@code 0.4111...}), which would mask hashes and measurements. Within a longer sequence of
 * groups, the longest card starting at the earliest group is masked, so that a card followed by
 * its security code ({@code 4111 1111 1111 1111 123}) is still found. Groups shorter than three
 * digits end a card, because no card is printed that way while dates and ISBNs are.
 */
final class CardDetector extends Detector {

    private static final int MIN_DIGITS = 13;
    private static final int MAX_DIGITS = 19;
    private static final int MIN_GROUP = 3;
    private static final String GROUP = "[0-9]++(?![A-Za-z_]|[.,][0-9])";
    private static final Pattern SEQUENCE = Pattern.compile(
            "(?<![A-Za-z0-9_]|[0-9][.,])" + GROUP + "(?:[ -]" + GROUP + ")*+");

    CardDetector() {
        super("card");
    }

    @Override
    void find(String text, int from, int to, List<Span> found) {
        if (!hasDigits(text, from, to, MIN_DIGITS)) {
            return;
        }
        var matcher = SEQUENCE.matcher(text).region(from, to);
        while (matcher.find()) {
            findInSequence(text, matcher.start(), matcher.end(), found);
        }
    }

    private void findInSequence(String text, int start, int end, List<Span> found) {
        int group = start;
        while (group < end) {
            int cardEnd = longestCardFrom(text, group, end);
            if (cardEnd >= 0) {
                found.add(new Span(group, cardEnd, this));
                group = cardEnd + 1;
            } else {
                group = digitsEnd(text, group, end, Integer.MAX_VALUE) + 1;
            }
        }
    }

    /** The end of the longest card made of whole groups from start, or -1 if there is none. */
    private static int longestCardFrom(String text, int start, int end) {
        int best = -1;
        int digits = 0;
        for (int group = start; group < end; ) {
            int groupEnd = digitsEnd(text, group, end, MAX_DIGITS + 1);
            int length = groupEnd - group;
            digits += length;
            if (length < MIN_GROUP || digits > MAX_DIGITS) {
                break;
            }
            if (digits >= MIN_DIGITS && Luhn.isValid(text, start, groupEnd)) {
                best = groupEnd;
            }
            group = groupEnd + 1;
        }
        return best;
    }

    /** Whether the region holds at least {@code count} digits: a card cannot be in one that holds fewer. */
    private static boolean hasDigits(String text, int from, int to, int count) {
        int digits = 0;
        for (int i = from; i < to && digits < count; i++) {
            char c = text.charAt(i);
            digits += c >= '0' && c <= '9' ? 1 : 0;
        }
        return digits >= count;
    }

    /** Where the digits from start end, looking at no more than limit of them. */
    private static int digitsEnd(String text, int start, int end, int limit) {
        int i = start;
        while (i < end && i - start < limit && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        return i;
    }
}
