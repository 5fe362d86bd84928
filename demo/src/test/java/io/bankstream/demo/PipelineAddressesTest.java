package io.bankstream.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineAddressesTest {

  @TempDir Path directory;

  @Test
  void announcesEachAddressOnceAsItAppearsInTheLog() throws IOException {
    Path log = directory.resolve("demo-flink.log");
    PipelineAddresses addresses = new PipelineAddresses(log);
    assertThat(addresses.newlyAnnounced()).isEmpty(); // No log yet.

    Files.writeString(
        log,
        "Pipeline starting on FlinkRunner: reading bank_transactions\n"
            + "Prometheus metrics: http://127.0.0.1:9464/metrics\n");
    assertThat(addresses.newlyAnnounced())
        .containsExactly("Prometheus metrics: http://127.0.0.1:9464/metrics");

    Files.writeString(
        log,
        "[flink-rest-server-netty-boss-thread-1] INFO"
            + " org.apache.flink.runtime.dispatcher.DispatcherRestEndpoint - Web frontend"
            + " listening at http://127.0.0.1:8082.\n",
        StandardOpenOption.APPEND);
    assertThat(addresses.newlyAnnounced()).containsExactly("Flink web UI: http://127.0.0.1:8082");
    assertThat(addresses.newlyAnnounced()).isEmpty();
  }

  @Test
  void aPipelineInTheDemosJvmHasNoLogToRead() {
    assertThat(PipelineAddresses.NONE.newlyAnnounced()).isEmpty();
  }
}
