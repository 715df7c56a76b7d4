package dev.warden.policy.internal;

/** The Luhn (mod 10) check digit test that every payment card number passes. */
final class Luhn {

    private Luhn() {
    }

    /** Whether the digits of text between start and end, ignoring anything else, pass the check. */
    static boolean isValid(CharSequence text, int start, int end) {
        int sum = 0;
        boolean doubled = false;
        for (int i = end - 1; i >= start; i--) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                continue;
            }
            int digit = c - '0';
            if (doubled) {
                digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
            }
            sum += digit;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }
}
