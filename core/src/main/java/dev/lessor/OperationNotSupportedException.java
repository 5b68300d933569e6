package dev.lessor;

/**
 * The path exists but does not support the operation asked for (for example a LIST on a path that
 * only supports READ, or renewal of a lease whose engine cannot renew).
 */
public class OperationNotSupportedException extends LessorException {
  private static final long serialVersionUID = 1L;

  public OperationNotSupportedException(String message) {
    super(message);
  }

  @Override
  public boolean permanent() {
    return true;
  }
}
