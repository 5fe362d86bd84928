package io.bankstream.core.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which SQLExceptions {@link TransientErrors} calls transient, data errors, or neither. */
class TransientErrorsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "08000", "08001", "08003", "08006", "40001", "40P01", "55P03", "57P01", "57P02", "57P03",
        "53300"
      })
  void connectionLossConflictsAndShutdownsAreTransient(String state) {
    SQLException error = new SQLException("boom", state);

    assertThat(TransientErrors.isTransient(error)).isTrue();
    assertThat(TransientErrors.isDataError(error)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"23514", "23503", "23505", "22003", "22P02", "22001"})
  void constraintAndValueErrorsAreDataErrors(String state) {
    SQLException error = new SQLException("bad row", state);

    assertThat(TransientErrors.isTransient(error)).isFalse();
    assertThat(TransientErrors.isDataError(error)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"28P01", "3D000", "42P01", "42601", "57014", "XX000"})
  void otherErrorsArePermanentAndNotAboutTheData(String state) {
    SQLException error = new SQLException("no", state);

    assertThat(TransientErrors.isTransient(error)).isFalse();
    assertThat(TransientErrors.isDataError(error)).isFalse();
  }

  @Test
  void aPoolTimeoutIsTransientUnlessItsCauseIsPermanent() {
    SQLException poolBusy = new SQLTransientConnectionException("Connection is not available");
    SQLException serverDown =
        new SQLTransientConnectionException(
            "Connection is not available", "08001", new SQLException("refused", "08001"));
    SQLException wrongPassword =
        new SQLTransientConnectionException(
            "Connection is not available",
            "28P01",
            new SQLException("password authentication failed", "28P01"));

    assertThat(TransientErrors.isTransient(poolBusy)).isTrue();
    assertThat(TransientErrors.isTransient(serverDown)).isTrue();
    assertThat(TransientErrors.isTransient(wrongPassword)).isFalse();
  }

  @Test
  void theSqlStateIsFoundInCausesAndNextExceptions() {
    BatchUpdateException batch = new BatchUpdateException("batch failed", null, 0, new int[0]);
    batch.setNextException(new SQLException("deadlock detected", "40P01"));
    SQLException wrapped = new SQLException("wrapper", null, new SQLException("lost", "08006"));

    assertThat(TransientErrors.sqlState(batch)).isEqualTo("40P01");
    assertThat(TransientErrors.isTransient(batch)).isTrue();
    assertThat(TransientErrors.sqlState(wrapped)).isEqualTo("08006");
    assertThat(TransientErrors.sqlState(new SQLException("none"))).isNull();
    assertThat(TransientErrors.isTransient(new SQLException("none"))).isFalse();
  }
}
