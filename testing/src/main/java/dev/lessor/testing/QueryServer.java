package dev.lessor.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of {@link LocalIam}: a JDK {@code HttpServer} on the loopback interface that takes
 * each Query-protocol request through counting, fault injection, SigV4 authentication and dispatch,
 * and answers with the XML the AWS SDK expects. An act-then-drop fault runs the action and then
 * closes the connection instead of answering; a consistency window ({@link IamVisibility}) is
 * checked under the account lock just before the action runs.
 *
 * <p>One endpoint serves IAM and STS: the service comes from the SigV4 credential scope ({@code
 * .../iam/aws4_request} or {@code .../sts/aws4_request}). Requests run on a fixed pool of worker
 * threads; each action runs while holding the account lock, so actions are atomic. Added latency
 * delays the answer on a scheduler instead of holding a worker. Thread-safe; {@link #close()} stops
 * the server and its threads.
 */
final class QueryServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(QueryServer.class);
  static final String IAM_NAMESPACE = "https://iam.amazonaws.com/doc/2010-05-08/";
  static final String STS_NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
  private static final int WORKER_THREADS = 16;

  /**
   * Connections the kernel queues before the server accepts them. A JVM that starts with a hundred
   * threads calling at once (mints beside revocations) opens that many connections together; past
   * the queue the kernel drops the SYN and the client waits a second to send it again, a delay AWS
   * does not add.
   */
  private static final int ACCEPT_BACKLOG = 1024;

  static {
    // The JDK server writes the status line and the body in separate small packets; with Nagle's
    // algorithm on, the body waits for the client's delayed ACK, which costs ~40 ms per call.
    // And it closes keep-alive connections idle for 30 s, while the AWS SDK keeps them for 60 s
    // and may then send a request on a connection the server has just closed. The properties are
    // read once, when the JDK's server classes load, so they are set before the first use, unless
    // the host set them.
    setIfAbsent("sun.net.httpserver.nodelay", "true");
    setIfAbsent("sun.net.httpserver.idleInterval", "120");
  }

  private static void setIfAbsent(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }

  private final IamAccount account;
  private final IamFaults faults;
  private final Map<String, QueryAction> iamActions;
  private final Map<String, QueryAction> stsActions;
  private final Map<String, AtomicInteger> callCounts = new ConcurrentHashMap<>();
  private final HttpServer http;
  private final ExecutorService workers;
  private final ScheduledExecutorService delays;

  QueryServer(
      IamAccount account,
      IamFaults faults,
      Map<String, QueryAction> iamActions,
      Map<String, QueryAction> stsActions,
      int port)
      throws IOException {
    this.account = account;
    this.faults = faults;
    this.iamActions = Map.copyOf(iamActions);
    this.stsActions = Map.copyOf(stsActions);
    this.http =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), port), ACCEPT_BACKLOG);
    this.workers = Executors.newFixedThreadPool(WORKER_THREADS, daemon("local-iam-worker"));
    this.delays = Executors.newSingleThreadScheduledExecutor(daemon("local-iam-latency"));
    http.setExecutor(workers);
    http.createContext("/", this::handle);
    http.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
  }

  int callCount(String action) {
    AtomicInteger count = callCounts.get(action);
    return count == null ? 0 : count.get();
  }

  Map<String, Integer> callCounts() {
    Map<String, Integer> copy = new TreeMap<>();
    callCounts.forEach((action, count) -> copy.put(action, count.get()));
    return copy;
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    QueryRequest request;
    try {
      String rawQuery = exchange.getRequestURI().getRawQuery();
      request = QueryRequest.parse(new String(body, StandardCharsets.UTF_8), rawQuery);
    } catch (IllegalArgumentException e) {
      String requestId = account.ids.requestId();
      QueryError error = new QueryError(400, "MalformedQueryString", "Malformed query string");
      send(exchange, new Reply(400, requestId, XmlWriter.error(IAM_NAMESPACE, requestId, error)));
      return;
    }
    String action = request.action();
    if (action != null) {
      callCounts.computeIfAbsent(action, a -> new AtomicInteger()).incrementAndGet();
    }
    IamFaults.Decision fault = action == null ? IamFaults.Decision.NONE : faults.next(action);
    Runnable answer;
    if (fault.kind() == IamFaults.Kind.DROP) {
      // Closing an exchange before its response headers are sent closes the connection.
      answer = exchange::close;
    } else {
      Reply reply = reply(exchange, body, request, fault);
      // Acted, then the answer lost: the state changed, the client learns nothing of it.
      answer =
          fault.kind() == IamFaults.Kind.ACT_THEN_DROP
              ? exchange::close
              : () -> send(exchange, reply);
    }
    if (fault.latency().isZero()) {
      answer.run();
      return;
    }
    try {
      delays.schedule(answer, fault.latency().toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      exchange.close(); // closed while the call was in flight
    }
  }

  private record Reply(int status, String requestId, String xml) {}

  private Reply reply(
      HttpExchange exchange, byte[] body, QueryRequest request, IamFaults.Decision fault) {
    String requestId = account.ids.requestId();
    String namespace = IAM_NAMESPACE;
    try {
      if (fault.kind() != IamFaults.Kind.NONE && fault.kind() != IamFaults.Kind.ACT_THEN_DROP) {
        throw IamFaults.errorFor(fault);
      }
      SigV4Verifier.Authorization auth =
          SigV4Verifier.parse(exchange.getRequestHeaders().getFirst("Authorization"));
      boolean sts = auth.service().equals("sts");
      namespace = sts ? STS_NAMESPACE : IAM_NAMESPACE;
      QueryAction action = lookup(sts ? stsActions : iamActions, request.action(), sts);
      Caller caller = authenticate(exchange, body, auth);
      authorize(caller, sts, request.action());
      XmlWriter result = new XmlWriter();
      Duration hidden = sts ? Duration.ZERO : faults.invisibility(request.action());
      synchronized (account) {
        IamVisibility.check(account, request, hidden);
        action.handle(request, caller, result);
      }
      return new Reply(
          200, requestId, XmlWriter.success(request.action(), namespace, requestId, result));
    } catch (QueryError e) {
      return new Reply(e.status(), requestId, XmlWriter.error(namespace, requestId, e));
    } catch (RuntimeException e) {
      // A bug in the emulator: answer as AWS would, and leave a trace for whoever debugs the test.
      log.warn("LocalIam failed on action {}", request.action(), e);
      QueryError error =
          new QueryError(500, "InternalFailure", "The request processing has failed.");
      return new Reply(500, requestId, XmlWriter.error(namespace, requestId, error));
    }
  }

  /** Who signed the request, once the key is usable and the signature matches. */
  private Caller authenticate(
      HttpExchange exchange, byte[] body, SigV4Verifier.Authorization auth) {
    String sessionToken = exchange.getRequestHeaders().getFirst("X-Amz-Security-Token");
    IamAccount.Credential credential;
    synchronized (account) {
      credential = account.authenticate(auth.accessKeyId(), sessionToken);
    }
    SigV4Verifier.SignedRequest signed =
        new SigV4Verifier.SignedRequest(
            exchange.getRequestMethod(),
            exchange.getRequestURI().getRawPath(),
            exchange.getRequestURI().getRawQuery(),
            exchange.getRequestHeaders(),
            body);
    if (!SigV4Verifier.verify(auth, credential.secret(), signed)) {
      throw new QueryError(
          403,
          "SignatureDoesNotMatch",
          "The request signature we calculated does not match the signature you provided."
              + " Check your AWS Secret Access Key and signing method.");
    }
    return credential.caller();
  }

  /**
   * Nothing here evaluates policies, with one exception that code minting federation tokens must
   * respect: GetFederationToken sessions may call no IAM action and no STS action but
   * GetCallerIdentity, whatever their policy says.
   */
  private static void authorize(Caller caller, boolean sts, String action) {
    if (caller.kind() == Caller.Kind.FEDERATED_USER
        && !(sts && action.equals("GetCallerIdentity"))) {
      throw QueryError.accessDenied(
          "User: "
              + caller.arn()
              + " is not authorized to perform: "
              + (sts ? "sts:" : "iam:")
              + action
              + " with federated user session credentials");
    }
  }

  private static QueryAction lookup(Map<String, QueryAction> actions, String name, boolean sts) {
    if (name == null) {
      throw new QueryError(400, "MissingAction", "Missing Action");
    }
    QueryAction action = actions.get(name);
    if (action == null) {
      throw new QueryError(
          400,
          "InvalidAction",
          "Could not find operation "
              + name
              + " for version "
              + (sts ? "2011-06-15" : "2010-05-08"));
    }
    return action;
  }

  private static void send(HttpExchange exchange, Reply reply) {
    byte[] bytes = reply.xml().getBytes(StandardCharsets.UTF_8);
    try (exchange) {
      exchange.getResponseHeaders().set("Content-Type", "text/xml");
      exchange.getResponseHeaders().set("x-amzn-RequestId", reply.requestId());
      exchange.sendResponseHeaders(reply.status(), bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } catch (IOException e) {
      // The client went away (a timeout on its side); nothing to answer.
      log.debug("LocalIam could not answer request {}", reply.requestId(), e);
    }
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    http.stop(0);
    delays.shutdownNow();
    workers.shutdownNow();
  }
}
