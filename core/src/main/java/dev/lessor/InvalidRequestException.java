package dev.lessor;

import java.util.Objects;

/** A request that can never succeed as written: it names the offending field and the rule. */
public class InvalidRequestException extends LessorException {
  private static final long serialVersionUID = 1L;
  private final String field;

  /**
   * @param field the request field (or path segment) at fault, such as {@code ttl}
   * @param rule what the field must be, such as {@code must be a duration like 768h or 30m}
   */
  public InvalidRequestException(String field, String rule) {
    super(Objects.requireNonNull(field, "field") + ": " + Objects.requireNonNull(rule, "rule"));
    this.field = field;
  }

  /** The field at fault. */
  public String field() {
    return field;
  }

  @Override
  public boolean permanent() {
    return true;
  }
}
