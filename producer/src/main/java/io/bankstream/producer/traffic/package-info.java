/**
 * The synthetic traffic model: users, normal transactions, labelled fraud scenarios and malformed
 * records, all drawn from a seeded {@link java.util.Random} so a seed gives the same sequence.
 */
package io.bankstream.producer.traffic;
