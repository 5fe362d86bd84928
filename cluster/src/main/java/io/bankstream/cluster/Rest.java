package io.bankstream.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * The JSON the daemons' web servers answer (Flink's REST API, Spark master's {@code /json/}, YARN's
 * ResourceManager REST API).
 */
final class Rest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  /** Requests go to {@code base} ({@code http://127.0.0.1:8081}) followed by a path. */
  Rest(String base) {
    this.base = base;
  }

  /** The JSON at {@code path}, or empty if the server does not answer or answers an error. */
  Optional<JsonNode> get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  /** A PATCH with no body (Flink cancels a job so), or empty if it failed. */
  Optional<JsonNode> patch(String path) {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .method("PATCH", HttpRequest.BodyPublishers.noBody()));
  }

  /**
   * A PUT of the JSON {@code body} (YARN's ResourceManager changes an application's state so), or
   * empty if it failed.
   */
  Optional<JsonNode> put(String path, String body) {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body)));
  }

  private Optional<JsonNode> send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          client.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        return Optional.empty();
      }
      String body = response.body();
      return Optional.of(body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
