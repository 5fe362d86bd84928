package io.bankstream.cluster;

import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What every cluster's {@code Builder.start()} does around its own daemons: refuse a missing
 * distribution with the command that builds it; then, once the ports are claimed, take the work
 * directory, start the daemons, and if one does not come up stop every one started (and delete a
 * temporary work directory) before the error goes on.
 */
final class ClusterStart {

  private ClusterStart() {}

  /**
   * Throws unless {@code found}: no {@code engine} distribution at {@code home} (no {@code
   * missing}), with the Maven command that builds {@code module}.
   */
  static void requireDistribution(
      boolean found, String engine, Path home, String missing, String module) {
    if (!found) {
      throw new ClusterStartException(
          "no "
              + engine
              + " distribution at "
              + home
              + " (no "
              + missing
              + "): build it with `mvn -B -DskipTests package -pl "
              + module
              + "`");
    }
  }

  /**
   * The cluster {@code create} makes on the work directory ({@code named}, or a temporary {@code
   * prefix*}), once {@code startDaemons} has returned; if it throws, {@code close} stops what it
   * started before the exception is rethrown.
   */
  static <C> C start(
      Path named,
      String prefix,
      Function<WorkDirectory, C> create,
      Consumer<C> startDaemons,
      Consumer<C> close) {
    C cluster = create.apply(WorkDirectory.of(named, prefix));
    try {
      startDaemons.accept(cluster);
      return cluster;
    } catch (RuntimeException e) {
      close.accept(cluster);
      throw e;
    }
  }
}
