package dev.lessor;

/** The path, mount, role or lease that a call names does not exist. */
public class NotFoundException extends LessorException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(String message) {
    super(message);
  }
}
