package dev.lessor.spring;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code lessor.store.*} properties. Which store is chosen by {@code lessor.store} itself:
 * {@code memory} (the default), {@code jdbc} (the application's PostgreSQL DataSource) or {@code
 * embedded} (SQLite in {@code lessor.store.directory}).
 */
@ConfigurationProperties("lessor.store")
public class LessorStoreProperties {
  /**
   * The AES-256 key (32 bytes in Base64, e.g. from openssl rand -base64 32) that encrypts engine
   * configuration and lease data at rest; usually set from an environment variable. Required for a
   * jdbc or embedded store unless allow-plaintext is true.
   */
  private String encryptionKey;

  /** Open a jdbc or embedded store without an encryption key: root credentials in plain text. */
  private boolean allowPlaintext;

  /** The directory of the embedded (SQLite) store; created if missing. Required for embedded. */
  private Path directory;

  public String getEncryptionKey() {
    return encryptionKey;
  }

  public void setEncryptionKey(String encryptionKey) {
    this.encryptionKey = encryptionKey;
  }

  public boolean isAllowPlaintext() {
    return allowPlaintext;
  }

  public void setAllowPlaintext(boolean allowPlaintext) {
    this.allowPlaintext = allowPlaintext;
  }

  public Path getDirectory() {
    return directory;
  }

  public void setDirectory(Path directory) {
    this.directory = directory;
  }

  /** Leaves the key out: it is a secret. */
  @Override
  public String toString() {
    return "LessorStoreProperties{encryptionKey="
        + (encryptionKey == null ? "unset" : "***")
        + ", allowPlaintext="
        + allowPlaintext
        + ", directory="
        + directory
        + "}";
  }
}
