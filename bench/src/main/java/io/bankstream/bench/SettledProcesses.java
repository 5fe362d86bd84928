package io.bankstream.bench;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which processes to count for a contender's memory: its roots (its JVM, a cluster's daemons)
 * always, and each of their descendants once it was also there at the previous call.
 *
 * <p>Why: a JVM starts a process with {@code posix_spawn}, whose child shares the parent's memory
 * until it calls exec; {@code /proc/<child>/status} then shows the parent's resident set and
 * high-water mark, and a sample taken in that instant counted the JVM twice (Spark {@code local}
 * was reported at 2.7 GB where its JVM's own high-water mark was 1.4 GB). A child that lives to a
 * second sample has long since exec'd; one that lives less than a sampling period is not counted.
 * No library separates the two, so this is by hand.
 */
final class SettledProcesses {

  private Set<ProcessHandle> seenBefore = Set.of();

  /** The roots and their descendants seen at the previous call too. */
  synchronized List<ProcessHandle> of(List<ProcessHandle> roots) {
    List<ProcessHandle> counted = new ArrayList<>(roots);
    Set<ProcessHandle> seenNow = new HashSet<>();
    for (ProcessHandle root : roots) {
      root.descendants()
          .forEach(
              child -> {
                seenNow.add(child);
                if (seenBefore.contains(child)) {
                  counted.add(child);
                }
              });
    }
    seenBefore = seenNow;
    return counted;
  }
}
