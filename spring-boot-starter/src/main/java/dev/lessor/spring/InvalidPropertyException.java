package dev.lessor.spring;

/**
 * A {@code lessor.*} property that Lessor refused at startup. The message starts with the property
 * and goes on with the library's own reason, such as {@code lessor.mounts.aws.roles.app: ttl: must
 * be ...}; it never holds a property's value when that may be a secret. Immutable.
 */
public class InvalidPropertyException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final String property;

  /**
   * @param property the property (or property prefix) that is wrong
   * @param reason why, in the library's words
   */
  public InvalidPropertyException(String property, String reason, Throwable cause) {
    super(property + ": " + reason, cause);
    this.property = property;
  }

  /** A refusal with no underlying exception. */
  public InvalidPropertyException(String property, String reason) {
    this(property, reason, null);
  }

  /** The property, or property prefix, that is wrong. */
  public String property() {
    return property;
  }
}
