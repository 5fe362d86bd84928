package io.bankstream.bench;

/**
 * One contender's run, as the report shows it.
 *
 * @param contender floor, direct, flink or spark
 * @param mode {@code backlog} (N records loaded first), {@code steady} (records offered at a rate
 *     while it runs), {@code soak} (the same for a long time) or {@code capacity} (the checks over
 *     every step of a capacity search)
 * @param offeredPerSecond the steady rate offered; 0 for a backlog
 * @param records records published for the measured phase
 * @param rows of them, in {@code transacoes}
 * @param deadLetters of them, in {@code dead_letters}
 * @param complete whether every record was written before the deadline
 * @param exactlyOnce every record in {@code transacoes} or {@code dead_letters}, none twice
 * @param ledgerHolds no balance below zero, money conserved, every balance equal to its seed value
 *     minus approved debits plus approved credits
 * @param perSecond records written per second, from the first decision to the last write
 * @param activeSeconds from the first decision to the last write
 * @param wallSeconds from starting the JVM to seeing the last record written
 * @param p50Millis latency from Kafka append to PostgreSQL write, median
 * @param p95Millis likewise, 95th percentile
 * @param p99Millis likewise, 99th percentile
 * @param maxMillis likewise, the largest
 * @param drainSeconds steady mode: from the last record sent to the last written
 * @param peakMebibytes the JVM's peak resident memory
 * @param problem why the run fell short, or null
 */
record RunResult(
    String contender,
    String mode,
    double offeredPerSecond,
    long records,
    long rows,
    long deadLetters,
    boolean complete,
    boolean exactlyOnce,
    boolean ledgerHolds,
    double perSecond,
    double activeSeconds,
    double wallSeconds,
    double p50Millis,
    double p95Millis,
    double p99Millis,
    double maxMillis,
    double drainSeconds,
    long peakMebibytes,
    String problem) {}
