package dev.waggle.application.port.in;

/** Result: whether an admin write created its resource or replaced the one of that name. */
public enum Written {
  CREATED,
  UPDATED
}
