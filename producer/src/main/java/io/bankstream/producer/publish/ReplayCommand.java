package io.bankstream.producer.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.bankstream.model.json.DecodeResult;
import io.bankstream.model.json.TransactionCodec;
import io.bankstream.producer.cli.CliException;
import io.bankstream.producer.cli.KafkaOptions;
import io.bankstream.producer.cli.RateConverter;
import io.bankstream.producer.traffic.GeneratedRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./bankstream replay}: publishes transactions from a file, for backfills and for the seed's
 * datasets. A JSON-lines file is sent line by line, unchanged; a CSV file with a header row naming
 * the contract fields is turned into contract JSON (other columns are ignored). Records that break
 * the contract are still sent, so they end in the pipeline's dead letters with a reason rather than
 * vanish; the summary counts them.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description =
        "Publishes transactions from a JSON-lines or CSV file to Kafka, keyed by payer. CSV needs a"
            + " header row with the contract field names. Records that break the contract are sent"
            + " too (they become dead letters) and counted in the summary.",
    sortOptions = false)
public final class ReplayCommand implements Callable<Integer> {

  /** Header value of replayed records. */
  public static final String LABEL = "replay";

  enum Format {
    auto,
    jsonl,
    csv
  }

  private static final Pattern INTEGER = Pattern.compile("-?\\d{1,19}");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec private CommandSpec spec;

  @Parameters(paramLabel = "<file>", description = "The file to replay.")
  private Path file;

  @Option(
      names = "--format",
      paramLabel = "<format>",
      defaultValue = "auto",
      description = "jsonl, csv, or auto from the file's extension (default: ${DEFAULT-VALUE}).")
  private Format format;

  @Option(
      names = "--rate",
      paramLabel = "<per-second>",
      defaultValue = "unlimited",
      converter = RateConverter.class,
      description = "Records per second, or 'unlimited' (default: ${DEFAULT-VALUE}).")
  private double rate;

  @Mixin private KafkaOptions kafka;

  private final TransactionCodec codec = new TransactionCodec();
  private long invalid;
  private String firstInvalid;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (!Files.isReadable(file)) {
      throw new CliException("cannot read " + file);
    }
    Format resolved = format == Format.auto ? fromExtension(file) : format;
    int partitions = kafka.awaitTopic();
    out.printf(
        "Replaying %s (%s) to %s (%d partitions) at %s.%n",
        file, resolved, kafka.topic(), partitions, kafka.bootstrapServers());
    out.flush();

    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        RecordPublisher publisher =
            new RecordPublisher(
                kafka.clientProperties(), kafka.topic(), GeneratedRecord.LABEL_HEADER)) {
      PublishRun.Source source =
          resolved == Format.csv ? csvSource(reader) : jsonLinesSource(reader);
      PublishRun.Result result =
          PublishRun.run(
              out,
              publisher,
              source,
              rate,
              0,
              null,
              () ->
                  invalid == 0
                      ? "Every record meets the contract."
                      : String.format(
                          "%,d records break the contract and will become dead letters; the first:"
                              + " %s",
                          invalid, firstInvalid));
      return result.failed() == 0 ? 0 : CliException.UNAVAILABLE;
    }
  }

  private static Format fromExtension(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".csv")) {
      return Format.csv;
    }
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
      return Format.jsonl;
    }
    throw new CliException(
        "cannot tell the format of " + file + " from its extension: use --format jsonl or csv");
  }

  private PublishRun.Source jsonLinesSource(BufferedReader reader) {
    long[] lineNumber = {0};
    return () -> {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lineNumber[0]++;
        if (!line.isBlank()) {
          return outgoing(line.getBytes(StandardCharsets.UTF_8), "line " + lineNumber[0]);
        }
      }
      return null;
    };
  }

  private PublishRun.Source csvSource(BufferedReader reader) throws IOException {
    CsvMapper csv = new CsvMapper();
    MappingIterator<Map<String, String>> rows =
        csv.readerForMapOf(String.class)
            .with(CsvSchema.emptySchema().withHeader())
            .readValues(reader);
    Iterator<Map<String, String>> iterator = rows;
    long[] rowNumber = {0};
    return () -> {
      if (!iterator.hasNext()) {
        return null;
      }
      rowNumber[0]++;
      return outgoing(toContractJson(iterator.next()), "row " + rowNumber[0]);
    };
  }

  /** The contract fields of a CSV row as JSON: numbers where the contract wants numbers. */
  static byte[] toContractJson(Map<String, String> row) throws IOException {
    ObjectNode json = JSON.createObjectNode();
    for (String field : TransactionCodec.CONTRACT_FIELDS) {
      String value = row.get(field);
      if (value == null) {
        continue; // Missing: the codec reports it, and the pipeline dead-letters it.
      }
      String text = value.trim();
      if (field.equals(TransactionCodec.EVENT_TIME_FIELD) && INTEGER.matcher(text).matches()) {
        json.put(field, Long.parseLong(text));
      } else if (field.equals(TransactionCodec.AMOUNT_FIELD) && isNumber(text)) {
        json.put(field, new BigDecimal(text));
      } else {
        json.put(field, text);
      }
    }
    return JSON.writeValueAsBytes(json);
  }

  private static boolean isNumber(String text) {
    try {
      new BigDecimal(text);
      return text.length() <= 40;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private PublishRun.Outgoing outgoing(byte[] value, String where) {
    DecodeResult decoded = codec.decode(value);
    String key = decoded.transactionIfValid().map(t -> t.payerId().toString()).orElse(null);
    if (!decoded.isValid()) {
      invalid++;
      if (firstInvalid == null) {
        firstInvalid = where + ": " + decoded.violationIfInvalid().orElseThrow().message();
      }
      key = payerText(value);
    }
    return new PublishRun.Outgoing(key, value, LABEL);
  }

  /** The payer field's text of a record that breaks the contract, if there is one, as its key. */
  private static String payerText(byte[] value) {
    try {
      JsonNode payer = JSON.readTree(value).get(TransactionCodec.PAYER_FIELD);
      return payer != null && payer.isTextual() ? payer.asText() : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
