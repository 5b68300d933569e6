package dev.lessor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryRequestTest {
  @Test
  void parse_listsAndTagsInTheSdksShape_readsThemInOrder() {
    QueryRequest r =
        QueryRequest.parse(
            "Action=AssumeRole&TagKeys.member.1=a&TagKeys.member.2=b"
                + "&PolicyArns.member.1.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FX"
                + "&Tags.member.1.Key=team&Tags.member.1.Value=core%20data"
                + "&Tags.member.2.Key=empty&Tags.member.2.Value=");

    assertThat(r.action()).isEqualTo("AssumeRole");
    assertThat(r.members("TagKeys")).containsExactly("a", "b");
    assertThat(r.memberFields("PolicyArns", "arn")).containsExactly("arn:aws:iam::aws:policy/X");
    assertThat(r.tags("Tags")).isEqualTo(Map.of("team", "core data", "empty", ""));
  }

  @Test
  void parse_bodyWinsOverTheQueryString() {
    QueryRequest r = QueryRequest.parse("Action=ListUsers", "Action=DeleteUser&MaxItems=5");

    assertThat(r.action()).isEqualTo("ListUsers");
    assertThat(r.integer("MaxItems", 100, 1, 1000)).isEqualTo(5);
  }

  @Test
  void required_missing_isValidationErrorNamingTheMember() {
    assertThatThrownBy(() -> QueryRequest.parse("Action=GetUser").required("UserName"))
        .isInstanceOf(QueryError.class)
        .hasMessage(
            "1 validation error detected: Value null at 'userName' failed to satisfy constraint:"
                + " Member must not be null");
  }

  @Test
  void integer_notANumber_isValidationError() {
    assertThatThrownBy(() -> QueryRequest.parse("MaxItems=ten").integer("MaxItems", 100, 1, 1000))
        .isInstanceOf(QueryError.class)
        .hasMessage("Invalid value 'ten' for MaxItems");
  }
}
