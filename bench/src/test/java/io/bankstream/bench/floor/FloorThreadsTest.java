package io.bankstream.bench.floor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Which partitions each of the floor's consumers reads. */
class FloorThreadsTest {

  private static List<TopicPartition> partitions(int count) {
    return IntStream.range(0, count).mapToObj(p -> new TopicPartition("t", p)).toList();
  }

  private static List<List<Integer>> numbers(List<List<TopicPartition>> assignment) {
    return assignment.stream()
        .map(each -> each.stream().map(TopicPartition::partition).toList())
        .toList();
  }

  @Test
  void consumerIReadsThePartitionsPWithPModuloNEqualToI() {
    assertThat(numbers(FloorThreads.assignment(partitions(4), 2)))
        .containsExactly(List.of(0, 2), List.of(1, 3));
    assertThat(numbers(FloorThreads.assignment(partitions(4), 3)))
        .containsExactly(List.of(0, 3), List.of(1), List.of(2));
    assertThat(numbers(FloorThreads.assignment(partitions(4), 1)))
        .containsExactly(List.of(0, 1, 2, 3));
  }

  @Test
  void moreConsumersThanPartitionsRunsOnePerPartition() {
    assertThat(numbers(FloorThreads.assignment(partitions(2), 8)))
        .containsExactly(List.of(0), List.of(1));
  }
}
