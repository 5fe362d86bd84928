package io.bankstream.core.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

/** {@link PostgresConfig}: what it shows, how it travels, what it refuses. */
class PostgresConfigTest {

  private static final String URL = "jdbc:postgresql://db.internal:5432/bank?sslmode=require";

  @Test
  void toStringNeverShowsThePassword() {
    PostgresConfig config = new PostgresConfig(URL, "bank_etl", "s3cr3t-Pa55", 4);

    assertThat(config.toString())
        .doesNotContain("s3cr3t-Pa55")
        .contains(URL, "bank_etl", "password=***", "maxPoolSize=4");
  }

  @Test
  void toStringMasksAPasswordGivenInTheUrl() {
    PostgresConfig config =
        new PostgresConfig(
            "jdbc:postgresql://db:5432/bank?user=bank_etl&password=hunter2&sslmode=verify-full",
            null,
            null,
            2);

    assertThat(config.toString())
        .doesNotContain("hunter2")
        .contains("password=***&sslmode=verify-full", "password=<none>");
  }

  @Test
  void survivesJavaSerialisationAsItDoesInsideADoFn() throws Exception {
    PostgresConfig config = new PostgresConfig(URL, "bank_etl", "s3cr3t", 3);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(config);
    }

    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(in.readObject()).isEqualTo(config);
    }
  }

  @Test
  void refusesAnUrlThatIsNotPostgresAndAnEmptyPool() {
    assertThatThrownBy(() -> new PostgresConfig("jdbc:mysql://x/y?password=p", "u", "p", 1))
        .hasMessageContaining("jdbc:postgresql:")
        .hasMessageNotContaining("password=p");
    assertThatThrownBy(() -> new PostgresConfig(URL, "u", "p", 0))
        .hasMessageContaining("maxPoolSize");
  }
}
