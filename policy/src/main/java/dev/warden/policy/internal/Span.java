package dev.warden.policy.internal;

/** A stretch of text, from {@code start} inclusive to {@code end} exclusive, that a detector masks. */
record Span(int start, int end, Detector detector) {
}
