package io.bankstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SettledProcessesTest {

  @Test
  void aChildCountsFromTheSecondTimeItIsSeenAndTheRootsAlways() throws Exception {
    SettledProcesses settled = new SettledProcesses();
    ProcessHandle self = ProcessHandle.current();
    settled.of(List.of(self));
    Process child = new ProcessBuilder("sleep", "30").start();
    try {
      // New since the last call: it may still share this JVM's memory (spawned, not yet exec'd).
      assertThat(settled.of(List.of(self))).contains(self).doesNotContain(child.toHandle());
      assertThat(settled.of(List.of(self))).contains(self, child.toHandle());
    } finally {
      child.destroyForcibly().waitFor();
    }
    assertThat(settled.of(List.of(self))).containsExactly(self);
  }
}
