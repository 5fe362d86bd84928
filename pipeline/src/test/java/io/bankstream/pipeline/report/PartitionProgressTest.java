package io.bankstream.pipeline.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PartitionProgressTest {

  @Test
  void lagIsTheRecordsUpToTheEndThatAreNotWritten() {
    PartitionProgress progress = new PartitionProgress(100);

    assertThat(progress.lag(110)).isEqualTo(10);
    progress.add(100);
    progress.add(101);
    assertThat(progress.watermark()).isEqualTo(102);
    assertThat(progress.lag(110)).isEqualTo(8);
  }

  @Test
  void offsetsWrittenAboveAGapWaitAndCountAsWritten() {
    PartitionProgress progress = new PartitionProgress(0);

    progress.add(2);
    progress.add(3);

    assertThat(progress.watermark()).isZero();
    assertThat(progress.pending()).isEqualTo(2);
    assertThat(progress.lag(5)).isEqualTo(3);
    progress.add(0);
    progress.add(1);
    assertThat(progress.watermark()).isEqualTo(4);
    assertThat(progress.pending()).isZero();
    assertThat(progress.lag(5)).isEqualTo(1);
  }

  @Test
  void anOffsetCountsOnceAndNotBelowTheStart() {
    PartitionProgress progress = new PartitionProgress(10);

    assertThat(progress.add(9)).isFalse();
    assertThat(progress.add(12)).isTrue();
    assertThat(progress.add(12)).isFalse();
    assertThat(progress.add(10)).isTrue();
    assertThat(progress.add(10)).isFalse();
  }

  @Test
  void lagIsNeverNegative() {
    PartitionProgress progress = new PartitionProgress(10);

    assertThat(progress.lag(5)).isZero();
  }
}
