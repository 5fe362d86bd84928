package io.bankstream.pipeline;

import io.bankstream.core.postgres.PostgresConfig;
import io.bankstream.core.profiles.PostgresProfileLookup;
import io.bankstream.core.rules.PostgresRulesSource;
import io.bankstream.core.rules.RulesConfigException;
import io.bankstream.core.startup.Startup;
import io.bankstream.core.stats.WindowStats;
import io.bankstream.model.DeadLetter;
import io.bankstream.model.DecidedTransaction;
import io.bankstream.pipeline.coders.DeadLetterCoder;
import io.bankstream.pipeline.options.BankstreamOptions;
import io.bankstream.pipeline.options.PipelineSettings;
import io.bankstream.pipeline.options.RunnerDefaults;
import io.bankstream.pipeline.report.PipelineStatus;
import io.bankstream.pipeline.report.Reports;
import io.bankstream.pipeline.report.StatusReporter;
import io.bankstream.pipeline.sink.WriteDeadLettersToPostgres;
import io.bankstream.pipeline.sink.WriteDecisionsToPostgres;
import io.bankstream.pipeline.source.ReadTransactions;
import io.bankstream.pipeline.stats.ComputeWindowStatistics;
import io.bankstream.pipeline.stats.WriteSeedLayoutToRedis;
import io.bankstream.pipeline.stats.WriteStatisticsToRedis;
import io.bankstream.pipeline.stats.WriteWindowHistoryToPostgres;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bankstream pipeline: transactions from Kafka, approved or rejected with explainable rules,
 * written once each to PostgreSQL with the ledger, bad input to the dead letters. {@link #main}
 * parses Beam options ({@code --bootstrapServers=... --jdbcUrl=... --runner=...}), {@link #run}
 * starts the pipeline without blocking, and {@link #build} makes the graph that tests build too.
 */
public final class BankstreamPipeline {

  private static final Logger LOG = LoggerFactory.getLogger(BankstreamPipeline.class);

  /** Exit code for options or a rules file that are refused at start. */
  static final int EXIT_BAD_CONFIG = 2;

  /** Exit code for a service that stayed unreachable at start. */
  static final int EXIT_UNAVAILABLE = 1;

  /** How often every worker reloads the rules versions. */
  static final Duration RULES_REFRESH = Duration.ofSeconds(1);

  /** What the graph produces, for what comes after the sinks (statistics) and for tests. */
  public record Outputs(
      PCollection<DecidedTransaction> decided,
      PCollection<DeadLetter> deadLetters,
      PCollection<WindowStats> statistics) {}

  private BankstreamPipeline() {}

  public static void main(String[] args) {
    PipelineOptionsFactory.register(BankstreamOptions.class);
    BankstreamOptions options;
    // Registered before the start: attached Flink runs the job inside pipeline.run().
    AtomicReference<StatusReporter> reporter = new AtomicReference<>();
    AtomicReference<PipelineResult> running = new AtomicReference<>();
    try {
      options = parseOptions(args);
      if (!options.getDetach()) {
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      // The summary first: Spark's cancel can hang (docs/runners.md).
                      if (reporter.get() != null) {
                        reporter.get().stop();
                      }
                      if (running.get() != null) {
                        cancelQuietly(running.get());
                      }
                    },
                    "bankstream-pipeline-stop"));
      }
      BankstreamOptions given = options;
      Started started =
          launch(
              options,
              !options.getDetach(),
              status -> {
                System.out.printf(
                    "Pipeline starting on %s. Ctrl-C stops it; it resumes from the first record"
                        + " the database does not hold.%n",
                    describe(given));
                reporter.set(Reports.start(given, status, System.out));
              });
      PipelineResult result = started.result();
      running.set(result);
      if (options.getDetach()) {
        System.out.printf(
            "Pipeline submitted to %s. It runs on the cluster without this process; submitting"
                + " it again after a cancel resumes from the first record the database does not"
                + " hold.%n",
            describe(options));
        return;
      }
      reporter.get().attach(result);
      result.waitUntilFinish();
      reporter.get().stop();
    } catch (RulesConfigException | IllegalArgumentException e) {
      System.err.println("error: " + firstLine(e.getMessage()));
      System.exit(EXIT_BAD_CONFIG);
    } catch (Startup.UnavailableException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(EXIT_UNAVAILABLE);
    } catch (RuntimeException e) {
      // A failed job: the metrics server's thread would otherwise keep this JVM up.
      if (reporter.get() != null) {
        reporter.get().stop();
      }
      throw e;
    }
  }

  /** {@code FlinkRunner: reading <topic> at <servers> (group g), writing to <url> as <user>}. */
  private static String describe(BankstreamOptions options) {
    return String.format(
        "%s: reading %s at %s (group %s), writing to %s as %s",
        options.getRunner().getSimpleName(),
        options.getTopic(),
        options.getBootstrapServers(),
        options.getConsumerGroup(),
        PostgresConfig.redact(options.getJdbcUrl()),
        options.getDbUser());
  }

  /**
   * The options of {@code args}, as {@link #main} reads them: on Flink and Spark, the runner's
   * defaults that {@code args} do not set ({@link RunnerDefaults}); on the DirectRunner, its
   * test-only checks off unless set ({@link DirectRunnerSettings#preferSpeed}). An option Beam
   * cannot read is refused naming it ({@code --windowSeconds=abc: ...}), which Beam's own message
   * for a value of the wrong type does not.
   */
  public static BankstreamOptions parseOptions(String[] args) {
    BankstreamOptions options = readOptions(args);
    List<String> defaults = RunnerDefaults.missing(options.getRunner().getName(), List.of(args));
    if (!defaults.isEmpty()) {
      // Under RunnerDefaults' name, which runners/simplelogger.properties shows at INFO.
      LoggerFactory.getLogger(RunnerDefaults.class)
          .info(
              "{} defaults: {} (an option given on the command line wins)",
              options.getRunner().getSimpleName(),
              String.join(" ", defaults));
      List<String> all = new ArrayList<>(List.of(args));
      all.addAll(defaults);
      options = readOptions(all.toArray(String[]::new));
    }
    if (DirectRunnerSettings.isDirect(options)) {
      DirectRunnerSettings.preferSpeed(options, args);
    }
    return options;
  }

  private static BankstreamOptions readOptions(String[] args) {
    try {
      return PipelineOptionsFactory.fromArgs(args).withValidation().as(BankstreamOptions.class);
    } catch (IllegalArgumentException e) {
      for (String arg : args) {
        if (!arg.startsWith("--") || e.getMessage().contains(arg.split("=", 2)[0])) {
          continue;
        }
        try {
          PipelineOptionsFactory.fromArgs(arg).as(BankstreamOptions.class);
        } catch (IllegalArgumentException alone) {
          throw new IllegalArgumentException(arg + ": " + firstLine(alone.getMessage()), e);
        }
      }
      throw e;
    }
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("").strip();
  }

  /**
   * Checks the configuration and the credentials, migrates the schema and moves the offsets back to
   * what the database holds ({@link Startup}: refused at once with an {@link
   * IllegalArgumentException} naming the option, or a {@link Startup.UnavailableException} after a
   * minute without PostgreSQL), then starts the pipeline; returns at once, also on the
   * DirectRunner.
   */
  public static PipelineResult run(BankstreamOptions options) {
    return launch(options, false, status -> {}).result();
  }

  /**
   * A started pipeline, with what its status is read from.
   *
   * @param result the runner's handle
   * @param status the status of its writes since the start, opened before it started; null when
   *     detached (the pipeline runs without this process)
   */
  public record Started(PipelineResult result, PipelineStatus status) {}

  /**
   * As {@link #run}, with the pipeline's {@link PipelineStatus} opened between the start-up and the
   * start, at the offsets where reading resumes (none when detached); the caller closes it.
   */
  public static Started start(BankstreamOptions options) {
    return launch(options, !options.getDetach(), status -> {});
  }

  /**
   * Checks, starts up and starts the pipeline; with {@code withStatus}, opens its status and hands
   * it to {@code beforeRun} just before the runner is started (Flink attached runs the job inside
   * {@code pipeline.run()}).
   */
  private static Started launch(
      BankstreamOptions options, boolean withStatus, Consumer<PipelineStatus> beforeRun) {
    if (options.getDetach() && DirectRunnerSettings.isDirect(options)) {
      throw new IllegalArgumentException(
          "--detach needs a cluster: the DirectRunner runs the pipeline in this process");
    }
    PipelineSettings settings = PipelineSettings.from(options);
    Map<TopicPartition, Long> startOffsets = settings.startup(options).run();
    settings.publishFirstRulesVersion(options);
    if (DirectRunnerSettings.isDirect(options)) {
      DirectRunnerSettings.returnAtOnce(options);
    }
    Pipeline pipeline = Pipeline.create(options);
    build(pipeline, options);
    PipelineStatus status = withStatus ? Reports.open(options, settings, startOffsets) : null;
    if (status != null) {
      beforeRun.accept(status);
    }
    return new Started(pipeline.run(), status);
  }

  /** Adds the whole pipeline to {@code pipeline}. */
  public static Outputs build(Pipeline pipeline, BankstreamOptions options) {
    PipelineSettings settings = PipelineSettings.from(options);
    /* Steps: 1) ReadTransactions from Kafka, event time from data_horario
     *        2) DecideTransactions: parse, enrich with the payer's profile, approve per payer
     *        3) WriteDecisionsToPostgres: upsert by id_transacao with the ledger
     *        4) WriteDeadLettersToPostgres: every failure of steps 2 and 3, with its reason
     *        5) ComputeWindowStatistics: per event-time window, overall, per UF, per modality
     *        6) WriteStatisticsToRedis and WriteLatestToRedis: the live view, every key with a TTL
     *        7) WriteWindowHistoryToPostgres: each closed window's value in estatisticas_janela
     *        8) WriteSeedLayoutToRedis, with --seedRedisLayout=true only: recent_transactions and
     *           transacoes:<id>, as the seed's dashboard reads them */
    PCollectionTuple decisions =
        pipeline
            .apply(
                "ReadTransactions",
                new ReadTransactions(
                    options.getBootstrapServers(),
                    options.getTopic(),
                    settings.consumerConfig(),
                    org.joda.time.Duration.standardSeconds(options.getMaxOutOfOrdernessSeconds())))
            .apply(
                "DecideTransactions",
                new DecideTransactions(
                    new PostgresProfileLookup(
                        settings.postgres(),
                        Duration.ofSeconds(options.getProfileRefreshSeconds())),
                    new PostgresRulesSource(settings.postgres(), settings.rules(), RULES_REFRESH),
                    Clock.systemUTC()));
    PCollection<DecidedTransaction> decided = decisions.get(DecideTransactions.DECIDED);
    PCollection<DeadLetter> refused =
        decided.apply(
            "WriteDecisionsToPostgres",
            new WriteDecisionsToPostgres(settings.postgres(), options.getWriteBatchSize()));
    PCollection<DeadLetter> deadLetters =
        PCollectionList.of(decisions.get(DecideTransactions.DEAD_LETTERS))
            .and(refused)
            .apply("FlattenDeadLetters", Flatten.pCollections())
            .setCoder(DeadLetterCoder.of());
    deadLetters.apply(
        "WriteDeadLettersToPostgres",
        new WriteDeadLettersToPostgres(settings.postgres(), options.getWriteBatchSize()));
    PCollection<WindowStats> statistics =
        decided.apply(
            "ComputeWindowStatistics",
            new ComputeWindowStatistics(
                org.joda.time.Duration.standardSeconds(options.getWindowSeconds()),
                org.joda.time.Duration.standardMinutes(options.getAllowedLatenessMinutes()),
                org.joda.time.Duration.standardSeconds(options.getEarlyFiringSeconds())));
    Duration ttl = Duration.ofMinutes(options.getStatsTtlMinutes());
    statistics.apply(
        "WriteStatisticsToRedis",
        WriteStatisticsToRedis.panes(
            settings.redis(), ttl, options.getLatestCap(), options.getWriteBatchSize()));
    decided.apply(
        "WriteLatestToRedis",
        WriteStatisticsToRedis.latest(
            settings.redis(), ttl, options.getLatestCap(), options.getWriteBatchSize()));
    statistics.apply(
        "WriteWindowHistoryToPostgres",
        new WriteWindowHistoryToPostgres(settings.postgres(), options.getWriteBatchSize()));
    if (options.getSeedRedisLayout()) {
      decided.apply(
          "WriteSeedLayoutToRedis",
          new WriteSeedLayoutToRedis(
              settings.redis(),
              Duration.ofMinutes(options.getSeedRedisTtlMinutes()),
              options.getSeedRedisRecent(),
              options.getWriteBatchSize()));
    }
    return new Outputs(decided, deadLetters, statistics);
  }

  private static void cancelQuietly(PipelineResult result) {
    try {
      if (!result.getState().isTerminal()) {
        result.cancel();
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("Cancelling the pipeline failed: {}", e.toString());
    }
  }
}
