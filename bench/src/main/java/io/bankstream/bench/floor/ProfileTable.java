package io.bankstream.bench.floor;

import io.bankstream.model.db.UserProfiles.LedgerEntry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every user of {@code usuarios} with its ledger total, in a {@link HashMap} by id: what the floor
 * enriches from. The policy is the pipeline's ({@code enrich/UserProfileCache}): the whole table is
 * reloaded every refresh interval, and a lookup that misses reloads it at most once a second, so a
 * user seeded while the floor runs is found within a second. A reload that fails keeps the users
 * loaded before and is tried again after a refresh interval.
 *
 * <p>One table serves every consumer thread of the floor: lookups read the current map (published
 * through a volatile field, never changed after), and one thread at a time reloads, under a lock. A
 * refresh that is due while another thread reloads is skipped (that reload is the refresh); a miss
 * waits for a reload under way and looks again, so the loader must be usable from any thread.
 */
final class ProfileTable {

  /** Reads every user with its ledger total; one query. */
  @FunctionalInterface
  interface Loader {
    List<LedgerEntry> load() throws SQLException;
  }

  private static final Logger LOG = LoggerFactory.getLogger(ProfileTable.class);
  private static final long MISS_RELOAD_NANOS = Duration.ofSeconds(1).toNanos();

  private final Loader loader;
  private final long refreshNanos;
  private final LongSupplier nanoTime;
  private final ReentrantLock reloading = new ReentrantLock();
  private volatile Map<UUID, LedgerEntry> users = Map.of();
  private volatile long loadedAtNanos;
  private final AtomicLong reloads = new AtomicLong();

  /**
   * @param loader reads the table again; {@link #load} gives the first one
   * @param refreshInterval how often the whole table is read again
   * @param nanoTime a monotonic clock, {@code System::nanoTime} outside tests
   */
  ProfileTable(Loader loader, Duration refreshInterval, LongSupplier nanoTime) {
    this.loader = loader;
    this.refreshNanos = refreshInterval.toNanos();
    this.nanoTime = nanoTime;
  }

  /** Starts from {@code all}, read by the caller (who retries while the database is down). */
  void load(List<LedgerEntry> all) {
    replace(all);
  }

  /** Reloads the table if it is older than the refresh interval; once per batch. */
  void refreshIfDue() {
    if (nanoTime.getAsLong() - loadedAtNanos >= refreshNanos && reloading.tryLock()) {
      try {
        if (nanoTime.getAsLong() - loadedAtNanos >= refreshNanos) {
          reload();
        }
      } finally {
        reloading.unlock();
      }
    }
  }

  /** The user {@code id} with its ledger total, or null when there is no such user. */
  LedgerEntry find(UUID id) {
    LedgerEntry entry = users.get(id);
    if (entry == null && nanoTime.getAsLong() - loadedAtNanos >= MISS_RELOAD_NANOS) {
      reloading.lock();
      try {
        entry = users.get(id); // Another thread may have reloaded while this one waited.
        if (entry == null && nanoTime.getAsLong() - loadedAtNanos >= MISS_RELOAD_NANOS) {
          reload();
          entry = users.get(id);
        }
      } finally {
        reloading.unlock();
      }
    }
    return entry;
  }

  /** How many users are loaded. */
  int size() {
    return users.size();
  }

  /** How many times the table was read after the first load. */
  long reloads() {
    return reloads.get();
  }

  /** Reads the table again; the caller holds {@link #reloading}. */
  private void reload() {
    reloads.incrementAndGet();
    try {
      replace(loader.load());
    } catch (SQLException e) {
      LOG.warn(
          "Reloading user profiles failed ({}); serving the {} loaded before",
          e.getMessage(),
          users.size());
      loadedAtNanos = nanoTime.getAsLong(); // Try again after a refresh interval.
    }
  }

  private void replace(List<LedgerEntry> all) {
    Map<UUID, LedgerEntry> byId = new HashMap<>(all.size() * 2);
    for (LedgerEntry entry : all) {
      byId.put(entry.user().id(), entry);
    }
    users = byId; // Published whole: readers see the old map or the new one.
    loadedAtNanos = nanoTime.getAsLong();
  }
}
