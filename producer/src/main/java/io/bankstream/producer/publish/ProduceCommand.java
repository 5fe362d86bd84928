package io.bankstream.producer.publish;

import io.bankstream.model.UserProfile;
import io.bankstream.model.db.UserProfiles;
import io.bankstream.producer.cli.CliException;
import io.bankstream.producer.cli.DurationConverter;
import io.bankstream.producer.cli.KafkaOptions;
import io.bankstream.producer.cli.PostgresOptions;
import io.bankstream.producer.cli.RateConverter;
import io.bankstream.producer.fuzz.FuzzedTraffic;
import io.bankstream.producer.fuzz.Fuzzer;
import io.bankstream.producer.traffic.EventClock;
import io.bankstream.producer.traffic.GeneratedRecord;
import io.bankstream.producer.traffic.PayerPace;
import io.bankstream.producer.traffic.TrafficModel;
import io.bankstream.producer.traffic.TransactionGenerator;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./bankstream produce}: publishes synthetic transactions for the seeded users to Kafka,
 * keyed by payer, with labelled fraud scenarios and malformed records, and with {@code
 * --fuzz-share} a share of records mutated by the {@link Fuzzer}; each record's header names what
 * it is. Runs until {@code --count}, {@code --duration} or Ctrl-C.
 */
@Command(
    name = "produce",
    mixinStandardHelpOptions = true,
    description =
        "Publishes synthetic transactions to Kafka at a chosen rate, with labelled fraud scenarios"
            + " and malformed records (header "
            + GeneratedRecord.LABEL_HEADER
            + "). Needs seeded users. Runs until --count, --duration or Ctrl-C, then prints a"
            + " summary.",
    sortOptions = false)
public final class ProduceCommand implements Callable<Integer> {

  /** Event times for {@code data_horario}. */
  enum TimeMode {
    /** Now, less a small bounded disorder. */
    live,
    /** A virtual clock whose traffic follows the daily hour profile. */
    simulated
  }

  /** How payers are chosen for normal records. */
  enum PayerMode {
    /** Within a {@link PayerPace#BOUNDED}: a minute between payments, within balance, 2 UFs. */
    bounded,
    /** Uniform over the users, amounts and UFs independent of the payer's past. */
    uniform
  }

  private static final long SEED_SALT_CLOCK = 0x5DEECE66DL;
  private static final long SEED_SALT_FUZZER = 0x2545F4914F6CDD1DL;
  private static final long SEED_SALT_FUZZ_SHARE = 0x9E3779B97F4A7C15L;

  @Spec private CommandSpec spec;

  @Option(
      names = "--rate",
      paramLabel = "<per-second>",
      defaultValue = "100",
      converter = RateConverter.class,
      description = "Records per second, or 'unlimited' (default: ${DEFAULT-VALUE}).")
  private double rate;

  @Option(
      names = "--count",
      paramLabel = "<n>",
      defaultValue = "0",
      description = "Stop after this many records (default: no limit).")
  private long count;

  @Option(
      names = "--duration",
      paramLabel = "<duration>",
      converter = DurationConverter.class,
      description = "Stop after this long, e.g. 30s, 5m (default: no limit).")
  private Duration duration;

  @Option(
      names = "--seed",
      paramLabel = "<long>",
      description =
          "Random seed; the same seed gives the same sequence (default: a random one, printed).")
  private Long seed;

  @Option(
      names = "--fraud-rate",
      paramLabel = "<fraction>",
      defaultValue = "0.02",
      description = "Share of records that belong to fraud scenarios (default: ${DEFAULT-VALUE}).")
  private double fraudRate;

  @Option(
      names = "--malformed-rate",
      paramLabel = "<fraction>",
      defaultValue = "0.005",
      description = "Share of records that break the contract (default: ${DEFAULT-VALUE}).")
  private double malformedRate;

  @Option(
      names = "--fuzz-share",
      paramLabel = "<fraction>",
      defaultValue = "0",
      description =
          "Share of records mutated by the fuzzer (truncation, byte flips, type swaps, huge"
              + " numbers, deep nesting, invalid UTF-8, empty values, control characters, far"
              + " times, oversized, duplicated ids, resent records...), each labelled"
              + " fuzz:<mutation> (default: ${DEFAULT-VALUE}).")
  private double fuzzShare;

  @Option(
      names = "--time-mode",
      paramLabel = "<mode>",
      defaultValue = "live",
      description =
          "Event times: live (now, less up to --max-disorder) or simulated (a virtual clock"
              + " following the daily hour profile) (default: ${DEFAULT-VALUE}).")
  private TimeMode timeMode;

  @Option(
      names = "--simulated-start",
      paramLabel = "<instant>",
      description = "Start of the simulated clock, ISO-8601 (default: now).")
  private Instant simulatedStart;

  @Option(
      names = "--simulated-per-day",
      paramLabel = "<n>",
      defaultValue = "1000000",
      description = "Simulated transactions per simulated day (default: ${DEFAULT-VALUE}).")
  private double simulatedPerDay;

  @Option(
      names = "--max-disorder",
      paramLabel = "<duration>",
      defaultValue = "2s",
      converter = DurationConverter.class,
      description = "Largest delay of an event time behind the clock (default: ${DEFAULT-VALUE}).")
  private Duration maxDisorder;

  @Option(
      names = "--payer-pace",
      paramLabel = "<mode>",
      defaultValue = "bounded",
      description =
          "bounded: a normal payer pays at most once a minute, within its balance, from home or"
              + " one UF of its own, so the rules pass normal traffic at any rate when there are"
              + " enough users (at least 2 x rate x 60 s; ./bankstream demo seeds "
              + PayerPace.USERS_PER_RATE
              + " per transaction a second); uniform: payers drawn uniformly, amounts and UFs"
              + " independent of their past (default: ${DEFAULT-VALUE}).")
  private PayerMode payerPace;

  @Mixin private KafkaOptions kafka;

  @Mixin private PostgresOptions postgres;

  private final Clock clock;

  public ProduceCommand() {
    this(Clock.systemUTC());
  }

  ProduceCommand(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Integer call() throws Exception {
    validate();
    PrintWriter out = spec.commandLine().getOut();
    List<UserProfile> users = loadUsers();
    int partitions = kafka.awaitTopic();
    long runSeed = seed != null ? seed : new Random().nextLong();

    TrafficModel model = TrafficModel.defaults();
    EventClock events =
        timeMode == TimeMode.live
            ? EventClock.live(clock, maxDisorder, new Random(runSeed ^ SEED_SALT_CLOCK))
            : EventClock.simulated(
                simulatedStart != null ? simulatedStart : clock.instant(),
                simulatedPerDay,
                maxDisorder,
                model,
                new Random(runSeed ^ SEED_SALT_CLOCK));
    TransactionGenerator generator =
        payerPace == PayerMode.bounded
            ? new TransactionGenerator(
                users,
                model,
                events,
                new Random(runSeed),
                fraudRate,
                malformedRate,
                PayerPace.BOUNDED)
            : new TransactionGenerator(
                users, model, events, new Random(runSeed), fraudRate, malformedRate);
    FuzzedTraffic traffic =
        new FuzzedTraffic(
            generator,
            new Fuzzer(new Random(runSeed ^ SEED_SALT_FUZZER)),
            new Random(runSeed ^ SEED_SALT_FUZZ_SHARE),
            fuzzShare);

    out.printf(
        "Producing to %s (%d partitions) at %s: %s, %,d users, fraud %.1f%%, malformed %.1f%%,"
            + "%s %s time, seed %d (pass --seed %d to repeat).%n",
        kafka.topic(),
        partitions,
        kafka.bootstrapServers(),
        Double.isInfinite(rate) ? "unlimited rate" : String.format("%,.0f/s", rate),
        users.size(),
        fraudRate * 100,
        malformedRate * 100,
        fuzzShare > 0 ? String.format(" fuzzed %.1f%%,", fuzzShare * 100) : "",
        timeMode,
        runSeed,
        runSeed);
    long busy = PayerPace.BOUNDED.busyUsers(rate);
    if (payerPace == PayerMode.bounded && !Double.isInfinite(rate) && users.size() < 2 * busy) {
      out.printf(
          "warning: %,d users are few for %,.0f/s: %,d of them pay within a minute, so some payers"
              + " pay more than once a minute; seed %,d or more.%n",
          users.size(), rate, busy, PayerPace.usersFor(rate));
    }
    out.flush();

    try (RecordPublisher publisher =
        new RecordPublisher(
            kafka.clientProperties(), kafka.topic(), GeneratedRecord.LABEL_HEADER)) {
      PublishRun.Result result =
          PublishRun.run(
              out,
              publisher,
              () -> {
                GeneratedRecord record = traffic.next();
                return new PublishRun.Outgoing(record.key(), record.value(), record.label());
              },
              rate,
              count,
              duration,
              () -> breakdown(traffic.countsByLabel()));
      return result.failed() == 0 ? 0 : CliException.UNAVAILABLE;
    }
  }

  private void validate() {
    requireFraction("--fraud-rate", fraudRate);
    requireFraction("--malformed-rate", malformedRate);
    if (fraudRate + malformedRate >= 1) {
      throw new ParameterException(
          spec.commandLine(), "--fraud-rate plus --malformed-rate must be below 1");
    }
    if (!(fuzzShare >= 0 && fuzzShare <= 1)) {
      throw new ParameterException(
          spec.commandLine(), "--fuzz-share must be between 0 and 1, was " + fuzzShare);
    }
    if (count < 0) {
      throw new ParameterException(spec.commandLine(), "--count must not be negative");
    }
    if (duration != null && (duration.isNegative() || duration.isZero())) {
      throw new ParameterException(spec.commandLine(), "--duration must be positive");
    }
    if (!(simulatedPerDay > 0)) {
      throw new ParameterException(spec.commandLine(), "--simulated-per-day must be positive");
    }
    if (maxDisorder.isNegative()) {
      throw new ParameterException(spec.commandLine(), "--max-disorder must not be negative");
    }
  }

  private void requireFraction(String option, double value) {
    if (!(value >= 0 && value < 1)) {
      throw new ParameterException(
          spec.commandLine(), option + " must be at least 0 and below 1, was " + value);
    }
  }

  /** Every user, sorted by id so that a seed gives the same sequence whatever the row order. */
  private List<UserProfile> loadUsers() {
    List<UserProfile> users;
    try (Connection connection = postgres.connect()) {
      users = new ArrayList<>(UserProfiles.loadAll(connection));
    } catch (SQLException e) {
      if ("42P01".equals(e.getSQLState())) { // undefined_table
        throw new CliException(
            "no schema at " + postgres.jdbcUrl() + ": run `./bankstream seed` first", e);
      }
      throw new CliException(
          "cannot read users from " + postgres.jdbcUrl() + ": " + e.getMessage(), e);
    }
    if (users.size() < 2) {
      throw new CliException(
          "usuarios at "
              + postgres.jdbcUrl()
              + " holds "
              + users.size()
              + " users, at least 2 are needed: run `./bankstream seed` first");
    }
    users.sort(Comparator.comparing(UserProfile::id));
    return users;
  }

  /** {@code normal 9,310 | fraud 512 (account_takeover 80, ...) | malformed 178 (...)}. */
  static String breakdown(Map<String, Long> countsByLabel) {
    Map<String, Map<String, Long>> groups = new TreeMap<>(Comparator.reverseOrder());
    countsByLabel.forEach(
        (label, n) -> {
          int colon = label.indexOf(':');
          String group = colon < 0 ? label : label.substring(0, colon);
          String kind = colon < 0 ? "" : label.substring(colon + 1);
          groups.computeIfAbsent(group, g -> new TreeMap<>()).merge(kind, n, Long::sum);
        });
    List<String> parts = new ArrayList<>();
    groups.forEach(
        (group, kinds) -> {
          long total = kinds.values().stream().mapToLong(Long::longValue).sum();
          StringBuilder part = new StringBuilder(String.format("%s %,d", group, total));
          List<String> detail = new ArrayList<>();
          kinds.forEach(
              (kind, n) -> {
                if (!kind.isEmpty()) {
                  detail.add(String.format("%s %,d", kind, n));
                }
              });
          if (!detail.isEmpty()) {
            part.append(" (").append(String.join(", ", detail)).append(')');
          }
          parts.add(part.toString());
        });
    return "By label: " + String.join(" | ", parts);
  }
}
