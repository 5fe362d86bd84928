package io.bankstream.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * The certificate files that turn TLS on in the local stack ({@link LocalStack.Builder#tls}):
 * Kafka's client listener becomes SSL (mutual TLS when a client key store is given: {@code
 * ssl.client.auth=required}), PostgreSQL runs with {@code ssl=on} and takes its application users
 * over TLS only ({@code hostssl}), and Redis listens with {@code --tls-port} only. The stack makes
 * no certificate: tests generate them (see the local stack's test jar), an operator brings theirs.
 *
 * @param caCertificate the CA's certificate, PEM (Redis's {@code tls-ca-cert-file})
 * @param serverCertificate the servers' certificate, PEM (PostgreSQL and Redis)
 * @param serverKey its private key, PEM, unencrypted, mode 600 (PostgreSQL refuses a looser one)
 * @param serverKeyStore the same key and certificate chain in a PKCS12 key store (Kafka)
 * @param trustStore the CA's certificate in a PKCS12 trust store (Kafka and its clients)
 * @param password the password of the PKCS12 stores
 * @param clientKeyStore a client's key and certificate in a PKCS12 key store: when given, Kafka
 *     requires a client certificate and the stack's own clients present this one; null for none
 */
public record StackTls(
    Path caCertificate,
    Path serverCertificate,
    Path serverKey,
    Path serverKeyStore,
    Path trustStore,
    String password,
    Path clientKeyStore) {

  public StackTls {
    for (Path file :
        new Path[] {caCertificate, serverCertificate, serverKey, serverKeyStore, trustStore}) {
      requireFile(file);
    }
    if (clientKeyStore != null) {
      requireFile(clientKeyStore);
    }
    if (password == null || password.isEmpty()) {
      throw new IllegalArgumentException("the key stores' password must not be empty");
    }
  }

  private static void requireFile(Path file) {
    Objects.requireNonNull(file, "a TLS file");
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("TLS file " + file + " does not exist");
    }
  }

  /** Whether Kafka requires a client certificate. */
  public boolean mutual() {
    return clientKeyStore != null;
  }

  /** The broker's settings for its SSL listener (every SSL listener: there is one). */
  Properties kafkaBrokerProperties() {
    Properties props = new Properties();
    props.put("ssl.keystore.type", "PKCS12");
    props.put("ssl.keystore.location", serverKeyStore.toAbsolutePath().toString());
    props.put("ssl.keystore.password", password);
    props.put("ssl.truststore.type", "PKCS12");
    props.put("ssl.truststore.location", trustStore.toAbsolutePath().toString());
    props.put("ssl.truststore.password", password);
    props.put("ssl.client.auth", mutual() ? "required" : "none");
    return props;
  }

  /** A Kafka client's settings: trust the CA and, for mutual TLS, present the client key store. */
  Map<String, Object> kafkaClientProperties(String securityProtocol) {
    Map<String, Object> props = new HashMap<>();
    props.put("security.protocol", securityProtocol);
    props.put("ssl.truststore.type", "PKCS12");
    props.put("ssl.truststore.location", trustStore.toAbsolutePath().toString());
    props.put("ssl.truststore.password", password);
    if (mutual()) {
      props.put("ssl.keystore.type", "PKCS12");
      props.put("ssl.keystore.location", clientKeyStore.toAbsolutePath().toString());
      props.put("ssl.keystore.password", password);
    }
    return props;
  }

  @Override
  public String toString() {
    return "StackTls[serverCertificate=" + serverCertificate + ", mutual=" + mutual() + "]";
  }
}
