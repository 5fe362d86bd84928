package io.bankstream.pipeline;

import static io.bankstream.pipeline.StackHarness.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import io.bankstream.core.rules.RuleVersionStore;
import io.bankstream.core.rules.RuleVersions;
import io.bankstream.core.rules.RulesConfig;
import io.bankstream.core.rules.RulesDocument;
import io.bankstream.core.rules.RulesLoader;
import io.bankstream.model.UserProfile;
import io.bankstream.producer.traffic.EventClock;
import io.bankstream.producer.traffic.TrafficModel;
import io.bankstream.producer.traffic.TransactionGenerator;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.beam.sdk.PipelineResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rules that change live: a pipeline running on a real Kafka broker and PostgreSQL publishes its
 * start-up rules as version 1; a version published while it runs decides every transaction from its
 * effective time on, without a restart, and each row records the version that decided it; a
 * rollback restores the old behaviour as a new version; a version row that cannot be read is left
 * out and the pipeline goes on with the one before it.
 */
class RulesLiveChangeIT {

  @RegisterExtension static final StackHarness HARNESS = StackHarness.onOwnStack();

  private static final Duration DEADLINE = Duration.ofMinutes(2);

  /** Every PIX above R$ 1.00, at any hour, is rejected by PIX_NOTURNO under this version. */
  private static final String NIGHT_ALL_DAY =
      """
      pixNoturno: { nightStart: "00:00", nightEnd: "23:59:59", limit: 1.00 }
      """;

  @Test
  void aPublishedVersionDecidesFromItsEffectiveTimeWithoutARestart() throws Exception {
    List<UserProfile> users = HARNESS.seedUsers(300, 17);
    TransactionGenerator traffic = traffic(users, 5);
    PipelineResult pipeline = HARNESS.startPipeline("rules-live-it");
    try {
      assertThat(HARNESS.strings("SELECT versao || ' ' || publicado_por FROM versoes_regras"))
          .containsExactly("1 pipeline start-up");
      assertThat(RuleVersionStore.find(HARNESS.connect(), 1).orElseThrow().rules())
          .isEqualTo(RulesConfig.defaults());

      // Version 2 takes effect 12 s from now; what is produced before decides with version 1.
      Instant effective2 = publish(NIGHT_ALL_DAY, "all-day PIX limit of R$ 1", null);
      Set<String> before = produceAndStore(traffic, pipeline);
      awaitClockPast(effective2);
      Set<String> during = produceAndStore(traffic, pipeline);

      assertThat(versionsOf(before)).containsOnly("1");
      assertThat(pixNoturnoRejections(before)).isZero();
      assertThat(versionsOf(during)).containsOnly("2");
      assertThat(pixNoturnoRejections(during)).isEqualTo(pixAboveOneReal(during)).isPositive();

      // Rolling back publishes version 1's content as version 3.
      Instant effective3 = publish(RulesDocument.yaml(RulesConfig.defaults()), "rollback", 1);
      awaitClockPast(effective3);
      Set<String> after = produceAndStore(traffic, pipeline);

      assertThat(versionsOf(after)).containsOnly("3");
      assertThat(pixNoturnoRejections(after)).isZero();

      // A row nobody can read as rules: left out, version 3 goes on deciding after its time.
      Instant effective4;
      try (Connection connection = HARNESS.connect();
          Statement insert = connection.createStatement()) {
        effective4 = RuleVersionStore.now(connection).plus(RuleVersions.MIN_LEAD).plusSeconds(2);
        insert.execute(
            "INSERT INTO versoes_regras (versao, conteudo, vigente_desde, publicado_por,"
                + " comentario) VALUES (4, 'velocidade: { window: 0s }', '"
                + effective4
                + "', 'a hand', 'written by hand in SQL')");
      }
      awaitClockPast(effective4);
      Set<String> afterBadRow = produceAndStore(traffic, pipeline);

      assertThat(versionsOf(afterBadRow)).containsOnly("3");
      assertThat(HARNESS.count("SELECT count(*) FROM transacoes WHERE versao_regras = 4")).isZero();
    } finally {
      pipeline.cancel();
    }
  }

  /** Publishes {@code yaml} to take effect as soon as allowed, and returns when that is. */
  private static Instant publish(String yaml, String comment, Integer copyOf) throws Exception {
    try (Connection connection = HARNESS.connect()) {
      Instant effective =
          RuleVersionStore.now(connection).plus(RuleVersions.MIN_LEAD).plusSeconds(2);
      RuleVersionStore.publish(
          connection,
          RulesDocument.yaml(RulesLoader.fromYaml(yaml)),
          effective,
          "RulesLiveChangeIT",
          comment,
          copyOf);
      return effective;
    }
  }

  /** Waits until this machine's clock, which stamps the event times, is past {@code instant}. */
  private static void awaitClockPast(Instant instant) throws InterruptedException {
    awaitUntil(
        Duration.ofMinutes(1),
        "the clock past " + instant,
        () -> Instant.now().isAfter(instant.plusMillis(500)),
        () -> "now " + Instant.now());
  }

  /** Produces 60 transactions stamped now, waits until all are stored, and returns their ids. */
  private static Set<String> produceAndStore(TransactionGenerator traffic, PipelineResult pipeline)
      throws Exception {
    long stored = HARNESS.count("SELECT count(*) FROM transacoes");
    StackHarness.Produced produced = HARNESS.produce(traffic, 60, 60);
    awaitUntil(
        DEADLINE,
        "60 more rows in transacoes",
        () ->
            HARNESS.count("SELECT count(*) FROM transacoes") == stored + produced.validIds().size(),
        () -> HARNESS.progress(pipeline));
    return produced.validIds();
  }

  private static List<String> versionsOf(Set<String> ids) {
    return HARNESS.strings(
        "SELECT DISTINCT versao_regras::text FROM transacoes WHERE id_transacao IN " + inList(ids));
  }

  private static long pixNoturnoRejections(Set<String> ids) {
    return HARNESS.count(
        "SELECT count(*) FROM transacoes WHERE 'PIX_NOTURNO' = ANY(motivos_rejeicao)"
            + " AND id_transacao IN "
            + inList(ids));
  }

  private static long pixAboveOneReal(Set<String> ids) {
    return HARNESS.count(
        "SELECT count(*) FROM transacoes WHERE modalidade_pagamento = 'PIX'"
            + " AND valor_transacao > 1.00 AND id_transacao IN "
            + inList(ids));
  }

  private static String inList(Set<String> ids) {
    return ids.stream().map(id -> "'" + id + "'").collect(Collectors.joining(",", "(", ")"));
  }

  /** Normal traffic only, stamped with this machine's clock and no disorder. */
  private static TransactionGenerator traffic(List<UserProfile> users, long seed) {
    List<UserProfile> sorted = new ArrayList<>(users);
    sorted.sort(Comparator.comparing(UserProfile::id));
    return new TransactionGenerator(
        sorted,
        TrafficModel.defaults(),
        EventClock.live(Clock.systemUTC(), Duration.ZERO, new Random(seed)),
        new Random(seed + 1),
        0.0,
        0.0);
  }
}
