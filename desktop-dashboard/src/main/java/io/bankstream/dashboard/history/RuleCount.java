package io.bankstream.dashboard.history;

/** How many transactions one rule ({@code SALDO}, {@code RISCO}, ...) rejected in a range. */
public record RuleCount(String rule, long count) {}
