package dev.warden.gateway.decisionlog;

import java.time.Instant;

/**
 * An instant's ISO-8601 text in UTC, as {@link Instant#toString()} writes it (seconds always, and a
 * fraction of 3, 6 or 9 digits when there is one), written as ASCII bytes straight into a buffer:
 * every decision record has a timestamp, and the JDK's formatter made a string of it only for
 * its characters to be copied. Years outside 0000-9999, which have a sign or a fifth digit there,
 * are left to the JDK.
 */
final class IsoInstant {

    /** The longest text written: {@code yyyy-MM-ddTHH:mm:ss.nnnnnnnnnZ}. */
    static final int MAX_LENGTH = 30;

    private static final long SECONDS_PER_DAY = 86_400;
    private static final long FIRST_SECOND_OF_YEAR_0 = -62_167_219_200L;
    private static final long LAST_SECOND_OF_YEAR_9999 = 253_402_300_799L;

    private IsoInstant() {
    }

    /** Whether {@link #write} can write the instant: its year is 0000 to 9999. */
    static boolean fits(Instant instant) {
        long seconds = instant.getEpochSecond();
        return seconds >= FIRST_SECOND_OF_YEAR_0 && seconds <= LAST_SECOND_OF_YEAR_9999;
    }

    /**
     * Writes the instant at {@code at}, where {@link #MAX_LENGTH} bytes are free.
     *
     * @return the index just past what was written
     */
    static int write(Instant instant, byte[] out, int at) {
        long seconds = instant.getEpochSecond();
        int i = civilDate(Math.floorDiv(seconds, SECONDS_PER_DAY), out, at);
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        out[i++] = 'T';
        i = decimal(secondOfDay / 3600, 2, out, i);
        out[i++] = ':';
        i = decimal(secondOfDay / 60 % 60, 2, out, i);
        out[i++] = ':';
        i = decimal(secondOfDay % 60, 2, out, i);
        int nanos = instant.getNano();
        if (nanos != 0) {
            out[i++] = '.';
            if (nanos % 1_000_000 == 0) {
                i = decimal(nanos / 1_000_000, 3, out, i);
            } else if (nanos % 1_000 == 0) {
                i = decimal(nanos / 1_000, 6, out, i);
            } else {
                i = decimal(nanos, 9, out, i);
            }
        }
        out[i++] = 'Z';
        return i;
    }

    /**
     * yyyy-MM-dd of a day counted from 1970-01-01, in the proleptic Gregorian calendar, for years
     * 0 to 9999 (H. Hinnant's days-to-civil algorithm, which {@code LocalDate.ofEpochDay} uses too).
     */
    private static int civilDate(long epochDay, byte[] out, int at) {
        long days = epochDay + 719_468; // from 0000-03-01
        long era = Math.floorDiv(days, 146_097);
        long dayOfEra = days - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long shiftedMonth = (5 * dayOfYear + 2) / 153; // 0 = March
        int day = (int) (dayOfYear - (153 * shiftedMonth + 2) / 5 + 1);
        int month = (int) (shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9);
        int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
        int i = decimal(year, 4, out, at);
        out[i++] = '-';
        i = decimal(month, 2, out, i);
        out[i++] = '-';
        return decimal(day, 2, out, i);
    }

    /** A non-negative value in exactly {@code digits} decimal digits, zero-padded. */
    private static int decimal(int value, int digits, byte[] out, int at) {
        for (int i = at + digits - 1; i >= at; i--) {
            out[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        return at + digits;
    }
}
