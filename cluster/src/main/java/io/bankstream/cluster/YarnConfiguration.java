package io.bankstream.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What {@link YarnCluster} writes to its work directory before it starts its daemons: Hadoop's
 * {@code core-site.xml}, {@code yarn-site.xml} and {@code capacity-scheduler.xml} for its ports,
 * memory and directories, and its clients' Spark {@code spark-defaults.conf} and Flink {@code
 * flink-conf.yaml}, sized for its node.
 */
final class YarnConfiguration {

  private final YarnCluster cluster;
  private final WorkDirectory work;
  private final YarnCluster.ClaimedPorts ports;
  private final Path home;
  private final int nodeVcores;

  YarnConfiguration(
      YarnCluster cluster,
      WorkDirectory work,
      YarnCluster.ClaimedPorts ports,
      Path home,
      int nodeVcores) {
    this.cluster = cluster;
    this.work = work;
    this.ports = ports;
    this.home = home;
    this.nodeVcores = nodeVcores;
  }

  /** Hadoop's, Spark's and Flink's configuration for this cluster, all in the work directory. */
  void write() {
    Path conf = work.subdirectory("conf");
    String tmp = work.subdirectory("tmp").toString();
    Map<String, String> core = new LinkedHashMap<>();
    // No HDFS: staging directories and resource localisation go through the local file system.
    core.put("fs.defaultFS", "file:///");
    core.put("hadoop.tmp.dir", tmp);
    writeSite(conf.resolve("core-site.xml"), core);

    Map<String, String> yarn = new LinkedHashMap<>();
    yarn.put("yarn.resourcemanager.hostname", "127.0.0.1");
    yarn.put("yarn.resourcemanager.bind-host", "127.0.0.1");
    yarn.put("yarn.resourcemanager.address", "127.0.0.1:" + ports.rm());
    yarn.put("yarn.resourcemanager.scheduler.address", "127.0.0.1:" + ports.scheduler());
    yarn.put("yarn.resourcemanager.resource-tracker.address", "127.0.0.1:" + ports.tracker());
    yarn.put("yarn.resourcemanager.admin.address", "127.0.0.1:" + ports.admin());
    yarn.put("yarn.resourcemanager.webapp.address", "127.0.0.1:" + ports.webUi());
    yarn.put(
        "yarn.resourcemanager.scheduler.class",
        "org.apache.hadoop.yarn.server.resourcemanager.scheduler.capacity.CapacityScheduler");
    // The ResourceManager's stores, which default to /tmp/hadoop-yarn-<user>.
    yarn.put(
        "yarn.node-attribute.fs-store.root-dir",
        work.subdirectory("rm-node-attributes").toUri().toString());
    yarn.put(
        "yarn.node-labels.fs-store.root-dir",
        work.subdirectory("rm-node-labels").toUri().toString());
    yarn.put("yarn.scheduler.minimum-allocation-mb", "128");
    yarn.put("yarn.scheduler.maximum-allocation-mb", Integer.toString(cluster.nodeMemoryMb()));
    yarn.put("yarn.scheduler.maximum-allocation-vcores", Integer.toString(nodeVcores));
    // The NodeManager's own ports are free ones (nothing needs to know them in advance: it tells
    // the ResourceManager), as Hadoop's MiniYARNCluster does.
    yarn.put("yarn.nodemanager.hostname", "127.0.0.1");
    yarn.put("yarn.nodemanager.bind-host", "127.0.0.1");
    yarn.put("yarn.nodemanager.address", "127.0.0.1:0");
    yarn.put("yarn.nodemanager.localizer.address", "127.0.0.1:0");
    yarn.put("yarn.nodemanager.webapp.address", "127.0.0.1:0");
    yarn.put("yarn.nodemanager.collector-service.address", "127.0.0.1:0");
    yarn.put("yarn.nodemanager.resource.memory-mb", Integer.toString(cluster.nodeMemoryMb()));
    yarn.put("yarn.nodemanager.resource.cpu-vcores", Integer.toString(nodeVcores));
    // Virtual memory means little for JVMs with large reservations; physical memory is checked.
    yarn.put("yarn.nodemanager.vmem-check-enabled", "false");
    yarn.put("yarn.nodemanager.local-dirs", work.subdirectory("nm-local").toString());
    yarn.put("yarn.nodemanager.log-dirs", cluster.containerLogDirectory().toString());
    yarn.put("yarn.log-aggregation-enable", "false");
    // A container's files stay until the cluster stops, to be read after a failure.
    yarn.put("yarn.nodemanager.delete.debug-delay-sec", "3600");
    // A full disk here is the other tenant's business: do not mark the directories bad at 90%.
    yarn.put("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", "99");
    // What the clients put on a container's class path after its own files (Flink's do; Spark's
    // jars carry their own Hadoop): the shaded Hadoop client, which spares the pipeline's
    // Jackson the clash with unshaded Hadoop's.
    yarn.put(
        "yarn.application.classpath", "$HADOOP_CONF_DIR," + home.resolve("hadoop/client") + "/*");
    writeSite(conf.resolve("yarn-site.xml"), yarn);

    Map<String, String> capacity = new LinkedHashMap<>();
    capacity.put("yarn.scheduler.capacity.root.queues", "default");
    capacity.put("yarn.scheduler.capacity.root.default.capacity", "100");
    capacity.put("yarn.scheduler.capacity.root.default.maximum-capacity", "100");
    // One small node: ApplicationMasters may use all of it (the default 10% is less than one).
    capacity.put("yarn.scheduler.capacity.maximum-am-resource-percent", "1.0");
    writeSite(conf.resolve("capacity-scheduler.xml"), capacity);
    copy(home.resolve("hadoop/conf/log4j.properties"), conf);

    writeSparkConfiguration();
    writeFlinkConfiguration();
  }

  private void writeSparkConfiguration() {
    Path conf = work.subdirectory("spark-conf");
    try (Stream<Path> files = Files.list(cluster.sparkHome().resolve("conf"))) {
      files.forEach(file -> copy(file, conf));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> defaults = new LinkedHashMap<>();
    // The Spark jars are on the node already: nothing to upload per application.
    defaults.put("spark.yarn.jars", "local:" + cluster.sparkHome().resolve("jars") + "/*");
    defaults.put("spark.yarn.populateHadoopClasspath", "false");
    defaults.put("spark.yarn.stagingDir", work.subdirectory("spark-staging").toUri().toString());
    // Containers of 1 GB: 640 MB of heap and Spark's 384 MB overhead.
    defaults.put("spark.driver.memory", "640m");
    defaults.put("spark.executor.memory", "640m");
    defaults.put("spark.executor.instances", "1");
    defaults.put("spark.executor.cores", "1");
    defaults.put("spark.yarn.maxAppAttempts", "1");
    defaults.put("spark.yarn.appMasterEnv.SPARK_LOCAL_IP", "127.0.0.1");
    defaults.put("spark.executorEnv.SPARK_LOCAL_IP", "127.0.0.1");
    defaults.put("spark.driver.bindAddress", "127.0.0.1");
    defaults.put("spark.ui.enabled", "false");
    StringBuilder text =
        new StringBuilder("# Written by bankstream's YarnCluster for the YARN at ")
            .append(cluster.resourceManagerAddress())
            .append(".\n");
    defaults.forEach((key, value) -> text.append(key).append(' ').append(value).append('\n'));
    write(conf.resolve("spark-defaults.conf"), text.toString());
  }

  private void writeFlinkConfiguration() {
    Path conf = work.subdirectory("flink-conf");
    for (String file : List.of("log4j.properties", "log4j-cli.properties")) {
      copy(cluster.flinkHome().resolve("conf").resolve(file), conf);
    }
    Map<String, String> flink = new LinkedHashMap<>();
    // Flink's containers keep their scratch files (the web UI's among them) in java.io.tmpdir,
    // which YARN does not set for them; a killed application's would stay in /tmp.
    flink.put(
        "env.java.opts.all",
        String.join(" ", JvmOptions.read(cluster.flinkHome().resolve("conf/jvm.options")))
            + " -Djava.io.tmpdir="
            + work.subdirectory("tmp"));
    // Containers of 1 GB: a JobManager and one TaskManager of one slot per job.
    flink.put("jobmanager.memory.process.size", "1024m");
    flink.put("taskmanager.memory.process.size", "1024m");
    flink.put("taskmanager.numberOfTaskSlots", "1");
    flink.put("parallelism.default", "1");
    flink.put("jobmanager.bind-host", "127.0.0.1");
    flink.put("taskmanager.bind-host", "127.0.0.1");
    flink.put("taskmanager.host", "127.0.0.1");
    flink.put("rest.bind-address", "127.0.0.1");
    flink.put("rest.bind-port", "0");
    flink.put("yarn.application-master.port", "0");
    // No flink-dist artifact is served: flink-yarn's jar stands in for it (it holds the YARN
    // entry points), and lib/ (FLINK_LIB_DIR) is shipped with it.
    flink.put("yarn.flink-dist-jar", flinkDistJar().toString());
    flink.put("yarn.staging-directory", work.subdirectory("flink-staging").toUri().toString());
    flink.put("yarn.application-attempts", "1");
    // Else the client prints a harmless "Trying to access closed classloader" as it exits.
    flink.put("classloader.check-leaked-classloader", "false");
    StringBuilder text =
        new StringBuilder("# Written by bankstream's YarnCluster for the YARN at ")
            .append(cluster.resourceManagerAddress())
            .append(".\n");
    flink.forEach((key, value) -> text.append(key).append(": ").append(value).append('\n'));
    write(conf.resolve("flink-conf.yaml"), text.toString());
  }

  private Path flinkDistJar() {
    try (Stream<Path> files = Files.list(cluster.flinkHome().resolve("dist"))) {
      return files
          .filter(file -> file.getFileName().toString().endsWith(".jar"))
          .findFirst()
          .orElseThrow(
              () -> new ClusterStartException("no jar in " + cluster.flinkHome().resolve("dist")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A Hadoop {@code *-site.xml}. Written by hand: Hadoop's own {@code Configuration.writeXml} would
   * put Hadoop on this module's class path for a dozen lines of XML.
   */
  private static void writeSite(Path file, Map<String, String> properties) {
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<configuration>\n");
    properties.forEach(
        (name, value) ->
            xml.append("  <property><name>")
                .append(escape(name))
                .append("</name><value>")
                .append(escape(value))
                .append("</value></property>\n"));
    write(file, xml.append("</configuration>\n").toString());
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static void copy(Path file, Path directory) {
    try {
      Files.copy(
          file,
          directory.resolve(file.getFileName().toString()),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + file + ": " + e.getMessage(), e);
    }
  }
}
