package io.bankstream.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bankstream.model.net.LoopbackPorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A port taken between the check and Kafka's bind fails the start with an exception naming the
 * port, and the JVM lives on: Kafka's own fault handler halts the process, which killed a test JVM
 * once and would leave the stack's PostgreSQL and Redis running.
 */
class EmbeddedKafkaIT {

  private Path logDir;

  @BeforeEach
  void createLogDir() throws IOException {
    logDir = Files.createTempDirectory("bankstream-kafka-");
  }

  @AfterEach
  void deleteLogDir() throws IOException {
    try (Stream<Path> paths = Files.walk(logDir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  @Test
  void aTakenControllerPortFailsTheStartAndTheJvmLivesOn() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      assertThatThrownBy(() -> EmbeddedKafka.start(logDir, free(), port, 1, null).close())
          .isInstanceOf(PortInUseException.class)
          .hasMessage("Kafka controller port " + port + " on 127.0.0.1 is already in use");
    }
    assertThat(startsAndAnswers()).isTrue();
  }

  @Test
  void aTakenBrokerPortFailsTheStartAndTheJvmLivesOn() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      assertThatThrownBy(() -> EmbeddedKafka.start(logDir, port, free(), 1, null).close())
          .isInstanceOf(PortInUseException.class)
          .hasMessage("Kafka port " + port + " on 127.0.0.1 is already in use");
    }
    assertThat(startsAndAnswers()).isTrue();
  }

  private static int free() {
    return LoopbackPorts.pickFree().orElseThrow();
  }

  /** After a failed start, the same directory serves a broker on free ports. */
  private boolean startsAndAnswers() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(logDir, free(), free(), 1, null)) {
      kafka.createTopic("after-a-failed-start", 1);
      return true;
    }
  }
}
