package dev.lessor.engine;

/** What a request does to a path, as in the CLI verbs of a secrets server. */
public enum Operation {
  READ,
  WRITE,
  LIST,
  DELETE
}
