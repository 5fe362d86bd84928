package io.bankstream.model.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.model.Money;
import io.bankstream.model.PaymentModality;
import io.bankstream.model.Region;
import io.bankstream.model.UserProfile;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.math.BigDecimal;
import java.sql.Connection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Writes and reads users against a real PostgreSQL with the migrated schema. */
class UserProfilesIT {

  private static EmbeddedPostgres postgres;
  private static DataSource dataSource;

  @BeforeAll
  static void start() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    dataSource = postgres.getPostgresDatabase();
    Migrations.apply(dataSource);
  }

  @AfterAll
  static void stop() throws Exception {
    postgres.close();
  }

  @Test
  void insertsOnceAndReadsBackEveryField() throws Exception {
    List<UserProfile> users = new ArrayList<>();
    Region[] regions = Region.values();
    Instant createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    for (int i = 0; i < 2_500; i++) {
      Map<PaymentModality, BigDecimal> limits = new EnumMap<>(PaymentModality.class);
      limits.put(PaymentModality.PIX, Money.of(Integer.toString(1_000 + i)));
      limits.put(PaymentModality.TED, Money.of(Integer.toString(2_000 + i)));
      limits.put(PaymentModality.DOC, Money.of(Integer.toString(3_000 + i)));
      limits.put(PaymentModality.BOLETO, Money.of(Integer.toString(4_000 + i)));
      users.add(
          new UserProfile(
              UUID.randomUUID(),
              regions[i % regions.length],
              Money.of(i + ".25"),
              limits,
              createdAt.plusSeconds(i)));
    }

    try (Connection connection = dataSource.getConnection()) {
      assertThat(UserProfiles.insertAll(connection, users)).isEqualTo(2_500);
      assertThat(UserProfiles.insertAll(connection, users.subList(0, 10))).isZero();
      assertThat(UserProfiles.count(connection)).isEqualTo(2_500);
      assertThat(UserProfiles.loadAll(connection)).containsExactlyInAnyOrderElementsOf(users);
    }
  }
}
