package dev.lessor.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lessor.InvalidRequestException;
import dev.lessor.NotFoundException;
import dev.lessor.OperationNotSupportedException;
import dev.lessor.engine.Operation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input at every path: an error naming the field, and nothing changed. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AwsBadInputIT {
  private static final String ROLE_ARN = "arn:aws:iam::123456789012:role/deploy";
  private static final String POLICY_ARN = "arn:aws:iam::aws:policy/ReadOnlyAccess";
  private static final String JSON = AwsTestBed.EC2_POLICY;

  private AwsTestBed bed;
  private Map<String, Object> rootBefore;
  private Map<String, Object> leaseBefore;

  @BeforeAll
  void start() {
    bed = new AwsTestBed();
    bed.lessor.write("aws/config/lease", Map.of("lease", "1h", "lease_max", "2h"));
    bed.lessor.write("aws/roles/user", Map.of("policy", JSON));
    bed.lessor.write(
        "aws/roles/sts", Map.of("credential_type", "assumed_role", "role_arns", ROLE_ARN));
    rootBefore = bed.lessor.read("aws/config/root").data();
    leaseBefore = bed.lessor.read("aws/config/lease").data();
  }

  @AfterAll
  void stop() {
    bed.close();
  }

  private static Map<String, Object> map(Object... pairs) {
    Map<String, Object> out = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      out.put((String) pairs[i], pairs[i + 1]);
    }
    return out;
  }

  static Stream<Arguments> badWrites() {
    return Stream.of(
        // config/root
        Arguments.of(
            "config/root",
            map("acces_key", "x"),
            "acces_key",
            "is not a parameter of this path; it takes"),
        Arguments.of(
            "config/root",
            map("access_key", "AKIAAAAAAAAAAAAAAAAA"),
            "secret_key",
            "is required with access_key"),
        Arguments.of(
            "config/root", map("secret_key", "s"), "access_key", "is required with secret_key"),
        Arguments.of(
            "config/root",
            map("access_key", "short", "secret_key", "s"),
            "access_key",
            "must be an AWS access key id"),
        Arguments.of(
            "config/root",
            map("region", "Mars 1"),
            "region",
            "must be an AWS region such as us-east-1"),
        Arguments.of(
            "config/root",
            map("iam_endpoint", "localhost:80"),
            "iam_endpoint",
            "must be an http or https URL with a host"),
        Arguments.of(
            "config/root",
            map("sts_endpoint", "ftp://h"),
            "sts_endpoint",
            "must be an http or https URL with a host"),
        Arguments.of(
            "config/root",
            map("max_retries", "-2"),
            "max_retries",
            "must be -1 (SDK default) to 50"),
        Arguments.of(
            "config/root", map("max_retries", "many"), "max_retries", "must be a whole number"),
        Arguments.of(
            "config/root",
            map("username_template", "x-{{user}}-{{random}}"),
            "username_template",
            "has an unknown placeholder {{user}}"),
        Arguments.of(
            "config/root",
            map("username_template", "x-{{role}}"),
            "username_template",
            "must hold between 8 and 32 random characters ({{random N}}), has 0"),
        Arguments.of(
            "config/root",
            map("username_template", "x y{{random}}"),
            "username_template",
            "text may only hold letters, digits and +=,.@_-"),
        Arguments.of(
            "config/root",
            map("iam_rate_limit", "fast"),
            "iam_rate_limit",
            "must be a number of calls a second"),
        Arguments.of(
            "config/root",
            map("wait_ready_timeout", "1h"),
            "wait_ready_timeout",
            "must be at most 10m"),
        // config/lease
        Arguments.of("config/lease", map("lease_max", "1h"), "lease", "is required"),
        Arguments.of(
            "config/lease",
            map("lease", "1h", "lease_max", "soon"),
            "lease_max",
            "must be a duration like 768h, 30m, 1h30m or a number of seconds"),
        Arguments.of(
            "config/lease",
            map("lease", "3h", "lease_max", "1h"),
            "lease",
            "must not exceed lease_max"),
        // config/rotate-root
        Arguments.of(
            "config/rotate-root",
            map("force", true),
            "force",
            "is not a parameter of this path; it takes []"),
        // roles
        Arguments.of(
            "roles/new",
            map("policy_document", JSON),
            "credential_type",
            "is required: iam_user, assumed_role, federation_token or session_token"),
        Arguments.of(
            "roles/new",
            map("credential_type", "sesion_token"),
            "credential_type",
            "must be iam_user, assumed_role, federation_token or session_token"),
        Arguments.of(
            "roles/new",
            map("policy", "{not json"),
            "policy",
            "must be a JSON policy document, but is not valid JSON at line 1, column 2:"
                + " Unexpected character ('n')"),
        Arguments.of(
            "roles/new",
            map(
                "credential_type",
                "iam_user",
                "policy_document",
                "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [1,,2]\n}"),
            "policy_document",
            "must be a JSON policy document, but is not valid JSON at line 3, column 19:"
                + " Unexpected character (',')"),
        Arguments.of(
            "roles/new",
            map("credential_type", "iam_user", "policy_document", "[1]"),
            "policy_document",
            "must be a JSON policy document (an object)"),
        Arguments.of(
            "roles/new",
            map("policy", JSON, "policy_document", JSON),
            "policy",
            "is the legacy name of policy_document; give only one of them"),
        Arguments.of(
            "roles/new",
            map("policy", JSON, "credential_type", "assumed_role"),
            "policy",
            "(legacy) implies iam_user; use policy_document with assumed_role"),
        Arguments.of(
            "roles/new",
            map("policy", JSON, "policy_arns", "arn:aws:s3:::bucket"),
            "policy_arns",
            "'arn:aws:s3:::bucket' is not an IAM policy ARN"),
        Arguments.of(
            "roles/new",
            map("credential_type", "assumed_role", "role_arns", POLICY_ARN),
            "role_arns",
            "'" + POLICY_ARN + "' is not an IAM role ARN"),
        Arguments.of(
            "roles/new",
            map("credential_type", "assumed_role"),
            "role_arns",
            "is required for assumed_role"),
        Arguments.of(
            "roles/new",
            map("credential_type", "federation_token"),
            "policy_document",
            "or policy_arns is required for federation_token (otherwise the token would carry"
                + " the root credentials' rights)"),
        Arguments.of(
            "roles/new",
            map("policy", JSON, "role_arns", ROLE_ARN),
            "role_arns",
            "does not apply to credential_type iam_user"),
        Arguments.of(
            "roles/new",
            map("policy", JSON, "default_sts_ttl", "1h"),
            "default_sts_ttl",
            "does not apply to credential_type iam_user"),
        Arguments.of(
            "roles/new",
            map("credential_type", "assumed_role", "role_arns", ROLE_ARN, "iam_groups", "g"),
            "iam_groups",
            "does not apply to credential_type assumed_role"),
        Arguments.of(
            "roles/new",
            map(
                "credential_type",
                "federation_token",
                "policy_arns",
                POLICY_ARN,
                "external_id",
                "abc"),
            "external_id",
            "does not apply to credential_type federation_token"),
        Arguments.of(
            "roles/new",
            map("credential_type", "assumed_role", "role_arns", ROLE_ARN, "default_sts_ttl", "5m"),
            "default_sts_ttl",
            "must be between 15m and 36h (STS limits)"),
        Arguments.of(
            "roles/new",
            map(
                "credential_type",
                "assumed_role",
                "role_arns",
                ROLE_ARN,
                "default_sts_ttl",
                "2h",
                "max_sts_ttl",
                "1h"),
            "default_sts_ttl",
            "must not exceed max_sts_ttl"),
        Arguments.of(
            "roles/new",
            map("policy", JSON, "ttl", "2h", "max_ttl", "1h"),
            "ttl",
            "must not exceed max_ttl"),
        Arguments.of(
            "roles/new",
            map("policy", JSON, "ttl", "-1h"),
            "ttl",
            "must be a duration like 768h, 30m, 1h30m or a number of seconds"),
        Arguments.of(
            "roles/new",
            map("policy", JSON, "user_path", "apps"),
            "user_path",
            "must start and end with / and hold printable ASCII, at most 512"),
        Arguments.of(
            "roles/new",
            map("policy", JSON, "permissions_boundary_arn", ROLE_ARN),
            "permissions_boundary_arn",
            "must be an IAM policy ARN"),
        Arguments.of(
            "roles/new",
            map("policy", JSON, "iam_tags", Map.of("lessor-x", "1")),
            "iam_tags",
            "tag keys starting with aws: or lessor- are reserved"),
        Arguments.of(
            "roles/new",
            map("policy", JSON, "iam_tags", "novalue"),
            "iam_tags",
            "must be key=value pairs separated by commas"),
        Arguments.of(
            "roles/new",
            map("policy", JSON, "iam_groups", "a,b,c,d,e,f,g,h,i,j,k"),
            "iam_groups",
            "may name at most 10 groups (IAM's limit)"),
        Arguments.of(
            "roles/new",
            map("policy", JSON, "iam_groups", "bad group"),
            "iam_groups",
            "must be 1 to 128 characters of letters, digits and +=,.@_-"),
        Arguments.of(
            "roles/new",
            map("credential_type", "assumed_role", "role_arns", ROLE_ARN, "external_id", "x"),
            "external_id",
            "must be 2 to 1224 characters of letters, digits and +=,.@:/_-"),
        Arguments.of(
            "roles/new",
            map("policy", JSON, "wait_ready", "maybe"),
            "wait_ready",
            "must be true or false"),
        Arguments.of(
            "roles/new",
            map("policy", JSON, "polcy_arns", POLICY_ARN),
            "polcy_arns",
            "is not a parameter of this path; it takes"),
        Arguments.of(
            "roles/bad name",
            map("policy", JSON),
            "name",
            "must be 1 to 64 characters of letters, digits and +=,.@_-"),
        // creds and sts
        Arguments.of(
            "creds/user",
            map("role_arn", ROLE_ARN),
            "role_arn",
            "does not apply to role user (iam_user)"),
        Arguments.of(
            "creds/sts",
            map("wait_ready", true),
            "wait_ready",
            "does not apply to role sts (assumed_role)"),
        Arguments.of(
            "creds/user",
            map("ttl", "forever"),
            "ttl",
            "must be a duration like 768h, 30m, 1h30m or a number of seconds"),
        Arguments.of(
            "creds/user", map("wait_ready", "perhaps"), "wait_ready", "must be true or false"),
        Arguments.of(
            "sts/sts",
            map("role_session_name", "has space"),
            "role_session_name",
            "must be 1 to 64 characters of letters, digits and +=,.@_-"),
        Arguments.of(
            "sts/sts", map("lease", "1h"), "lease", "is not a parameter of this path; it takes"),
        // tidy
        Arguments.of(
            "tidy",
            map("grace", "a while"),
            "grace",
            "must be a duration like 768h, 30m, 1h30m or a number of seconds"),
        Arguments.of("tidy", map("dry_run", "perhaps"), "dry_run", "must be true or false"),
        Arguments.of("tidy", map("user_path", "lessor"), "user_path", "must start and end with /"),
        Arguments.of("tidy", map("path", "/"), "path", "is not a parameter of this path"));
  }

  @ParameterizedTest(name = "{0} {2}")
  @MethodSource("badWrites")
  void write_badInput_namesFieldAndChangesNothing(
      String path, Map<String, Object> data, String field, String rule) {
    assertThatThrownBy(() -> bed.lessor.write("aws/" + path, data))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo(field))
        .hasMessageStartingWith(field + ": " + rule);

    assertThat(bed.lessor.read("aws/config/root").data()).isEqualTo(rootBefore);
    assertThat(bed.lessor.read("aws/config/lease").data()).isEqualTo(leaseBefore);
    assertThat(bed.lessor.list("aws/roles/").data()).containsEntry("keys", List.of("sts", "user"));
    assertThat(bed.lessor.leases().list("aws/")).isEmpty();
    assertThat(bed.iam.users()).isEmpty();
  }

  static Stream<Arguments> badFieldsOnMissingObjects() {
    return Stream.of(
        Arguments.of(Operation.READ, "creds/nope", map("ttl", "abc"), "ttl"),
        Arguments.of(Operation.WRITE, "creds/nope", map("ttl", "abc"), "ttl"),
        Arguments.of(Operation.READ, "creds/nope", map("wait_ready", "perhaps"), "wait_ready"),
        Arguments.of(Operation.READ, "sts/nope", map("ttl", "abc"), "ttl"),
        Arguments.of(Operation.WRITE, "sts/nope", map("ttl", "-5m"), "ttl"),
        Arguments.of(
            Operation.READ, "sts/nope", map("role_session_name", "has space"), "role_session_name"),
        Arguments.of(Operation.READ, "roles/nope", map("ttl", "1h"), "ttl"),
        Arguments.of(Operation.READ, "roles/bad name", map(), "name"),
        Arguments.of(Operation.DELETE, "roles/bad name", map(), "name"),
        Arguments.of(Operation.READ, "config/root", map("secret_key", "x"), "secret_key"),
        Arguments.of(Operation.READ, "config/lease", map("lease", "1h"), "lease"));
  }

  @ParameterizedTest(name = "{0} {1} {3}")
  @MethodSource("badFieldsOnMissingObjects")
  void request_badFieldOnMissingObject_namesFieldBeforeLookingUp(
      Operation operation, String path, Map<String, Object> data, String field) {
    assertThatThrownBy(
            () -> {
              switch (operation) {
                case READ -> bed.lessor.read("aws/" + path, data);
                case WRITE -> bed.lessor.write("aws/" + path, data);
                default -> bed.lessor.delete("aws/" + path);
              }
            })
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo(field));

    assertThat(bed.lessor.leases().count()).isZero();
    assertThat(bed.iam.users()).isEmpty();
  }

  @Test
  void readCreds_unknownRole_isNotFound() {
    assertThatThrownBy(() -> bed.lessor.read("aws/creds/nope"))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("no role 'nope' at aws/roles/");
    assertThatThrownBy(() -> bed.lessor.read("aws/roles/nope"))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("no role 'nope' at aws/roles/");
  }

  @Test
  void unknownPathOrOperation_isRefusedByTheRouter() {
    assertThatThrownBy(() -> bed.lessor.read("aws/config/nothing"))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("its paths are [config/root, config/rotate-root, config/lease,");
    assertThatThrownBy(() -> bed.lessor.read("aws/tidy"))
        .isInstanceOf(OperationNotSupportedException.class)
        .hasMessage("path 'tidy' supports WRITE, not READ");
  }
}
