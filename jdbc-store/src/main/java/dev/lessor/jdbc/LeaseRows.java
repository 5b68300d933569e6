package dev.lessor.jdbc;

import dev.lessor.InvalidRequestException;
import dev.lessor.LeaseState;
import dev.lessor.LessorException;
import dev.lessor.store.LeaseRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Maps {@link LeaseRecord}s to rows of {@code lessor_lease} and back: instants as microseconds
 * since the epoch, the internal map in a small binary form, encrypted when the store has a key.
 * Thread-safe.
 */
final class LeaseRows {
  /** Every column, in the order {@link #bind} sets them and {@link #read} reads them. */
  static final String COLUMNS =
      "mount, path, state, issue_time, expire_time, max_expire_time, renewable, internal,"
          + " due_time, attempts, last_error, version, engine, id";

  /** How many columns {@link #COLUMNS} names. */
  static final int COLUMN_COUNT = 14;

  private static final int VERSION_COLUMN = 12;
  private static final int ID_COLUMN = 14;

  private static final byte INTERNAL_FORMAT = 1;

  private final ValueCipher cipher;

  LeaseRows(ValueCipher cipher) {
    this.cipher = cipher;
  }

  /** The record's internal data as stored: encoded, and encrypted when the store has a key. */
  byte[] internal(LeaseRecord r) {
    return cipher.encrypt(encode(r.internal()), r.id());
  }

  /**
   * Sets parameters {@code first} to {@code first + 13} to the record's columns in {@link #COLUMNS}
   * order, with {@code version} and the already encrypted {@code internal}.
   */
  void bind(PreparedStatement ps, int first, LeaseRecord r, byte[] internal, long version)
      throws SQLException {
    int i = first;
    ps.setString(i++, r.mount());
    ps.setString(i++, r.path());
    ps.setString(i++, r.state().name());
    ps.setLong(i++, micros(r.issueTime(), "issueTime"));
    ps.setLong(i++, micros(r.expireTime(), "expireTime"));
    ps.setLong(i++, micros(r.maxExpireTime(), "maxExpireTime"));
    ps.setBoolean(i++, r.renewable());
    ps.setBytes(i++, internal);
    ps.setLong(i++, micros(r.dueTime(), "dueTime"));
    ps.setInt(i++, r.attempts());
    if (r.lastError() == null) {
      ps.setNull(i++, Types.VARCHAR);
    } else {
      ps.setString(i++, r.lastError());
    }
    ps.setLong(i++, version);
    ps.setString(i++, r.engine());
    ps.setString(i, r.id());
  }

  /** Checks that the record's instants fit before any statement runs. */
  static void checkInstants(LeaseRecord r) {
    micros(r.issueTime(), "issueTime");
    micros(r.expireTime(), "expireTime");
    micros(r.maxExpireTime(), "maxExpireTime");
    micros(r.dueTime(), "dueTime");
  }

  /**
   * The record of the current row.
   *
   * @throws UnreadableLeaseException when the row cannot be decoded (altered bytes, a manual edit,
   *     a newer version's format); it names the lease and says why
   */
  LeaseRecord read(ResultSet rs) throws SQLException {
    String id = rs.getString(ID_COLUMN);
    try {
      return new LeaseRecord(
          id,
          rs.getString(1),
          rs.getString(13),
          rs.getString(2),
          state(rs.getString(3)),
          instant(rs.getLong(4)),
          instant(rs.getLong(5)),
          instant(rs.getLong(6)),
          rs.getBoolean(7),
          decode(cipher.decrypt(rs.getBytes(8), id), id),
          instant(rs.getLong(9)),
          rs.getInt(10),
          rs.getString(11),
          rs.getLong(VERSION_COLUMN));
    } catch (RuntimeException e) {
      // One row's content must never fail a whole query: the caller decides what to do with it.
      throw new UnreadableLeaseException(id, rs.getLong(VERSION_COLUMN), describe(e), e);
    }
  }

  private static LeaseState state(String name) {
    for (LeaseState s : LeaseState.values()) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    throw new LessorException("its state '" + name + "' is unknown");
  }

  private static String describe(RuntimeException e) {
    return e instanceof LessorException || e.getMessage() == null
        ? String.valueOf(e.getMessage())
        : e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  static long micros(Instant t, String field) {
    try {
      return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    } catch (ArithmeticException e) {
      throw new InvalidRequestException(field, "must be within 290,000 years of 1970");
    }
  }

  static Instant instant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
  }

  private static byte[] encode(Map<String, String> internal) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(INTERNAL_FORMAT);
      out.writeInt(internal.size());
      for (Map.Entry<String, String> e : new TreeMap<>(internal).entrySet()) {
        writeString(out, e.getKey());
        writeString(out, e.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static Map<String, String> decode(byte[] stored, String id) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(stored))) {
      if (in.readByte() != INTERNAL_FORMAT) {
        throw new LessorException("internal data of lease " + id + " has an unknown format");
      }
      int size = in.readInt();
      Map<String, String> out = new HashMap<>();
      for (int i = 0; i < size; i++) {
        out.put(readString(in), readString(in));
      }
      return out;
    } catch (IOException e) {
      throw new LessorException("internal data of lease " + id + " is truncated or damaged");
    }
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readString(DataInputStream in) throws IOException {
    int length = in.readInt();
    // A damaged length must fail as a bad row, not allocate gigabytes.
    if (length < 0 || length > in.available()) {
      throw new IOException("string length " + length + " out of range");
    }
    byte[] b = new byte[length];
    in.readFully(b);
    return new String(b, StandardCharsets.UTF_8);
  }
}
