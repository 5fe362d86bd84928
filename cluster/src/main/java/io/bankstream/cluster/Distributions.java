package io.bankstream.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Where a build of bankstream keeps the distributions it assembles from Maven Central: {@code
 * cluster/flink-dist/target/flink-<version>}, {@code cluster/spark-dist/target/spark-<version>} and
 * {@code cluster/yarn-dist/target/yarn-<version>}.
 */
public final class Distributions {

  private Distributions() {}

  /** The Flink distribution under the repository {@code root}. */
  public static Path flinkHome(Path root) {
    return find(root.resolve("cluster/flink-dist/target"), "flink-", "cluster/flink-dist");
  }

  /** The Spark distribution under the repository {@code root}. */
  public static Path sparkHome(Path root) {
    return find(root.resolve("cluster/spark-dist/target"), "spark-", "cluster/spark-dist");
  }

  /**
   * The YARN distribution under the repository {@code root}: Hadoop's daemons and the Spark and
   * Flink homes that submit to them ({@code cluster/yarn-dist/target/yarn-<Hadoop version>}).
   */
  public static Path yarnHome(Path root) {
    return find(root.resolve("cluster/yarn-dist/target"), "yarn-", "cluster/yarn-dist");
  }

  /** {@code 1.19.1} from {@code .../flink-1.19.1}. */
  public static String version(Path home) {
    String name = home.getFileName().toString();
    return name.substring(name.indexOf('-') + 1);
  }

  private static Path find(Path target, String prefix, String module) {
    if (Files.isDirectory(target)) {
      try (Stream<Path> entries = Files.list(target)) {
        var found =
            entries
                .filter(Files::isDirectory)
                .filter(path -> path.getFileName().toString().startsWith(prefix))
                .filter(path -> path.getFileName().toString().matches(prefix + "[0-9.]+"))
                .findFirst();
        if (found.isPresent()) {
          return found.get().toAbsolutePath();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw new ClusterStartException(
        "no distribution in "
            + target
            + ": build it with `mvn -B -DskipTests package -pl "
            + module
            + "` (./bankstream builds it on first use)");
  }
}
