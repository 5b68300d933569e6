package dev.lessor.aws;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * The SDK's HTTP client for the engine's IAM and STS calls, over the JDK's {@link HttpClient}.
 *
 * <p>Why not one of the SDK's clients: IAM and STS answer with secrets in the response body
 * (CreateAccessKey's SecretAccessKey, STS session tokens). The Apache clients print every body on
 * their wire logger ({@code org.apache.hc.client5.http.wire}, {@code org.apache.http.wire}) as soon
 * as it is at DEBUG, which a host sets for debugging without thinking of it, and a library cannot
 * turn that logger off. The url-connection client logs no bodies, but the JDK's {@code
 * HttpURLConnection} under it silently sends a POST again when the connection closes before the
 * answer ({@code sun.net.http.retryPost}, on by default), below the SDK's retry policy: a lost
 * CreateAccessKey answer would make a second key nobody holds. The JDK's {@link HttpClient} logs
 * nothing at any logger level (only with its own system properties, {@code
 * jdk.httpclient.HttpClient.log} and {@code jdk.internal.httpclient.debug}) and retries only
 * idempotent requests, so every retry is the SDK's decision. It needs no dependency either.
 *
 * <p>Request bodies are small (IAM and STS query forms), so they are sent from memory with their
 * length. Timeouts: {@value #CONNECT_TIMEOUT_SECONDS} s to connect, {@value
 * #RESPONSE_TIMEOUT_SECONDS} s for the response headers (the SDK's defaults); the SDK's own call
 * timeouts abort through {@link ExecutableHttpRequest#abort()}. Proxies come from the JVM's {@link
 * ProxySelector} ({@code https.proxyHost} and friends). Thread-safe.
 */
final class JdkHttpClient implements SdkHttpClient {
  static final int CONNECT_TIMEOUT_SECONDS = 2;
  static final int RESPONSE_TIMEOUT_SECONDS = 30;

  /** Headers the JDK client sets itself (and refuses from callers); the SDK's values match. */
  private static final Set<String> SET_BY_JDK =
      Set.of("host", "content-length", "connection", "expect", "upgrade");

  private final HttpClient client;
  private final Duration responseTimeout;

  JdkHttpClient() {
    this(Duration.ofSeconds(CONNECT_TIMEOUT_SECONDS), Duration.ofSeconds(RESPONSE_TIMEOUT_SECONDS));
  }

  /** With other timeouts: tests use short ones to see a silent server abandoned in time. */
  JdkHttpClient(Duration connectTimeout, Duration responseTimeout) {
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(connectTimeout)
            .proxy(ProxySelector.getDefault())
            .build();
    this.responseTimeout = responseTimeout;
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    SdkHttpRequest http = request.httpRequest();
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(http.getUri())
            .timeout(responseTimeout)
            .method(http.method().name(), body(request));
    http.forEachHeader(
        (name, values) -> {
          if (!SET_BY_JDK.contains(name.toLowerCase(Locale.ROOT))) {
            values.forEach(v -> builder.header(name, v));
          }
        });
    return new Call(client, builder.build());
  }

  private static HttpRequest.BodyPublisher body(HttpExecuteRequest request) {
    return request
        .contentStreamProvider()
        .map(JdkHttpClient::bytes)
        .filter(b -> b.length > 0)
        .map(HttpRequest.BodyPublishers::ofByteArray)
        .orElse(HttpRequest.BodyPublishers.noBody());
  }

  private static byte[] bytes(ContentStreamProvider provider) {
    try (InputStream in = provider.newStream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot read the request body", e);
    }
  }

  @Override
  public String clientName() {
    return "JdkHttpClient";
  }

  /** On Java 21 and later the JDK client can be closed; before, its threads end with it. */
  @Override
  public void close() {
    if (client instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        // Closing releases threads at most; nothing to act on.
      }
    }
  }

  /** One request; {@link #abort()} cancels it from another thread. */
  private static final class Call implements ExecutableHttpRequest {
    private final HttpClient client;
    private final HttpRequest request;
    private volatile CompletableFuture<HttpResponse<InputStream>> pending;
    private volatile boolean aborted;

    Call(HttpClient client, HttpRequest request) {
      this.client = client;
      this.request = request;
    }

    @Override
    public HttpExecuteResponse call() throws IOException {
      CompletableFuture<HttpResponse<InputStream>> future =
          client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
      pending = future;
      if (aborted) {
        future.cancel(true);
      }
      HttpResponse<InputStream> response;
      try {
        response = future.get();
      } catch (InterruptedException e) {
        future.cancel(true);
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted during " + request.method() + " " + host());
      } catch (CancellationException e) {
        throw new IOException("aborted: " + request.method() + " " + host(), e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof IOException io) {
          throw io;
        }
        throw new IOException(request.method() + " " + host() + " failed", e.getCause());
      }
      InputStream body = response.body();
      return HttpExecuteResponse.builder()
          .response(
              SdkHttpResponse.builder()
                  .statusCode(response.statusCode())
                  .headers(response.headers().map())
                  .build())
          .responseBody(AbortableInputStream.create(body, () -> closeQuietly(body)))
          .build();
    }

    @Override
    public void abort() {
      aborted = true;
      CompletableFuture<HttpResponse<InputStream>> future = pending;
      if (future != null) {
        future.cancel(true);
      }
    }

    private String host() {
      return request.uri().getHost();
    }

    private static void closeQuietly(InputStream in) {
      try {
        in.close();
      } catch (IOException e) {
        // Aborting: the connection is dropped either way.
      }
    }
  }
}
