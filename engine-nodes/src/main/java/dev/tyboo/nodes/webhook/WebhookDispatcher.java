package dev.tyboo.nodes.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tyboo.engine.Engine;
import dev.tyboo.engine.StartOptions;
import dev.tyboo.error.EngineClosedException;
import dev.tyboo.error.EngineException;
import dev.tyboo.error.StorageException;
import dev.tyboo.error.WorkflowNotFoundException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionEvent;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.execution.NodeRun;
import dev.tyboo.execution.NodeRunStatus;
import dev.tyboo.json.JsonMappers;
import dev.tyboo.node.Item;
import dev.tyboo.nodes.internal.BoundedInputStream;
import dev.tyboo.spi.binary.BinaryRef;
import dev.tyboo.workflow.NodeSpec;
import dev.tyboo.workflow.Workflow;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;

/**
 * Turns HTTP requests into workflow executions: the engine-level entry point that any host HTTP
 * layer (a servlet, Spring, Javalin, the JDK's {@code HttpServer}) calls with a {@link
 * WebhookRequest}, and whose {@link WebhookResponse} it sends back.
 *
 * <pre>{@code
 * WebhookDispatcher webhooks = WebhookDispatcher.builder(engine)
 *     .secret("shop-signing-key", System.getenv("SHOP_SIGNING_KEY"))
 *     .build();
 * webhooks.register(orderWorkflow);              // deploys it; its Webhook node says path & mode
 * // in the host's handler for POST /api/v1/webhook/{path}:
 * WebhookResponse r = webhooks.dispatch(request).join();
 * }</pre>
 *
 * <p>A request is matched by method and path (literal paths before {@code {name}} templates),
 * authenticated as its {@link Webhook} node says, its body read (JSON, form and text bodies up to
 * {@link Builder#maxBodyBytes}; anything else streamed into the engine's binary store up to {@link
 * Builder#maxBinaryBytes}), and the workflow started with one item describing the request. The
 * answer depends on the node's response mode. Problems become HTTP answers with a JSON {@code
 * {"error": ...}} body, never exceptions: 404 no such webhook, 405 wrong method (with {@code
 * Allow}), 401 authentication failed, 413 body too large, 400 malformed body, 500 the execution
 * failed, 503 the engine is shut down or its storage unavailable, 504 no answer within {@link
 * Builder#responseTimeout} (the execution goes on).
 *
 * <p>A {@link WebhookTrigger} (Slack, GitHub, Telegram) takes the place of a Webhook node: it
 * checks its service's signature itself and answers {@code {"executionId": ...}} once the execution
 * is stored, starting one execution per event however often the service delivers it.
 *
 * <p>Registrations live in this object: a host registers its workflows at start-up. In a durable
 * engine shared by several processes, each process registers the same workflows; an execution may
 * run on another process, and the answer ({@code lastNode}, {@code responseNode}) then comes from
 * its stored result when it ends. Thread-safe.
 */
public final class WebhookDispatcher implements AutoCloseable {

  private static final ObjectMapper JSON = JsonMappers.standard();
  private static final StartOptions ON_REQUEST_THREAD = StartOptions.none().runOnCallingThread();
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(WebhookDispatcher.class);

  private final Engine engine;
  private final WebhookAuthentication auth;
  private final long maxBodyBytes;
  private final long maxBinaryBytes;
  private final Duration responseTimeout;
  private final boolean onRequestThread;
  private final Object registrationLock = new Object();
  private volatile Map<String, List<WebhookEndpoint>> byWorkflow = Map.of();
  private volatile List<WebhookEndpoint> endpoints = List.of();
  private final Map<String, CompletableFuture<WebhookResponse>> awaitingAnswers =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final dev.tyboo.execution.ExecutionListener listener = this::onEvent;

  private WebhookDispatcher(Builder b) {
    this.engine = b.engine;
    this.auth = new WebhookAuthentication(b.secrets);
    this.maxBodyBytes = b.maxBodyBytes;
    this.maxBinaryBytes = b.maxBinaryBytes;
    this.responseTimeout = b.responseTimeout;
    this.onRequestThread = b.onRequestThread;
    engine.addListener(listener);
  }

  /**
   * {@return a builder}
   *
   * @param engine the engine that runs the workflows
   */
  public static Builder builder(Engine engine) {
    return new Builder(engine);
  }

  /**
   * Deploys a workflow and routes requests to its Webhook node. Registering a workflow again (a new
   * version) replaces its routes.
   *
   * @param workflow a workflow with exactly one trigger, a {@link Webhook} node
   * @return its routes, such as {@code POST orders/{id}}
   * @throws WebhookRegistrationException when it has no Webhook node or several triggers, names an
   *     unknown secret, takes a route another workflow holds, or its response mode does not match
   *     its Respond to Webhook nodes; nothing changed
   * @throws dev.tyboo.error.WorkflowValidationException when the workflow is invalid
   */
  public List<String> register(Workflow workflow) {
    Objects.requireNonNull(workflow, "workflow");
    String name = workflow.name();
    List<WebhookEndpoint> mine = new ArrayList<>();
    List<String> triggers = new ArrayList<>();
    boolean hasRespondNode = false;
    for (NodeSpec node : workflow.nodes()) {
      if (node.nodeType().descriptor().inputs().isEmpty()) {
        triggers.add(node.id()); // every node without inputs receives the start items
      }
      if (node.type().equals(RespondToWebhook.TYPE)) {
        hasRespondNode = true;
      }
    }
    engine.validate(workflow);
    for (NodeSpec node : workflow.nodes()) {
      if (node.type().equals(Webhook.TYPE)) {
        mine.add(WebhookEndpoint.of(name, node));
      } else if (node.nodeType() instanceof WebhookTrigger trigger) {
        mine.add(WebhookEndpoint.ofTrigger(name, node, trigger));
      }
    }
    if (mine.isEmpty()) {
      throw new WebhookRegistrationException(
          "workflow '" + name + "' has no Webhook node or webhook trigger");
    }
    if (triggers.size() > 1) {
      throw new WebhookRegistrationException(
          "workflow '"
              + name
              + "' has several triggers "
              + triggers
              + "; a workflow started by a webhook must have one trigger (split it into"
              + " workflows, or call shared steps with Execute Workflow)");
    }
    WebhookEndpoint endpoint = mine.get(0);
    if (endpoint.trigger() != null && endpoint.secret() == null) {
      throw new WebhookRegistrationException(
          "workflow '" + name + "': node '" + endpoint.nodeId() + "' needs a 'secret'");
    }
    if (endpoint.secret() != null
        && !"none".equals(endpoint.authentication())
        && !auth.holds(endpoint.secret())) {
      throw new WebhookRegistrationException(
          "workflow '"
              + name
              + "': node '"
              + endpoint.nodeId()
              + "' uses the secret '"
              + endpoint.secret()
              + "', which this dispatcher does not hold (add it with Builder.secret); it holds "
              + auth.names());
    }
    boolean byNode = endpoint.mode() == Webhook.ResponseMode.RESPONSE_NODE;
    if (byNode != hasRespondNode) {
      throw new WebhookRegistrationException(
          "workflow '"
              + name
              + "': node '"
              + endpoint.nodeId()
              + (byNode
                  ? "' answers by a Respond to Webhook node, but the workflow has none"
                  : "' answers in the '"
                      + endpoint.mode().json()
                      + "' mode, so its Respond to Webhook nodes would never be heard; set"
                      + " responseMode to 'responseNode'"));
    }
    synchronized (registrationLock) {
      for (WebhookEndpoint other : endpoints) {
        if (!other.workflowName().equals(name) && other.shape().equals(endpoint.shape())) {
          throw new WebhookRegistrationException(
              "workflow '"
                  + name
                  + "': the route "
                  + endpoint.method()
                  + " "
                  + endpoint.path()
                  + " is taken by workflow '"
                  + other.workflowName()
                  + "' ("
                  + other.method()
                  + " "
                  + other.path()
                  + ")");
        }
      }
      engine.deploy(workflow);
      Map<String, List<WebhookEndpoint>> next = new LinkedHashMap<>(byWorkflow);
      next.put(name, List.of(endpoint));
      install(next);
    }
    return List.of(endpoint.method() + " " + endpoint.path());
  }

  /**
   * Stops listening to the engine. Requests dispatched afterwards still start workflows, but a
   * Respond to Webhook node answers them only when their execution ends.
   */
  @Override
  public void close() {
    engine.removeListener(listener);
  }

  /**
   * Stops routing requests to a workflow. It stays deployed.
   *
   * @param workflowName the workflow's name
   * @return whether it was registered
   */
  public boolean unregister(String workflowName) {
    synchronized (registrationLock) {
      if (!byWorkflow.containsKey(workflowName)) {
        return false;
      }
      Map<String, List<WebhookEndpoint>> next = new LinkedHashMap<>(byWorkflow);
      next.remove(workflowName);
      install(next);
      return true;
    }
  }

  private void install(Map<String, List<WebhookEndpoint>> next) {
    List<WebhookEndpoint> all = new ArrayList<>();
    next.values().forEach(all::addAll);
    // literal paths win over templates
    all.sort((a, b) -> Boolean.compare(a.isTemplate(), b.isTemplate()));
    byWorkflow = Map.copyOf(next);
    endpoints = List.copyOf(all);
  }

  /**
   * Handles one request: reads its body on the calling thread, starts the workflow (in {@code
   * lastNode} mode in an engine without storage, runs it on the calling thread as far as it goes:
   * see {@link Builder#runOnRequestThread}), and completes the returned future with the answer (at
   * once, or when the execution answers). The future never completes exceptionally; failures are
   * HTTP answers.
   *
   * @param request the request
   * @return the answer to send
   */
  public CompletableFuture<WebhookResponse> dispatch(WebhookRequest request) {
    Objects.requireNonNull(request, "request");
    return answer(request)
        .whenComplete(
            (r, t) -> {
              if (r != null && r.status() >= 500) {
                LOG.warn(
                    "webhook {} {} answered {}: {}",
                    request.method(),
                    request.path(),
                    r.status(),
                    r.bodyText());
              } else if (r != null && r.status() >= 400) {
                LOG.debug(
                    "webhook {} {} answered {}", request.method(), request.path(), r.status());
              }
            });
  }

  private CompletableFuture<WebhookResponse> answer(WebhookRequest request) {
    List<String> segments = WebhookEndpoint.split(request.path());
    WebhookEndpoint endpoint = null;
    Map<String, Object> params = null;
    Set<String> allowed = new LinkedHashSet<>();
    for (WebhookEndpoint e : endpoints) {
      Map<String, Object> p = e.match(segments);
      if (p != null) {
        if (e.method().equals(request.method())) {
          endpoint = e;
          params = p;
          break;
        }
        allowed.add(e.method());
      }
    }
    if (endpoint == null) {
      return done(
          allowed.isEmpty()
              ? error(404, "no webhook at '" + String.join("/", segments) + "'", null)
              : WebhookResponse.json(
                  405,
                  Map.of("allow", List.of(String.join(", ", allowed))),
                  Map.of(
                      "error",
                      request.method()
                          + " is not accepted at '"
                          + String.join("/", segments)
                          + "'; use "
                          + allowed)));
    }
    if (endpoint.trigger() != null) {
      return done(triggered(endpoint, request));
    }
    if (!auth.beforeBody(endpoint, request)) {
      return done(WebhookAuthentication.unauthorized(endpoint));
    }
    Item item;
    try {
      item = readItem(endpoint, request, params);
    } catch (RequestProblem p) {
      return done(p.response);
    }
    Execution execution;
    boolean here = onRequestThread && endpoint.mode() == Webhook.ResponseMode.LAST_NODE;
    try {
      execution = start(endpoint, item, here ? ON_REQUEST_THREAD : StartOptions.none());
    } catch (RequestProblem p) {
      return done(p.response);
    }
    String id = execution.id().value();
    WebhookEndpoint matched = endpoint;
    return switch (matched.mode()) {
      case ON_RECEIVED ->
          done(WebhookResponse.json(matched.responseCode(), Map.of("executionId", id)));
      case LAST_NODE -> lastNode(matched, execution);
      case RESPONSE_NODE -> answerByNode(execution);
    };
  }

  /** The answer of a lastNode request: at once when the execution has ended, else when it ends. */
  private CompletableFuture<WebhookResponse> lastNode(
      WebhookEndpoint endpoint, Execution execution) {
    String id = execution.id().value();
    CompletableFuture<Execution> completion = execution.completion();
    if (completion.isDone() && !completion.isCompletedExceptionally()) {
      // ended on the request's thread: no timeout to schedule
      return done(lastNodeAnswer(endpoint, completion.join()));
    }
    return completion
        .thenApply(e -> lastNodeAnswer(endpoint, e))
        .completeOnTimeout(stillRunning(id), responseTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .exceptionally(t -> error(500, "the workflow failed: " + t, id));
  }

  private Execution start(WebhookEndpoint endpoint, Item item, StartOptions options)
      throws RequestProblem {
    try {
      return engine.startDeployed(endpoint.workflowName(), List.of(item), options);
    } catch (EngineClosedException | StorageException e) {
      throw new RequestProblem(
          error(503, "the workflow engine cannot take work now: " + e.getMessage(), null));
    } catch (WorkflowNotFoundException e) {
      throw new RequestProblem(error(404, "no webhook at '" + endpoint.path() + "'", null));
    } catch (EngineException e) {
      throw new RequestProblem(error(500, "the workflow could not start: " + e.getMessage(), null));
    }
  }

  private WebhookResponse triggered(WebhookEndpoint endpoint, WebhookRequest request) {
    try {
      byte[] body = readBounded(request.body());
      WebhookDelivery delivery =
          new WebhookDelivery(request, body, auth.secret(endpoint), engine.clock().now());
      WebhookEvent event = endpoint.trigger().receive(delivery, endpoint.parameters());
      if (event instanceof WebhookEvent.Answer a) {
        return a.response();
      }
      WebhookEvent.Start s = (WebhookEvent.Start) event;
      StartOptions options =
          s.eventId() == null
              ? StartOptions.none()
              : StartOptions.deduplicatedBy(endpoint.nodeId() + "/" + s.eventId());
      Execution execution = start(endpoint, Item.of(s.json()), options);
      return WebhookResponse.json(200, Map.of("executionId", execution.id().value()));
    } catch (RequestProblem p) {
      return p.response;
    } catch (RuntimeException e) {
      LOG.warn("webhook trigger '{}' failed on a delivery", endpoint.nodeId(), e);
      return error(500, "the trigger failed on this delivery", null);
    }
  }

  private CompletableFuture<WebhookResponse> answerByNode(Execution execution) {
    String id = execution.id().value();
    CompletableFuture<WebhookResponse> answered = new CompletableFuture<>();
    awaitingAnswers.put(id, answered);
    // the node may have answered before this registration: look once at what it recorded
    WebhookResponse early = answerOf(execution);
    if (early != null) {
      answered.complete(early);
    }
    execution
        .completion()
        .thenAccept(
            e -> {
              if (!answered.isDone()) {
                answered.complete(recordedAnswer(e));
              }
            });
    return answered
        .completeOnTimeout(stillRunning(id), responseTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .exceptionally(t -> error(500, "the workflow failed: " + t, id))
        .whenComplete((r, t) -> awaitingAnswers.remove(id));
  }

  /**
   * Hands a Respond to Webhook node's answer, as it finishes here, to the request waiting for it.
   */
  private void onEvent(ExecutionEvent event) {
    if (event instanceof ExecutionEvent.NodeFinished f && !awaitingAnswers.isEmpty()) {
      CompletableFuture<WebhookResponse> waiting = awaitingAnswers.get(f.executionId().value());
      List<Item> answer = f.outputs().get(RespondToWebhook.RESPONSE);
      if (waiting != null && answer != null && !answer.isEmpty()) {
        waiting.complete(RespondToWebhook.fromAnswer(answer.get(0).json()));
      }
    }
  }

  /** {@return the answer a Respond to Webhook node of the execution recorded, or {@code null}} */
  private static WebhookResponse answerOf(Execution execution) {
    for (NodeSpec node : execution.workflow().nodes()) {
      if (node.type().equals(RespondToWebhook.TYPE)) {
        NodeRun run = execution.nodeRuns().get(node.id());
        List<Item> answer =
            run == null
                ? List.of()
                : run.outputs().getOrDefault(RespondToWebhook.RESPONSE, List.of());
        if (!answer.isEmpty()) {
          return RespondToWebhook.fromAnswer(answer.get(0).json());
        }
      }
    }
    return null;
  }

  /** The answer of a Respond to Webhook node that ran in another process, from its stored run. */
  static WebhookResponse recordedAnswer(Execution execution) {
    String id = execution.id().value();
    WebhookResponse recorded = answerOf(execution);
    if (recorded != null) {
      return recorded;
    }
    if (execution.status() == ExecutionStatus.FAILED) {
      return failed(execution);
    }
    return error(
        500,
        "the execution ended ("
            + execution.status()
            + ") without reaching a Respond to Webhook node",
        id);
  }

  private static WebhookResponse lastNodeAnswer(WebhookEndpoint endpoint, Execution execution) {
    if (execution.status() == ExecutionStatus.FAILED) {
      return failed(execution);
    }
    if (execution.status() != ExecutionStatus.SUCCEEDED) {
      return error(500, "the execution ended " + execution.status(), execution.id().value());
    }
    List<String> order = execution.workflow().nodes().stream().map(NodeSpec::id).toList();
    NodeRun last = null;
    for (NodeRun run : execution.nodeRuns().values()) {
      if (run.status() != NodeRunStatus.SUCCEEDED || run.finishedAt() == null) {
        continue;
      }
      if (last == null
          || run.finishedAt().isAfter(last.finishedAt())
          || run.finishedAt().equals(last.finishedAt())
              && order.indexOf(run.nodeId()) > order.indexOf(last.nodeId())) {
        last = run;
      }
    }
    List<Item> items = last == null ? List.of() : last.mainOutput();
    return switch (endpoint.responseData()) {
      case "noData" -> WebhookResponse.empty(endpoint.responseCode(), Map.of());
      case "allItems" ->
          WebhookResponse.json(endpoint.responseCode(), items.stream().map(Item::json).toList());
      default ->
          WebhookResponse.json(
              endpoint.responseCode(), items.isEmpty() ? Map.of() : items.get(0).json());
    };
  }

  private static WebhookResponse failed(Execution execution) {
    String message = execution.error().map(Throwable::getMessage).orElse("the execution failed");
    return error(500, message, execution.id().value());
  }

  private static WebhookResponse stillRunning(String executionId) {
    return error(504, "the execution has not answered in time; it goes on running", executionId);
  }

  private static WebhookResponse error(int status, String message, String executionId) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", message);
    if (executionId != null) {
      body.put("executionId", executionId);
    }
    return WebhookResponse.json(status, body);
  }

  private static CompletableFuture<WebhookResponse> done(WebhookResponse response) {
    return CompletableFuture.completedFuture(response);
  }

  // --- the request item ---

  private static final class RequestProblem extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient WebhookResponse response;

    RequestProblem(WebhookResponse response) {
      super(null, null, false, false);
      this.response = response;
    }
  }

  private Item readItem(
      WebhookEndpoint endpoint, WebhookRequest request, Map<String, Object> params)
      throws RequestProblem {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("method", request.method());
    json.put("path", String.join("/", WebhookEndpoint.split(request.path())));
    json.put("params", params);
    json.put("query", multiMap(request.query()));
    Map<String, Object> headers = new LinkedHashMap<>();
    request.headers().forEach((name, values) -> headers.put(name, String.join(", ", values)));
    json.put("headers", headers);

    Mac mac = "hmac".equals(endpoint.authentication()) ? auth.newMac(endpoint) : null;
    String contentType = request.header("content-type");
    String mediaType =
        contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    boolean buffered =
        mediaType.isEmpty()
            || mediaType.equals("application/json")
            || mediaType.endsWith("+json")
            || mediaType.equals("application/x-www-form-urlencoded")
            || mediaType.startsWith("text/")
            || mediaType.equals("application/xml");
    if (buffered) {
      byte[] body = readBounded(request.body());
      if (mac != null) {
        mac.update(body);
        if (!auth.signatureMatches(endpoint, request, mac)) {
          throw new RequestProblem(WebhookAuthentication.unauthorized(endpoint));
        }
      }
      json.put("body", parseBody(mediaType, charset(contentType), body));
      return Item.of(json);
    }
    BoundedInputStream counted =
        new BoundedInputStream(
            request.body(), maxBinaryBytes, mac == null ? null : mac::update, false);
    BinaryRef ref;
    try {
      ref = engine.binaryStore().write(counted, null, contentType);
    } catch (StorageException e) {
      if (counted.exceeded()) {
        throw new RequestProblem(tooLarge(maxBinaryBytes));
      }
      LOG.warn("webhook {} {}: the body could not be stored", request.method(), request.path(), e);
      throw new RequestProblem(error(503, "the request body could not be stored", null));
    }
    if (mac != null && !auth.signatureMatches(endpoint, request, mac)) {
      engine.binaryStore().delete(ref);
      throw new RequestProblem(WebhookAuthentication.unauthorized(endpoint));
    }
    json.put("body", Map.of());
    return Item.of(json).withBinary(endpoint.binaryProperty(), ref);
  }

  private byte[] readBounded(InputStream body) throws RequestProblem {
    try {
      byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
      if (bytes.length > maxBodyBytes) {
        throw new RequestProblem(tooLarge(maxBodyBytes));
      }
      return bytes;
    } catch (IOException e) {
      throw new RequestProblem(error(400, "the request body could not be read: " + e, null));
    }
  }

  private static WebhookResponse tooLarge(long limit) {
    return error(413, "the request body is larger than " + limit + " bytes", null);
  }

  private static Object parseBody(String mediaType, Charset charset, byte[] body)
      throws RequestProblem {
    if (body.length == 0) {
      return Map.of();
    }
    if (mediaType.isEmpty()
        || mediaType.equals("application/json")
        || mediaType.endsWith("+json")) {
      try {
        return JSON.readValue(body, Object.class);
      } catch (JsonProcessingException e) {
        if (mediaType.isEmpty()) {
          return new String(body, charset); // no content type and not JSON: keep it as text
        }
        throw new RequestProblem(
            error(400, "the request body is not valid JSON: " + e.getOriginalMessage(), null));
      } catch (IOException e) {
        throw new RequestProblem(error(400, "the request body could not be read", null));
      }
    }
    String text = new String(body, charset);
    if (mediaType.equals("application/x-www-form-urlencoded")) {
      Map<String, List<String>> form = new LinkedHashMap<>();
      for (String pair : text.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = eq < 0 ? pair : pair.substring(0, eq);
        String value = eq < 0 ? "" : pair.substring(eq + 1);
        try {
          form.computeIfAbsent(URLDecoder.decode(name, charset), n -> new ArrayList<>())
              .add(URLDecoder.decode(value, charset));
        } catch (IllegalArgumentException e) {
          throw new RequestProblem(error(400, "malformed form field '" + pair + "'", null));
        }
      }
      return multiMap(form);
    }
    return text;
  }

  private static Charset charset(String contentType) {
    if (contentType != null) {
      for (String part : contentType.split(";")) {
        String p = part.strip();
        if (p.regionMatches(true, 0, "charset=", 0, 8)) {
          try {
            return Charset.forName(p.substring(8).replace("\"", "").strip());
          } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return StandardCharsets.UTF_8;
          }
        }
      }
    }
    return StandardCharsets.UTF_8;
  }

  private static Map<String, Object> multiMap(Map<String, List<String>> values) {
    Map<String, Object> out = new LinkedHashMap<>();
    values.forEach((name, v) -> out.put(name, v.size() == 1 ? v.get(0) : List.copyOf(v)));
    return out;
  }

  /** Builds a {@link WebhookDispatcher}. Not thread-safe. */
  public static final class Builder {
    private final Engine engine;
    private final Map<String, byte[]> secrets = new HashMap<>();
    private long maxBodyBytes = 16L * 1024 * 1024;
    private long maxBinaryBytes = 1024L * 1024 * 1024;
    private Duration responseTimeout = Duration.ofSeconds(30);
    private boolean onRequestThread = true;

    private Builder(Engine engine) {
      this.engine = Objects.requireNonNull(engine, "engine");
    }

    /**
     * {@return this builder}
     *
     * @param name the name Webhook nodes use in their {@code secret} parameter
     * @param value the token, {@code user:password} for Basic authentication, or the HMAC key
     */
    public Builder secret(String name, String value) {
      Objects.requireNonNull(name, "name");
      if (value == null || value.isEmpty()) {
        throw new IllegalArgumentException("secret '" + name + "' is missing or empty");
      }
      secrets.put(name, value.getBytes(StandardCharsets.UTF_8));
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param bytes the largest JSON, form or text body read into memory (16 MiB by default)
     */
    public Builder maxBodyBytes(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("maxBodyBytes must be >= 0, was " + bytes);
      }
      this.maxBodyBytes = bytes;
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param bytes the largest other body, streamed into the binary store (1 GiB by default)
     */
    public Builder maxBinaryBytes(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("maxBinaryBytes must be >= 0, was " + bytes);
      }
      this.maxBinaryBytes = bytes;
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param timeout how long a request waits for a lastNode or responseNode answer before it gets
     *     504 (30 seconds by default); the execution goes on
     */
    public Builder responseTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("responseTimeout must be positive, was " + timeout);
      }
      this.responseTimeout = timeout;
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param run whether, in an engine without storage, the thread that dispatches a {@code
     *     lastNode} request runs its workflow as far as it goes (until it ends, waits or forks)
     *     before {@code dispatch} returns: no thread hand-off and no timeout task for a workflow
     *     that ends at once. True by default. The response timeout then counts from when the
     *     workflow leaves the request's thread, so a node that blocks (a slow HTTP call) keeps the
     *     request that much longer; false hands every execution to the engine's threads, and the
     *     timeout counts from the start. A durable engine always queues the execution
     */
    public Builder runOnRequestThread(boolean run) {
      this.onRequestThread = run;
      return this;
    }

    /** {@return the dispatcher} */
    public WebhookDispatcher build() {
      return new WebhookDispatcher(this);
    }
  }
}
