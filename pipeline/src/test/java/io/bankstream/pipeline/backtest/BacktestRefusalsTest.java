package io.bankstream.pipeline.backtest;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bankstream.core.rules.RulesConfigException;
import io.bankstream.core.startup.Startup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the backtest refuses before it builds anything, each with a message naming the option: a bad
 * candidate, a bad time or range, a bad order, and a database it cannot reach (nothing listens on
 * port 1 of the loopback address).
 */
class BacktestRefusalsTest {

  @TempDir Path files;

  /** Valid options, but the database's, with {@code changes} ({@code --name=value}) instead. */
  private BacktestOptions options(String... changes) throws Exception {
    Path rules = Files.writeString(files.resolve("rules.yaml"), "pixNoturno: { limit: 500 }\n");
    Map<String, String> args = new LinkedHashMap<>();
    args.put("--rules", rules.toString());
    args.put("--from", "2026-12-05T12:00:00Z");
    args.put("--to", "2026-12-05T13:00:00Z");
    args.put("--jdbcUrl", "jdbc:postgresql://127.0.0.1:1/bank");
    args.put("--reportDir", files.resolve("report").toString());
    for (String change : changes) {
      String[] nameAndValue = change.split("=", 2);
      args.put(nameAndValue[0], nameAndValue[1]);
    }
    return PipelineOptionsFactory.fromArgs(
            args.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .toArray(String[]::new))
        .as(BacktestOptions.class);
  }

  @Test
  void aCandidateThatIsNotRulesIsRefusedNamingTheField() throws Exception {
    Path bad = Files.writeString(files.resolve("bad.yaml"), "velocidade: { window: 0s }\n");

    assertThatThrownBy(() -> Backtest.run(options("--rules=" + bad)))
        .isInstanceOf(RulesConfigException.class)
        .hasMessageContaining("velocidade.window: must be more than 0");
  }

  @Test
  void aTimeThatIsNotOneIsRefusedNamingTheOption() throws Exception {
    assertThatThrownBy(() -> Backtest.run(options("--from=yesterday")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--from=yesterday is not a date-time");
  }

  @Test
  void aRangeThatEndsBeforeItStartsIsRefused() throws Exception {
    assertThatThrownBy(() -> Backtest.run(options("--to=2026-12-05T11:00:00Z")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--to (2026-12-05T11:00:00Z) is before --from");
  }

  @Test
  void anUnknownOrderIsRefused() throws Exception {
    assertThatThrownBy(() -> Backtest.run(options("--order=random")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--order=random is not an order");
  }

  @Test
  void aDatabaseItCannotReachIsOneMessageNamingIt() throws Exception {
    assertThatThrownBy(() -> Backtest.run(options()))
        .isInstanceOf(Startup.UnavailableException.class)
        .hasMessageStartingWith(
            "cannot read the recorded history at jdbc:postgresql://127.0.0.1:1/bank as bank_etl:");
  }
}
