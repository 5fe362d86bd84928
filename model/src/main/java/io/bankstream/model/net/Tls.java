package io.bankstream.model.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS helpers shared by the clients that have no trust-store option of their own (Redis through
 * Jedis) and by every component that reports a failed handshake: a socket factory trusting the CA
 * certificates of a PEM file (what {@code redis-cli --cacert} and PostgreSQL's {@code sslrootcert}
 * take), parameters that make a client check the server's host name, and the one-line reason of a
 * TLS failure found in an exception chain. JDK only: {@link CertificateFactory} reads PEM.
 */
public final class Tls {

  /**
   * PostgreSQL's driver reports a host its certificate does not name with no TLS exception, only
   * these words (in a {@code PSQLException}, often wrapped by Flyway's longer message); matching
   * them is the one way to tell it from a server that is down.
   */
  private static final String PGJDBC_HOST_NOT_VERIFIED =
      "could not be verified by hostnameverifier";

  private Tls() {}

  /**
   * A socket factory that trusts exactly the certificates in {@code caPem} (one or more PEM
   * blocks).
   *
   * @throws IllegalArgumentException naming the file when it cannot be read or holds no certificate
   */
  public static SSLSocketFactory trusting(Path caPem) {
    try (InputStream in = Files.newInputStream(caPem)) {
      Collection<? extends Certificate> certificates =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certificates.isEmpty()) {
        throw new IllegalArgumentException("no certificate in " + caPem);
      }
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      int i = 0;
      for (Certificate certificate : certificates) {
        trusted.setCertificateEntry("ca-" + i++, certificate);
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context.getSocketFactory();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the CA file " + caPem + ": " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot read the CA file " + caPem + ": " + e.getMessage(), e);
    }
  }

  /**
   * Parameters that make a client socket check that the server's certificate names the host it
   * connected to (as HTTPS does): without them a JDK socket accepts any certificate its trust store
   * signed, for any host.
   */
  public static SSLParameters verifyingHostName() {
    SSLParameters parameters = new SSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    return parameters;
  }

  /**
   * Why a TLS connection failed, in one line, when {@code error}'s chain holds a handshake or
   * certificate failure: "certificate not trusted (...)" when no trusted CA signed the server's
   * certificate, "certificate does not name the host (...)" when it is for another host, else the
   * JDK's words. Empty when the failure is not about TLS.
   */
  public static Optional<String> failure(Throwable error) {
    String deepest = null;
    String hostNotVerified = null;
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      String message = String.valueOf(cause.getMessage());
      if (cause instanceof SSLException || cause instanceof CertificateException) {
        deepest = message;
      } else if (message.contains(PGJDBC_HOST_NOT_VERIFIED)) {
        hostNotVerified = message.strip();
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    if (hostNotVerified != null) {
      return Optional.of("certificate does not name the host (" + hostNotVerified + ")");
    }
    if (deepest == null) {
      return Optional.empty();
    }
    // The JDK prefixes nested messages with exception class names: keep the words.
    String words = deepest.replaceAll("(\\w+\\.)+\\w+(Exception|Error): ", "").trim();
    if (words.contains("unable to find valid certification path") || words.contains("PKIX path")) {
      return Optional.of("certificate not trusted (" + words + ")");
    }
    if (words.contains("subject alternative") || words.contains("No name matching")) {
      return Optional.of("certificate does not name the host (" + words + ")");
    }
    return Optional.of(words);
  }
}
