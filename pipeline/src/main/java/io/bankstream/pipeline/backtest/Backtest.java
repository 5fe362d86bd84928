package io.bankstream.pipeline.backtest;

import io.bankstream.core.postgres.PostgresConfig;
import io.bankstream.core.rules.RuleVersionStore;
import io.bankstream.core.rules.RulesConfig;
import io.bankstream.core.rules.RulesConfigException;
import io.bankstream.core.rules.RulesDocument;
import io.bankstream.core.rules.RulesLoader;
import io.bankstream.core.startup.Startup;
import io.bankstream.model.PaymentModality;
import io.bankstream.model.Region;
import io.bankstream.model.Transaction;
import io.bankstream.pipeline.DirectRunnerSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.io.jdbc.JdbcIO;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The backtest: a bounded Beam pipeline over the recorded history in {@code transacoes} that
 * decides every transaction again, with the version recorded as having decided it and with a
 * candidate rule set, using the same {@code ApprovalEngine} and per-payer state the live pipeline
 * uses, and writes what would change as {@code backtest.md} and {@code backtest.json}. It reads,
 * and writes nothing to the database: no decision, no balance. It runs on the DirectRunner and on
 * Flink embedded, which give the same report.
 *
 * <p>Steps: 1) read {@code transacoes} up to the end of the range with {@link JdbcIO} (every
 * earlier transaction too, so that each payer's state is built from the start of its history); 2)
 * key the transactions by payer and the recorded approvals by receiver (their credits), and group
 * both; 3) replay each payer in event-time order ({@link ReplayPayerFn}); 4) combine the outcomes
 * of the range into one {@link BacktestReport}; 5) write it.
 */
public final class Backtest {

  /** Exit code for a refused option or candidate. */
  static final int EXIT_BAD_INPUT = 2;

  /** Exit code for a database that cannot be reached. */
  static final int EXIT_UNAVAILABLE = 1;

  static final String READ_SQL =
      "SELECT id_transacao, id_usuario_pagador, id_usuario_recebedor, id_regiao,"
          + " modalidade_pagamento, data_horario, valor_transacao, motivos_rejeicao,"
          + " versao_regras, kafka_particao, kafka_offset, rotulo"
          + " FROM transacoes WHERE data_horario <= ?";

  private Backtest() {}

  public static void main(String[] args) {
    PipelineOptionsFactory.register(BacktestOptions.class);
    try {
      BacktestOptions options =
          PipelineOptionsFactory.fromArgs(args).withValidation().as(BacktestOptions.class);
      if (DirectRunnerSettings.isDirect(options)) {
        DirectRunnerSettings.preferSpeed(options, args);
      }
      Path report = run(options);
      System.out.printf(
          "Backtest report: %s and %s%n",
          report.resolve("backtest.md"), report.resolve("backtest.json"));
    } catch (RulesConfigException | IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage().lines().findFirst().orElse(""));
      System.exit(EXIT_BAD_INPUT);
    } catch (Startup.UnavailableException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(EXIT_UNAVAILABLE);
    }
  }

  /** Checks the options, runs the backtest to the end and returns the report's directory. */
  public static Path run(BacktestOptions options) {
    RulesConfig candidate = RulesLoader.load(Path.of(options.getRules()));
    ZoneId zone = Startup.zone("naiveTimeZone", options.getNaiveTimeZone());
    Instant from = instant("from", options.getFrom(), zone);
    Instant to = instant("to", options.getTo(), zone);
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("--to (" + to + ") is before --from (" + from + ")");
    }
    Startup.requireAtLeast("examples", options.getExamples(), 0);
    if (!options.getOrder().equals("eventTime") && !options.getOrder().equals("arrival")) {
      throw new IllegalArgumentException(
          "--order=" + options.getOrder() + " is not an order: write eventTime or arrival");
    }
    String password =
        Startup.databasePassword(
            options.getJdbcUrl(),
            options.getDbPasswordFile() == null ? null : Path.of(options.getDbPasswordFile()));
    PostgresConfig postgres =
        new PostgresConfig(options.getJdbcUrl(), options.getDbUser(), password, 2);
    requireReachable(postgres);
    Path reportDir = Path.of(options.getReportDir()).toAbsolutePath();
    Pipeline pipeline = Pipeline.create(options);
    build(
        pipeline,
        postgres,
        candidate,
        from,
        to,
        options.getOrder().equals("arrival"),
        options.getRules(),
        reportDir,
        options.getExamples());
    pipeline.run().waitUntilFinish();
    return reportDir;
  }

  /** Adds the backtest to {@code pipeline}; see the class comment. */
  static void build(
      Pipeline pipeline,
      PostgresConfig postgres,
      RulesConfig candidate,
      Instant from,
      Instant to,
      boolean arrivalOrder,
      String candidateName,
      Path reportDir,
      int examples) {
    PCollection<RecordedTransaction> history =
        pipeline.apply(
            "ReadTransacoes",
            JdbcIO.<RecordedTransaction>read()
                .withDataSourceConfiguration(
                    JdbcIO.DataSourceConfiguration.create(
                            "org.postgresql.Driver", postgres.jdbcUrl())
                        .withUsername(postgres.user())
                        .withPassword(postgres.password()))
                .withQuery(READ_SQL)
                .withStatementPreparator(
                    statement ->
                        statement.setObject(1, OffsetDateTime.ofInstant(to, ZoneOffset.UTC)))
                .withRowMapper(Backtest::recorded)
                .withCoder(RecordedTransactionCoder.of()));
    PCollection<KV<String, RecordedTransaction>> byPayer =
        history
            .apply(
                "KeyByPayer",
                WithKeys.of((RecordedTransaction r) -> r.transaction().payerId().toString())
                    .withKeyType(TypeDescriptors.strings()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), RecordedTransactionCoder.of()));
    PCollection<KV<String, ReplayPayerFn.Credit>> creditsByReceiver =
        history
            .apply("RecordedApprovals", Filter.by(RecordedTransaction::approved))
            .apply(
                "CreditsByReceiver",
                MapElements.into(
                        TypeDescriptors.kvs(
                            TypeDescriptors.strings(),
                            TypeDescriptor.of(ReplayPayerFn.Credit.class)))
                    .via(
                        (RecordedTransaction r) ->
                            KV.of(
                                r.transaction().receiverId().toString(),
                                new ReplayPayerFn.Credit(
                                    r.transaction().eventTime(), r.transaction().amount()))))
            .setCoder(
                KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(ReplayPayerFn.Credit.class)));
    KeyedPCollectionTuple.of(ReplayPayerFn.TRANSACTIONS, byPayer)
        .and(ReplayPayerFn.CREDITS, creditsByReceiver)
        .apply("GroupByPayer", CoGroupByKey.create())
        .apply(
            "Replay",
            ParDo.of(new ReplayPayerFn(postgres, candidate, from, to, examples, arrivalOrder)))
        .setCoder(KvCoder.of(VarIntCoder.of(), SerializableCoder.of(BacktestReport.class)))
        .apply("MergePerBucket", Combine.perKey(new MergeFn(examples)))
        .apply("Reports", Values.create())
        .apply("Report", Combine.globally(new MergeFn(examples)))
        .setCoder(SerializableCoder.of(BacktestReport.class))
        .apply(
            "WriteReport",
            ParDo.of(new WriteReportFn(postgres, candidate, from, to, candidateName, reportDir)));
  }

  /**
   * Connects once before the pipeline is built, so that a database that is down or refuses the
   * login is one line naming it, not a runner's stack trace from inside {@code JdbcIO}.
   */
  private static void requireReachable(PostgresConfig postgres) {
    try (Connection connection = postgres.connect()) {
      RuleVersionStore.now(connection);
    } catch (SQLException e) {
      throw new Startup.UnavailableException(
          "cannot read the recorded history at "
              + postgres.jdbcUrlRedacted()
              + " as "
              + postgres.user()
              + ": "
              + PostgresConfig.redact(e.getMessage()),
          e);
    }
  }

  /** One row of {@link #READ_SQL}. */
  private static RecordedTransaction recorded(ResultSet row) throws SQLException {
    Transaction transaction =
        new Transaction(
            row.getObject(1, UUID.class),
            row.getObject(2, UUID.class),
            row.getObject(3, UUID.class),
            Region.valueOf(row.getString(4)),
            PaymentModality.valueOf(row.getString(5)),
            row.getObject(6, OffsetDateTime.class).toInstant(),
            row.getBigDecimal(7));
    Array codes = row.getArray(8);
    List<String> rejectedBy = Arrays.asList((String[]) codes.getArray());
    return new RecordedTransaction(
        transaction, rejectedBy, row.getInt(9), row.getInt(10), row.getLong(11), row.getString(12));
  }

  /** {@code text} as an instant: ISO-8601 with an offset, or a local date-time in {@code zone}. */
  static Instant instant(String option, String text, ZoneId zone) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeException withoutOffset) {
      try {
        return LocalDateTime.parse(text).atZone(zone).toInstant();
      } catch (DateTimeException e) {
        throw new IllegalArgumentException(
            "--"
                + option
                + "="
                + text
                + " is not a date-time (write e.g. 2026-12-05T12:00:00Z or 2026-12-05T09:00)",
            e);
      }
    }
  }

  /** Merges partial reports into one. */
  static final class MergeFn
      extends Combine.CombineFn<BacktestReport, BacktestReport, BacktestReport> {
    private final int examples;

    MergeFn(int examples) {
      this.examples = examples;
    }

    @Override
    public BacktestReport createAccumulator() {
      return new BacktestReport(examples);
    }

    @Override
    public BacktestReport addInput(BacktestReport merged, BacktestReport report) {
      merged.merge(report);
      return merged;
    }

    @Override
    public BacktestReport mergeAccumulators(Iterable<BacktestReport> reports) {
      BacktestReport merged = createAccumulator();
      reports.forEach(merged::merge);
      return merged;
    }

    @Override
    public BacktestReport extractOutput(BacktestReport merged) {
      return merged;
    }

    @Override
    public Coder<BacktestReport> getAccumulatorCoder(
        CoderRegistry registry, Coder<BacktestReport> inputCoder) {
      return SerializableCoder.of(BacktestReport.class);
    }
  }

  /** Writes the one report as Markdown and JSON, with how the candidate differs per version. */
  static final class WriteReportFn extends DoFn<BacktestReport, Void> {
    private final PostgresConfig postgres;
    private final RulesConfig candidate;
    private final Instant from;
    private final Instant to;
    private final String candidateName;
    private final String reportDir;

    WriteReportFn(
        PostgresConfig postgres,
        RulesConfig candidate,
        Instant from,
        Instant to,
        String candidateName,
        Path reportDir) {
      this.postgres = postgres;
      this.candidate = candidate;
      this.from = from;
      this.to = to;
      this.candidateName = candidateName;
      this.reportDir = reportDir.toString();
    }

    @ProcessElement
    public void processElement(@Element BacktestReport report) throws IOException, SQLException {
      Map<Integer, List<RulesDocument.Change>> changes = new TreeMap<>();
      try (Connection connection = postgres.connect()) {
        for (RuleVersionStore.Stored version : RuleVersionStore.all(connection)) {
          if (report.byVersion().containsKey(version.number())) {
            try {
              changes.put(version.number(), RulesDocument.diff(version.rules(), candidate));
            } catch (RulesConfigException e) {
              // An unreadable version decided nothing: nothing to compare.
            }
          }
        }
      }
      BacktestDocument document = new BacktestDocument(from, to, candidateName, changes, report);
      Path dir = Path.of(reportDir);
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("backtest.md"), document.markdown(), StandardCharsets.UTF_8);
      Files.writeString(dir.resolve("backtest.json"), document.json(), StandardCharsets.UTF_8);
    }
  }
}
