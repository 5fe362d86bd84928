package io.bankstream.model.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.sql.SQLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@link Tls} says why a TLS connection failed, from the exception chains the JDK, Kafka's
 * client, Jedis and PostgreSQL's driver throw, and refuses a CA file it cannot use.
 */
class TlsTest {

  @Test
  void anUntrustedCertificateIsSaidSoWithoutClassNames() {
    SSLHandshakeException handshake =
        new SSLHandshakeException(
            "PKIX path building failed:"
                + " sun.security.provider.certpath.SunCertPathBuilderException: unable to find"
                + " valid certification path to requested target");
    handshake.initCause(
        new CertificateException(
            "PKIX path building failed:"
                + " sun.security.provider.certpath.SunCertPathBuilderException: unable to find"
                + " valid certification path to requested target"));
    Exception wrapped = new IllegalStateException("SSL handshake failed", handshake);

    assertThat(Tls.failure(wrapped))
        .contains(
            "certificate not trusted (PKIX path building failed: unable to find valid"
                + " certification path to requested target)");
  }

  @Test
  void aCertificateForAnotherHostIsSaidSo() {
    SSLHandshakeException handshake = new SSLHandshakeException("No name matching db found");
    handshake.initCause(new CertificateException("No name matching db found"));

    assertThat(Tls.failure(new RuntimeException("wrapper", handshake)))
        .contains("certificate does not name the host (No name matching db found)");
  }

  @Test
  void postgresDriversHostNameFailureIsFoundUnderFlywaysWords() {
    SQLException driver =
        new SQLException(
            "The hostname db could not be verified by hostnameverifier PgjdbcHostnameVerifier.",
            "08006");
    RuntimeException flyway =
        new RuntimeException(
            "Unable to obtain connection from database\nMessage : " + driver.getMessage(), driver);

    assertThat(Tls.failure(flyway))
        .contains(
            "certificate does not name the host (The hostname db could not be verified by"
                + " hostnameverifier PgjdbcHostnameVerifier.)");
  }

  @Test
  void aServerThatIsDownIsNoTlsFailure() {
    assertThat(Tls.failure(new IOException("x", new ConnectException("Connection refused"))))
        .isEmpty();
  }

  @Test
  void aMissingOrEmptyCaFileIsRefusedNamingIt(@TempDir Path directory) throws IOException {
    Path missing = directory.resolve("missing.pem");
    assertThatThrownBy(() -> Tls.trusting(missing))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageStartingWith("cannot read the CA file " + missing);
    Path empty = Files.writeString(directory.resolve("empty.pem"), "");
    assertThatThrownBy(() -> Tls.trusting(empty))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no certificate in " + empty);
  }
}
