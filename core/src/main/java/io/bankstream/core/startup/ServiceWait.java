package io.bankstream.core.startup;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import io.bankstream.core.retry.RetryPolicy.StopSignal;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.postgresql.Driver;

/**
 * Waits, quietly, for the services a start-up cannot do without to accept connections: one line per
 * missing service every few seconds ({@code waiting for PostgreSQL at 127.0.0.1:5432 (Connection
 * refused): start it with ./bankstream stack, or check --jdbcUrl; giving up in 55 s}), then an
 * {@link Startup.UnavailableException} naming those still missing. A TCP connection is all it asks,
 * so that no client library logs its own retries (Flyway's error alone was seven lines, thirty
 * times a minute); the credentials are checked afterwards, once. Failsafe runs the attempts, one a
 * second.
 */
public final class ServiceWait {

  /** How long one connection attempt may take. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

  /** The pause between two rounds of attempts. */
  static final Duration ROUND = Duration.ofSeconds(1);

  /**
   * A service and where it listens.
   *
   * @param name what the user calls it ({@code Kafka}, {@code PostgreSQL})
   * @param option the option that names its address ({@code --jdbcUrl})
   * @param addresses where it may answer; one that accepts a connection is enough
   */
  public record Service(String name, String option, List<InetSocketAddress> addresses) {

    public Service {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(option, "option");
      addresses = List.copyOf(addresses);
    }

    /** Kafka at {@code bootstrapServers} ({@code host:port,host:port}). */
    public static Service kafka(String bootstrapServers) {
      List<InetSocketAddress> addresses = new ArrayList<>();
      for (String server : bootstrapServers.split(",")) {
        String trimmed = server.strip();
        int colon = trimmed.lastIndexOf(':');
        if (colon > 0) {
          String host = trimmed.substring(0, colon).replace("[", "").replace("]", "");
          addresses.add(
              InetSocketAddress.createUnresolved(
                  host, Integer.parseInt(trimmed.substring(colon + 1))));
        }
      }
      return new Service("Kafka", "--bootstrapServers", addresses);
    }

    /** PostgreSQL at the hosts and ports of {@code jdbcUrl}, as its driver reads them. */
    public static Service postgres(String jdbcUrl) {
      Properties parsed = Driver.parseURL(jdbcUrl, new Properties());
      List<InetSocketAddress> addresses = new ArrayList<>();
      if (parsed != null) {
        String[] hosts = parsed.getProperty("PGHOST", "localhost").split(",");
        String[] ports = parsed.getProperty("PGPORT", "5432").split(",");
        for (int i = 0; i < hosts.length; i++) {
          int port = Integer.parseInt(ports[Math.min(i, ports.length - 1)]);
          addresses.add(InetSocketAddress.createUnresolved(hosts[i], port));
        }
      }
      return new Service("PostgreSQL", "--jdbcUrl", addresses);
    }

    /** {@code 127.0.0.1:5432} (the first address, as the user wrote it). */
    String where() {
      if (addresses.isEmpty()) {
        return "(no address)";
      }
      InetSocketAddress first = addresses.get(0);
      return first.getHostString() + ":" + first.getPort();
    }

    /** Null when one address accepts a connection, else the last refusal's words. */
    String refusal() {
      String refusal = "no address";
      for (InetSocketAddress address : addresses) {
        try (Socket socket = new Socket()) {
          socket.connect(
              new InetSocketAddress(address.getHostString(), address.getPort()),
              (int) CONNECT_TIMEOUT.toMillis());
          return null;
        } catch (IOException e) {
          refusal = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
      }
      return refusal;
    }
  }

  private ServiceWait() {}

  /**
   * Returns once every one of {@code services} accepts a connection; meanwhile prints, on the first
   * failed round and then every {@code every}, one line per service still missing.
   *
   * @throws Startup.UnavailableException when some are still missing after {@code deadline}, or
   *     when {@code stop} asks to stop; its message names them
   */
  public static void await(
      List<Service> services, Duration deadline, Duration every, PrintStream out, StopSignal stop) {
    long start = System.nanoTime();
    long[] nextLine = {start};
    List<Service> missing = new ArrayList<>(services);
    RetryPolicy<Object> policy =
        RetryPolicy.builder()
            .handle(NotYet.class)
            .withDelay(ROUND)
            .withMaxDuration(deadline)
            .withMaxRetries(-1)
            .abortIf((result, error) -> error != null && stop.stopRequested())
            .onFailedAttempt(
                event -> {
                  long now = System.nanoTime();
                  if (now - nextLine[0] < 0) {
                    return;
                  }
                  nextLine[0] = now + every.toNanos();
                  long left = Math.max(0, deadline.minusNanos(now - start).toSeconds());
                  for (Service service : missing) {
                    out.printf(
                        "waiting for %s at %s (%s): start it with ./bankstream stack, or check"
                            + " %s; giving up in %d s%n",
                        service.name(),
                        service.where(),
                        ((NotYet) event.getLastException()).refusals.get(service),
                        service.option(),
                        left);
                  }
                })
            .build();
    try {
      Failsafe.with(policy)
          .run(
              () -> {
                Map<Service, String> refusals = new LinkedHashMap<>();
                for (Service service : List.copyOf(missing)) {
                  String refusal = service.refusal();
                  if (refusal == null) {
                    missing.remove(service);
                  } else {
                    refusals.put(service, refusal);
                  }
                }
                if (!refusals.isEmpty()) {
                  throw new NotYet(refusals);
                }
              });
    } catch (NotYet | FailsafeException e) {
      StringBuilder names = new StringBuilder();
      for (Service service : missing) {
        names.append(names.isEmpty() ? "" : " and ");
        names.append(service.name()).append(" at ").append(service.where());
      }
      if (Thread.currentThread().isInterrupted() || stop.stopRequested()) {
        throw new Startup.UnavailableException("stopped while waiting for " + names, e);
      }
      throw new Startup.UnavailableException(
          names
              + " did not answer within "
              + deadline.toSeconds()
              + " s (start the services with ./bankstream stack, or check "
              + String.join(", ", missing.stream().map(Service::option).toList())
              + ")",
          e);
    }
  }

  /** Some services did not accept a connection in this round. */
  private static final class NotYet extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Map<Service, String> refusals;

    NotYet(Map<Service, String> refusals) {
      super(refusals.toString(), null, false, false);
      this.refusals = refusals;
    }
  }
}
