package dev.lessor.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lessor.store.Storage;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Storage} must have, as a JUnit 5 suite. Extend it and return a fresh,
 * empty storage from {@link #createStorage()}; if it holds resources, release them in an {@code
 * AfterEach} method of the subclass. Not thread-safe; each test uses its own storage.
 */
public abstract class StorageContract {
  private Storage storage;

  /** A new, empty storage; called before each test. */
  protected abstract Storage createStorage();

  @BeforeEach
  void openStorage() {
    storage = createStorage();
  }

  /** The storage under test. */
  protected Storage storage() {
    return storage;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  @Test
  void put_thenGet_returnsValue() {
    storage.put("config/root", bytes("{\"access_key\":\"AKIA\"}"));

    assertThat(storage.get("config/root"))
        .hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("{\"access_key\":\"AKIA\"}")));
  }

  @Test
  void get_missingKey_isEmpty() {
    assertThat(storage.get("config/none")).isEmpty();
  }

  @Test
  void put_existingKey_replacesValue() {
    storage.put("roles/a", bytes("one"));

    storage.put("roles/a", bytes("two"));

    assertThat(storage.get("roles/a").orElseThrow()).isEqualTo(bytes("two"));
    assertThat(storage.list("")).containsExactly("roles/a");
  }

  @Test
  void put_callerChangesArrayAfterwards_storedValueUnchanged() {
    byte[] value = bytes("abc");
    storage.put("k", value);

    value[0] = 'X';

    assertThat(storage.get("k").orElseThrow()).isEqualTo(bytes("abc"));
  }

  @Test
  void get_callerChangesReturnedArray_storedValueUnchanged() {
    storage.put("k", bytes("abc"));

    storage.get("k").orElseThrow()[0] = 'X';

    assertThat(storage.get("k").orElseThrow()).isEqualTo(bytes("abc"));
  }

  @Test
  void put_emptyAndBinaryValues_roundTrip() {
    byte[] binary = new byte[256];
    for (int i = 0; i < binary.length; i++) {
      binary[i] = (byte) i;
    }

    storage.put("empty", new byte[0]);
    storage.put("binary", binary);

    assertThat(storage.get("empty").orElseThrow()).isEmpty();
    assertThat(storage.get("binary").orElseThrow()).isEqualTo(binary);
  }

  @Test
  void put_largeValue_roundTrips() {
    byte[] large = new byte[1 << 20];
    for (int i = 0; i < large.length; i++) {
      large[i] = (byte) (i * 31);
    }

    storage.put("large", large);

    assertThat(storage.get("large").orElseThrow()).isEqualTo(large);
  }

  @Test
  void delete_existingKey_isTrueAndRemovesIt() {
    storage.put("k", bytes("v"));

    assertThat(storage.delete("k")).isTrue();

    assertThat(storage.get("k")).isEmpty();
    assertThat(storage.list("")).isEmpty();
  }

  @Test
  void delete_missingKey_isFalse() {
    assertThat(storage.delete("none")).isFalse();
  }

  @Test
  void list_prefix_returnsMatchingKeysSorted() {
    for (String k :
        List.of("roles/b", "roles/a", "roles/ab", "config/root", "roles-old/a", "rolesx")) {
      storage.put(k, bytes(k));
    }

    assertThat(storage.list("roles/")).containsExactly("roles/a", "roles/ab", "roles/b");
    assertThat(storage.list("roles/a")).containsExactly("roles/a", "roles/ab");
    assertThat(storage.list(""))
        .containsExactly("config/root", "roles-old/a", "roles/a", "roles/ab", "roles/b", "rolesx");
    assertThat(storage.list("nothing/")).isEmpty();
  }

  @Test
  void list_prefixWithWildcardCharacters_matchesThemLiterally() {
    for (String k : List.of("a%b", "axb", "a_b", "ayb", "a\\b")) {
      storage.put(k, bytes(k));
    }

    assertThat(storage.list("a%")).containsExactly("a%b");
    assertThat(storage.list("a_")).containsExactly("a_b");
    assertThat(storage.list("a\\")).containsExactly("a\\b");
  }

  @Test
  void scoped_view_seesOnlyItsKeysWithoutPrefix() {
    storage.put("aws/config/root", bytes("root"));
    storage.put("aws-prod/config/root", bytes("prod"));
    Storage aws = storage.scoped("aws/");

    aws.put("roles/a", bytes("role"));

    assertThat(aws.get("config/root").orElseThrow()).isEqualTo(bytes("root"));
    assertThat(aws.list("")).containsExactly("config/root", "roles/a");
    assertThat(storage.get("aws/roles/a").orElseThrow()).isEqualTo(bytes("role"));
    assertThat(aws.scoped("roles/").list("")).containsExactly("a");
    assertThat(aws.delete("config/root")).isTrue();
    assertThat(storage.get("aws-prod/config/root")).isPresent();
  }

  @Test
  void put_concurrentWriters_allStored() throws Exception {
    int threads = 16;
    ConcurrentRuns.run(
        threads,
        thread ->
            () -> {
              for (int i = 0; i < 20; i++) {
                storage.put("k/" + thread + "/" + i, bytes("v" + i));
              }
              return null;
            });

    assertThat(storage.list("k/")).hasSize(threads * 20);
    assertThat(storage.get("k/15/19").orElseThrow()).isEqualTo(bytes("v19"));
  }
}
