package io.bankstream.localstack.tls;

import io.bankstream.localstack.LocalStack;
import io.bankstream.localstack.StackTls;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates made at test time with Bouncy Castle, in a temporary directory that {@link #close()}
 * deletes: a CA, a server certificate for the host names and addresses given (Subject Alternative
 * Names), and a client certificate for mutual TLS, both signed by the CA. Written as PEM files
 * (what PostgreSQL, Redis and PostgreSQL's JDBC {@code sslrootcert} read) and PKCS12 stores (what
 * Kafka and the JDK read), all with one random password. Keys are EC P-256: quick to make.
 *
 * <pre>{@code
 * try (TestCertificates certificates = TestCertificates.create("127.0.0.1");
 *     LocalStack stack = LocalStack.builder().tls(certificates.stackTls(true)).start()) { ... }
 * }</pre>
 */
public final class TestCertificates implements AutoCloseable {

  private static final Duration VALIDITY = Duration.ofDays(1);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path directory;
  private final String password = "tls-" + UUID.randomUUID();

  private TestCertificates(Path directory) {
    this.directory = directory;
  }

  /**
   * A fresh CA with a server certificate naming {@code serverNames} (IP addresses or DNS names) and
   * a client certificate.
   */
  public static TestCertificates create(String... serverNames) {
    Path directory;
    try {
      directory = Files.createTempDirectory("bankstream-tls-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    TestCertificates certificates = new TestCertificates(directory);
    try {
      certificates.write(serverNames);
      return certificates;
    } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
      certificates.close();
      throw new IllegalStateException("could not make the test certificates: " + e, e);
    }
  }

  private void write(String... serverNames)
      throws IOException, GeneralSecurityException, OperatorCreationException {
    KeyPair caKeys = keyPair();
    X500Name caName = new X500Name("CN=bankstream test CA " + UUID.randomUUID());
    X509v3CertificateBuilder ca = builder(caName, caName, caKeys);
    ca.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    ca.addExtension(
        Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    X509Certificate caCertificate = sign(ca, caKeys.getPrivate());

    List<GeneralName> names = new ArrayList<>();
    for (String name : serverNames) {
      names.add(
          name.matches("[0-9.]+|.*:.*")
              ? new GeneralName(GeneralName.iPAddress, InetAddress.getByName(name).getHostAddress())
              : new GeneralName(GeneralName.dNSName, name));
    }
    KeyPair serverKeys = keyPair();
    X509v3CertificateBuilder server =
        builder(caName, new X500Name("CN=bankstream test server"), serverKeys);
    server.addExtension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(names.toArray(GeneralName[]::new)));
    // Server and client: Kafka's broker also connects to its own SSL listener with this key.
    server.addExtension(
        Extension.extendedKeyUsage,
        false,
        new ExtendedKeyUsage(
            new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
    X509Certificate serverCertificate = sign(server, caKeys.getPrivate());

    KeyPair clientKeys = keyPair();
    X509v3CertificateBuilder client =
        builder(caName, new X500Name("CN=bankstream test client"), clientKeys);
    client.addExtension(
        Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
    X509Certificate clientCertificate = sign(client, caKeys.getPrivate());

    pem(caPem(), caCertificate);
    pem(serverPem(), serverCertificate);
    pem(serverKeyPem(), new JcaPKCS8Generator(serverKeys.getPrivate(), null));
    // PostgreSQL refuses a key file that others may read.
    Files.setPosixFilePermissions(serverKeyPem(), PosixFilePermissions.fromString("rw-------"));
    keyStore(serverKeyStore(), serverKeys.getPrivate(), serverCertificate, caCertificate);
    keyStore(clientKeyStore(), clientKeys.getPrivate(), clientCertificate, caCertificate);
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", caCertificate);
    store(trust, trustStore());
  }

  private static KeyPair keyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
    return generator.generateKeyPair();
  }

  private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(
        issuer,
        new BigInteger(64, RANDOM),
        Date.from(now.minus(Duration.ofMinutes(5))),
        Date.from(now.plus(VALIDITY)),
        subject,
        keys.getPublic());
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
      throws OperatorCreationException, GeneralSecurityException {
    return new JcaX509CertificateConverter()
        .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
  }

  private static void pem(Path file, Object object) throws IOException {
    try (Writer out = Files.newBufferedWriter(file);
        JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    }
  }

  private void keyStore(Path file, PrivateKey key, Certificate... chain)
      throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("key", key, password.toCharArray(), chain);
    store(store, file);
  }

  private void store(KeyStore store, Path file) throws IOException, GeneralSecurityException {
    try (OutputStream out = Files.newOutputStream(file)) {
      store.store(out, password.toCharArray());
    }
  }

  /**
   * What {@link LocalStack.Builder#tls} takes; with {@code mutual} Kafka requires a client
   * certificate and the stack's client properties present {@link #clientKeyStore()}.
   */
  public StackTls stackTls(boolean mutual) {
    return new StackTls(
        caPem(),
        serverPem(),
        serverKeyPem(),
        serverKeyStore(),
        trustStore(),
        password,
        mutual ? clientKeyStore() : null);
  }

  public Path directory() {
    return directory;
  }

  /** The CA certificate, PEM: PostgreSQL's {@code sslrootcert}, the Redis clients' CA file. */
  public Path caPem() {
    return directory.resolve("ca.pem");
  }

  public Path serverPem() {
    return directory.resolve("server.pem");
  }

  public Path serverKeyPem() {
    return directory.resolve("server-key.pem");
  }

  public Path serverKeyStore() {
    return directory.resolve("server.p12");
  }

  public Path clientKeyStore() {
    return directory.resolve("client.p12");
  }

  /** The CA certificate in a PKCS12 trust store: Kafka's {@code ssl.truststore.location}. */
  public Path trustStore() {
    return directory.resolve("truststore.p12");
  }

  /** The password of every PKCS12 store here. */
  public String password() {
    return password;
  }

  /** Deletes the directory and everything in it. */
  @Override
  public void close() {
    try (var files = Files.list(directory)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
      Files.delete(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete " + directory, e);
    }
  }
}
