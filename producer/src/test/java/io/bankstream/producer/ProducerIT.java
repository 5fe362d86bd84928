package io.bankstream.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.localstack.LocalStack;
import io.bankstream.model.ContractViolation.Reason;
import io.bankstream.model.PaymentModality;
import io.bankstream.model.Transaction;
import io.bankstream.model.UserProfile;
import io.bankstream.model.db.Migrations;
import io.bankstream.model.db.UserProfiles;
import io.bankstream.model.json.DecodeResult;
import io.bankstream.model.json.TransactionCodec;
import io.bankstream.producer.fuzz.Mutation;
import io.bankstream.producer.traffic.GeneratedRecord;
import io.bankstream.producer.traffic.MalformedKind;
import io.bankstream.producer.traffic.Scenario;
import io.bankstream.producer.traffic.UserGenerator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The producer's commands against the real local stack, run as {@code ./bankstream} runs them: seed
 * users, publish labelled traffic and read it all back, replay files, and the clear errors for an
 * unreachable broker, a database without users and invalid options.
 */
class ProducerIT {

  private static final Duration DEADLINE = Duration.ofSeconds(90);
  private static final TransactionCodec CODEC = new TransactionCodec();

  private static LocalStack stack;

  @BeforeAll
  static void startStack() {
    stack = LocalStack.start();
  }

  @AfterAll
  static void stopStack() {
    stack.close();
  }

  @Test
  void seedIsDeterministicAndRunningItTwiceAddsNothing() throws Exception {
    Run first = run("seed", "--force", "--users", "1000", "--seed", "7");
    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(first.out()).contains("Seeded 1,000 users (seed 7)");
    Set<String> ids = userIds();

    Run second = run("seed", "--users", "1000", "--seed", "7");
    assertThat(second.exitCode()).isZero();
    assertThat(second.out()).contains("already holds 1,000 users: nothing added");
    assertThat(userIds()).isEqualTo(ids);

    Run again = run("seed", "--force", "--users", "1000", "--seed", "7");
    assertThat(again.out()).contains("Deleting 1,000 users");
    assertThat(userIds()).as("same seed, same users").isEqualTo(ids);

    run("seed", "--force", "--users", "1000", "--seed", "8");
    assertThat(userIds())
        .as("another seed, other users")
        .hasSize(1000)
        .doesNotContainAnyElementsOf(ids);
  }

  @Test
  void seedCopiesEveryUserAsDrawn() throws Exception {
    Run seeded = run("seed", "--force", "--users", "20000", "--seed", "5");
    assertThat(seeded.exitCode()).as(seeded.toString()).isZero();
    assertThat(seeded.out()).contains("Seeded 20,000 users (seed 5)").contains("copied in");
    List<String> expected =
        new UserGenerator(new Random(5))
            .generate(20_000, Instant.EPOCH).stream().map(ProducerIT::row).sorted().toList();
    try (Connection connection =
        DriverManager.getConnection(
            stack.jdbcUrl(), stack.databaseUser(), stack.databasePassword())) {
      List<String> stored =
          UserProfiles.loadAll(connection).stream().map(ProducerIT::row).sorted().toList();
      assertThat(stored).isEqualTo(expected);
    }
  }

  /** A user's columns but its creation time, amounts at two decimals. */
  private static String row(UserProfile user) {
    StringBuilder row = new StringBuilder(user.id() + "|" + user.homeRegion());
    row.append('|').append(user.balance().setScale(2));
    for (PaymentModality modality : PaymentModality.values()) {
      row.append('|').append(user.limitFor(modality).setScale(2));
    }
    return row.toString();
  }

  @Test
  void producedRecordsMatchTheirLabels() throws Exception {
    assertThat(run("seed", "--force", "--users", "1000", "--seed", "11").exitCode()).isZero();
    Set<String> users = userIds();
    String topic = newTopic();

    Run produce =
        produceUnpaced(
            topic,
            10_000,
            "--fraud-rate",
            "0.05",
            "--malformed-rate",
            "0.02",
            "--seed",
            "11",
            // 18:00 in Sao Paulo, 20,000 a simulated day: the 10,000 records span the night.
            "--time-mode",
            "simulated",
            "--simulated-start",
            "2026-03-02T21:00:00Z",
            "--simulated-per-day",
            "20000");
    assertThat(produce.exitCode()).as(produce.toString()).isZero();
    assertThat(produce.out()).contains("Sent 10,000 records").contains("failed 0");

    List<ConsumerRecord<String, byte[]>> records = consume(topic, 10_000);

    Map<String, Long> labels = new TreeMap<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      String label = label(record);
      labels.merge(label, 1L, Long::sum);
      checkBodyAgainstLabel(record, label, users);
    }
    Set<String> fraud =
        Arrays.stream(Scenario.values())
            .filter(scenario -> scenario != Scenario.NORMAL)
            .map(Scenario::label)
            .collect(Collectors.toSet());
    Set<String> malformed =
        Arrays.stream(MalformedKind.values()).map(MalformedKind::label).collect(Collectors.toSet());
    assertThat(labels.keySet()).as("labels seen").containsAll(fraud).containsAll(malformed);
    assertThat(count(labels, fraud) / 10_000.0).as("fraud share").isBetween(0.035, 0.065);
    assertThat(count(labels, malformed) / 10_000.0).as("malformed share").isBetween(0.014, 0.026);
  }

  @Test
  void fuzzShareMixesLabelledMutationsReproducibly() throws Exception {
    assertThat(run("seed", "--force", "--users", "1000", "--seed", "11").exitCode()).isZero();
    List<String> topics = List.of(newTopic(), newTopic());
    List<List<ConsumerRecord<String, byte[]>>> runs = new ArrayList<>();
    for (String topic : topics) {
      Run produce =
          produceUnpaced(
              topic,
              2_000,
              "--fuzz-share",
              "0.5",
              "--seed",
              "12",
              "--time-mode",
              "simulated",
              "--simulated-start",
              "2026-03-02T21:00:00Z");
      assertThat(produce.exitCode()).as(produce.toString()).isZero();
      assertThat(produce.out()).contains("fuzzed 50.0%").contains("fuzz ");
      runs.add(consume(topic, 2_000));
    }

    Map<String, Long> labels = new TreeMap<>();
    for (ConsumerRecord<String, byte[]> record : runs.get(0)) {
      labels.merge(label(record), 1L, Long::sum);
    }
    Set<String> mutations =
        Arrays.stream(Mutation.values()).map(Mutation::label).collect(Collectors.toSet());
    assertThat(labels.keySet()).containsAll(mutations);
    assertThat(count(labels, mutations) / 2_000.0).as("fuzzed share").isBetween(0.45, 0.55);
    assertThat(bodiesByLabel(runs.get(1))).as("same seed").isEqualTo(bodiesByLabel(runs.get(0)));
    assertThat(run("produce", "--fuzz-share", "2").err())
        .contains("--fuzz-share must be between 0 and 1");
  }

  /** Every record as {@code label key value}, sorted: the same whatever the partitioning. */
  private static List<String> bodiesByLabel(List<ConsumerRecord<String, byte[]>> records) {
    return records.stream()
        .map(r -> label(r) + " " + r.key() + " " + Arrays.toString(r.value()))
        .sorted()
        .toList();
  }

  private static void checkBodyAgainstLabel(
      ConsumerRecord<String, byte[]> record, String label, Set<String> users) {
    DecodeResult decoded = CODEC.decode(record.value());
    String where = label + " at offset " + record.partition() + "/" + record.offset();
    if (label.startsWith("malformed:")) {
      MalformedKind kind =
          MalformedKind.valueOf(label.substring("malformed:".length()).toUpperCase(Locale.ROOT));
      if (kind.expectedReason().isPresent()) {
        Reason expected = kind.expectedReason().get();
        assertThat(decoded.violationIfInvalid())
            .as(where)
            .hasValueSatisfying(violation -> assertThat(violation.reason()).isEqualTo(expected));
      } else {
        Transaction transaction = decoded.transactionIfValid().orElseThrow();
        assertThat(users)
            .as(where + ": payer unknown")
            .doesNotContain(transaction.payerId().toString());
      }
      return;
    }
    Transaction transaction =
        decoded.transactionIfValid().orElseThrow(() -> new AssertionError(where + ": " + decoded));
    assertThat(record.key()).as(where + ": key").isEqualTo(transaction.payerId().toString());
    assertThat(users)
        .as(where + ": payer and receiver exist")
        .contains(transaction.payerId().toString(), transaction.receiverId().toString());
  }

  @Test
  void replaysJsonLinesAndCsvCountingRecordsThatBreakTheContract(@TempDir Path directory)
      throws Exception {
    String payer = UUID.randomUUID().toString();
    String receiver = UUID.randomUUID().toString();
    String valid =
        "{\"id_transacao\":\""
            + UUID.randomUUID()
            + "\",\"id_usuario_pagador\":\""
            + payer
            + "\",\"id_usuario_recebedor\":\""
            + receiver
            + "\",\"id_regiao\":\"SP\","
            + "\"modalidade_pagamento\":\"Boleto\",\"data_horario\":\"2024-05-28T14:23:11.123456\","
            + "\"valor_transacao\":1520.5}";
    Path jsonLines = directory.resolve("seed.jsonl");
    Files.write(jsonLines, List.of(valid, "", "{\"id_transacao\": 12}"));
    Path csv = directory.resolve("seed.csv");
    Files.write(
        csv,
        List.of(
            "id_transacao,id_usuario_pagador,id_usuario_recebedor,id_regiao,modalidade_pagamento,"
                + "data_horario,valor_transacao,transacao_aprovada",
            UUID.randomUUID() + "," + payer + "," + receiver + ",RJ,PIX,1716916991123,10.5,true",
            UUID.randomUUID() + "," + payer + "," + receiver + ",XX,PIX,1716916991123,10.5,true"));
    String topic = newTopic();

    Run lines = run("replay", jsonLines.toString(), "--topic", topic);
    Run rows = run("replay", csv.toString(), "--topic", topic);

    assertThat(lines.exitCode()).as(lines.toString()).isZero();
    assertThat(lines.out())
        .contains("Sent 2 records")
        .contains("1 records break the contract")
        .contains("line 3");
    assertThat(rows.exitCode()).as(rows.toString()).isZero();
    assertThat(rows.out()).contains("Sent 2 records").contains("row 2").contains("id_regiao");
    List<ConsumerRecord<String, byte[]>> records = consume(topic, 4);
    assertThat(records).extracting(ProducerIT::label).containsOnly("replay");
    assertThat(records)
        .as("a JSON line is sent unchanged")
        .anySatisfy(
            r -> assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo(valid));
    assertThat(records.stream().filter(r -> CODEC.decode(r.value()).isValid()))
        .hasSize(2)
        .allSatisfy(r -> assertThat(r.key()).isEqualTo(payer));
  }

  @Test
  void anUnreachableBrokerIsAClearErrorAfterABoundedWait() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    run("seed", "--users", "10");

    Run run =
        run(
            "produce",
            "--bootstrap-servers",
            "127.0.0.1:" + closedPort,
            "--connect-timeout",
            "2s",
            "--count",
            "1");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains("error: cannot reach Kafka at 127.0.0.1:" + closedPort + " within 2s")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
  }

  @Test
  void aThirtySecondKafkaOutageIsReportedAndLosesNothingAcknowledged() throws Exception {
    assertThat(run("seed", "--force", "--users", "1000", "--seed", "13").exitCode()).isZero();
    String topic = newTopic();
    int records = 4_000;
    CompletableFuture<Run> producing =
        CompletableFuture.supplyAsync(
            () ->
                run(
                    "produce",
                    "--topic",
                    topic,
                    "--count",
                    Integer.toString(records),
                    "--rate",
                    "100",
                    "--malformed-rate",
                    "0",
                    "--seed",
                    "13"));
    Run produced;
    try {
      awaitInTopic(topic, 200);
      stack.stopKafka();
      TimeUnit.SECONDS.sleep(30); // The outage itself, not a wait for a condition.
    } finally {
      stack.startKafka();
      produced = producing.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }

    System.out.println(
        "ProducerIT: what the producer printed around the outage:\n"
            + produced
                .out()
                .lines()
                .filter(line -> line.startsWith("warning:") || line.startsWith("Sent"))
                .reduce("", (lines, line) -> lines + "  " + line + "\n"));
    assertThat(produced.exitCode()).as(produced.toString()).isZero();
    assertThat(produced.out())
        .contains(String.format("Sent %,d records", records))
        .contains(String.format("acknowledged %,d, failed 0", records))
        .containsPattern(
            "(?m)^warning: Kafka at "
                + Pattern.quote(stack.kafkaBootstrapServers())
                + " unreachable: nothing acknowledged for \\d+ s; [\\d,]+ records waiting")
        .containsPattern(
            "(?m)^warning: Kafka at "
                + Pattern.quote(stack.kafkaBootstrapServers())
                + " reachable again after \\d+ s; [\\d,]+ records waiting, 0 failed so far");
    assertThat(produced.out().lines().filter(line -> line.startsWith("warning: Kafka at")))
        .as("one line when Kafka stops acknowledging, one when it starts again")
        .hasSize(2);
    assertThat(produced.out() + produced.err()).doesNotContain("\tat ");
    List<ConsumerRecord<String, byte[]>> read = consume(topic, records);
    assertThat(
            read.stream()
                .map(record -> new String(record.value(), StandardCharsets.UTF_8))
                .collect(Collectors.toSet()))
        .as("distinct records in the topic: none lost, none twice")
        .hasSize(records);
  }

  /** Waits until {@code topic} holds at least {@code count} records. */
  private static void awaitInTopic(String topic, long count) throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()))) {
      Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
      for (int partition = 0; partition < 4; partition++) {
        ends.put(new TopicPartition(topic, partition), OffsetSpec.latest());
      }
      long deadline = System.nanoTime() + DEADLINE.toNanos();
      long inTopic = 0;
      while (inTopic < count) {
        assertThat(System.nanoTime())
            .as("%d records in %s in time", count, topic)
            .isLessThan(deadline);
        TimeUnit.MILLISECONDS.sleep(200); // Polling the topic, bounded by the deadline.
        inTopic =
            admin.listOffsets(ends).all().get(30, TimeUnit.SECONDS).values().stream()
                .mapToLong(ListOffsetsResultInfo::offset)
                .sum();
      }
    }
  }

  @Test
  void aDatabaseWithoutUsersSaysToSeedFirst() throws Exception {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA IF NOT EXISTS nothing_here");
      statement.execute("CREATE SCHEMA IF NOT EXISTS empty_users");
    }
    Migrations.apply(
        stack.jdbcUrl() + "?currentSchema=empty_users",
        stack.databaseUser(),
        stack.databasePassword());

    Run noSchema =
        runAgainst(stack.jdbcUrl() + "?currentSchema=nothing_here", "produce", "--count", "1");
    Run noUsers =
        runAgainst(stack.jdbcUrl() + "?currentSchema=empty_users", "produce", "--count", "1");

    assertThat(noSchema.exitCode()).isEqualTo(1);
    assertThat(noSchema.err())
        .startsWith("error: no schema at")
        .contains("run `./bankstream seed` first");
    assertThat(noUsers.exitCode()).isEqualTo(1);
    assertThat(noUsers.err()).contains("holds 0 users").contains("run `./bankstream seed` first");
  }

  @Test
  void invalidOptionsAreRefusedNamingTheOption() {
    Run badRate = run("produce", "--rate", "-5");
    Run badFraud = run("produce", "--fraud-rate", "1.5");
    Run badDuration = run("produce", "--duration", "soon");

    assertThat(badRate.exitCode()).isEqualTo(2);
    assertThat(badRate.err()).contains("'-5' is not a rate");
    assertThat(badFraud.exitCode()).isEqualTo(2);
    assertThat(badFraud.err()).contains("--fraud-rate must be at least 0 and below 1");
    assertThat(badDuration.exitCode()).isEqualTo(2);
    assertThat(badDuration.err()).contains("'soon' is not a duration");
  }

  private record Run(int exitCode, String out, String err) {}

  /**
   * {@code produce} of {@code count} records to {@code topic} at an unlimited rate, and {@code
   * more}.
   */
  private static Run produceUnpaced(String topic, int count, String... more) {
    List<String> arguments =
        new ArrayList<>(
            List.of("--topic", topic, "--count", Integer.toString(count), "--rate", "unlimited"));
    arguments.addAll(List.of(more));
    return run("produce", arguments.toArray(String[]::new));
  }

  private static Run run(String command, String... arguments) {
    return runAgainst(stack.jdbcUrl(), command, arguments);
  }

  private static Run runAgainst(String jdbcUrl, String command, String... arguments) {
    List<String> args = new ArrayList<>();
    args.add(command);
    args.addAll(Arrays.asList(arguments));
    args.addAll(List.of("--jdbc-url", jdbcUrl, "--db-user", stack.databaseUser()));
    if (!command.equals("seed")) {
      if (!args.contains("--bootstrap-servers")) {
        args.addAll(List.of("--bootstrap-servers", stack.kafkaBootstrapServers()));
      }
      if (!args.contains("--topic")) {
        args.addAll(List.of("--topic", stack.topic()));
      }
    }
    if (command.equals("replay")) {
      args.removeAll(List.of("--jdbc-url", jdbcUrl, "--db-user", stack.databaseUser()));
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode =
        ProducerCli.commandLine()
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(args.toArray(String[]::new));
    return new Run(exitCode, out.toString(), err.toString());
  }

  private static Set<String> userIds() throws SQLException {
    Set<String> ids = new HashSet<>();
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT id_usuario FROM usuarios")) {
      while (rows.next()) {
        ids.add(rows.getString(1));
      }
    }
    return ids;
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection(
        stack.jdbcUrl(), stack.databaseUser(), stack.databasePassword());
  }

  private static String newTopic() throws Exception {
    String topic = "it-" + UUID.randomUUID();
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()))) {
      admin
          .createTopics(List.of(new NewTopic(topic, 4, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
    return topic;
  }

  /** Reads {@code expected} records from the start of {@code topic}, or fails at the deadline. */
  private static List<ConsumerRecord<String, byte[]>> consume(String topic, int expected) {
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "producer-it-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      Instant deadline = Instant.now().plus(DEADLINE);
      while (records.size() < expected && Instant.now().isBefore(deadline)) {
        consumer.poll(Duration.ofMillis(500)).forEach(records::add);
      }
    }
    assertThat(records).as("records read back before the deadline").hasSize(expected);
    return records;
  }

  private static String label(ConsumerRecord<String, byte[]> record) {
    Header header = record.headers().lastHeader(GeneratedRecord.LABEL_HEADER);
    assertThat(header).as("label header").isNotNull();
    return new String(header.value(), StandardCharsets.UTF_8);
  }

  private static long count(Map<String, Long> labels, Set<String> wanted) {
    return labels.entrySet().stream()
        .filter(e -> wanted.contains(e.getKey()))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }
}
