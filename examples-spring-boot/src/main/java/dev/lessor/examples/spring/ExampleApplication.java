package dev.lessor.examples.spring;

import java.net.URI;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * An application as a user would write it: its STS client takes the primary {@link
 * AwsCredentialsProvider}, which the starter registers from {@code lessor.aws.credentials.*}; the
 * client is built once and its key rotates under it. The endpoint override is only there because
 * the test points it at LocalIam.
 */
@SpringBootApplication
public class ExampleApplication {

  /** Starts the application; its properties say where the mounts, roles and credentials are. */
  public static void main(String[] args) {
    SpringApplication.run(ExampleApplication.class, args);
  }

  @Bean(destroyMethod = "close")
  StsClient sts(
      AwsCredentialsProvider credentials,
      @Value("${example.region}") String region,
      @Value("${example.sts-endpoint}") URI endpoint) {
    return StsClient.builder()
        .credentialsProvider(credentials)
        .region(Region.of(region))
        .endpointOverride(endpoint)
        .build();
  }

  @Bean
  WhoAmI whoAmI(StsClient sts) {
    return new WhoAmI(sts);
  }

  /** Stands for the application's own code: a service that calls AWS. */
  public static final class WhoAmI {
    private final StsClient sts;

    WhoAmI(StsClient sts) {
      this.sts = sts;
    }

    /** The caller's ARN, as STS GetCallerIdentity says. */
    public String arn() {
      return sts.getCallerIdentity().arn();
    }
  }
}
