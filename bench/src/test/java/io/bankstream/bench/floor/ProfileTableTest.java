package io.bankstream.bench.floor;

import static io.bankstream.bench.floor.FloorFixtures.ledger;
import static io.bankstream.bench.floor.FloorFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.model.UserProfile;
import io.bankstream.model.db.UserProfiles.LedgerEntry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ProfileTableTest {

  private static final long HALF_A_SECOND = Duration.ofMillis(500).toNanos();
  private static final long ONE_SECOND = Duration.ofSeconds(1).toNanos();
  private static final Duration REFRESH = Duration.ofMinutes(1);

  private final List<LedgerEntry> table = new ArrayList<>();
  private long now;
  private int loads;
  private boolean down;

  private final ProfileTable profiles =
      new ProfileTable(
          () -> {
            loads++;
            if (down) {
              throw new SQLException("connection refused", "08001");
            }
            return List.copyOf(table);
          },
          REFRESH,
          () -> now);

  @Test
  void aMissReloadsAtMostOnceASecondSoANewUserIsFound() {
    profiles.load(List.of());
    UserProfile seededLater = user("10");
    table.add(ledger(seededLater));

    now += HALF_A_SECOND;
    assertThat(profiles.find(seededLater.id())).as("too soon to reload").isNull();
    now += HALF_A_SECOND;
    assertThat(profiles.find(seededLater.id())).isNotNull();
    assertThat(profiles.find(UUID.randomUUID())).isNull();
    assertThat(loads).isEqualTo(1);
  }

  @Test
  void theTableIsReloadedWholeEveryRefreshInterval() {
    UserProfile first = user("10");
    profiles.load(List.of(ledger(first)));
    table.add(ledger(user("20")));

    profiles.refreshIfDue();
    now += REFRESH.toNanos();
    profiles.refreshIfDue();

    assertThat(loads).isEqualTo(1);
    assertThat(profiles.size()).isEqualTo(1);
    assertThat(profiles.find(first.id())).as("no longer in usuarios").isNull();
  }

  @Test
  void aFailedReloadKeepsTheUsersLoadedBefore() {
    UserProfile known = user("10");
    profiles.load(List.of(ledger(known)));
    down = true;

    now += REFRESH.toNanos();
    profiles.refreshIfDue();
    now += ONE_SECOND;
    profiles.find(UUID.randomUUID());

    assertThat(profiles.find(known.id())).isNotNull();
    assertThat(loads).isEqualTo(2);
  }
}
