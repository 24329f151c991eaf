package dev.waggle.adapters.k8s;

import io.fabric8.kubernetes.client.Client;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Test support behind {@link WithCrudApiServer}: starts a CRUD mock API server per class or per
 * test and stops it when JUnit closes the matching extension context.
 */
public final class CrudApiServerExtension implements BeforeAllCallback, BeforeEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(CrudApiServerExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) throws IllegalAccessException {
    List<Field> fields = mockFields(context.getRequiredTestClass(), true);
    if (!fields.isEmpty()) {
      inject(context, fields, null);
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IllegalAccessException {
    for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
      List<Field> fields = mockFields(instance.getClass(), false);
      if (!fields.isEmpty()) {
        inject(context, fields, instance);
      }
    }
  }

  private static void inject(ExtensionContext context, List<Field> fields, Object instance)
      throws IllegalAccessException {
    // The store closes the server with the context it belongs to: the class's or the test's.
    RunningServer running =
        context
            .getStore(NAMESPACE)
            .computeIfAbsent(
                RunningServer.class, type -> RunningServer.start(), RunningServer.class);
    for (Field field : fields) {
      field.setAccessible(true);
      field.set(
          instance,
          field.getType() == KubernetesMockServer.class ? running.server() : running.client());
    }
  }

  private static List<Field> mockFields(Class<?> type, boolean statics) {
    List<Field> fields = new ArrayList<>();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        boolean isStatic = Modifier.isStatic(field.getModifiers());
        Class<?> fieldType = field.getType();
        boolean wanted =
            fieldType == KubernetesMockServer.class
                || (Client.class.isAssignableFrom(fieldType)
                    && fieldType.isAssignableFrom(NamespacedKubernetesClient.class));
        if (isStatic == statics && wanted) {
          fields.add(field);
        }
      }
    }
    return fields;
  }

  /** One started mock API server and its client, stopped together. */
  private record RunningServer(KubernetesMockServer server, NamespacedKubernetesClient client)
      implements AutoCloseable {
    static RunningServer start() {
      // The mixed dispatcher answers expectations set on the server first, then acts as CRUD store.
      Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
      KubernetesMockServer server =
          new KubernetesMockServer(
              new Context(Serialization.jsonMapper()),
              new MockWebServer(),
              expectations,
              new KubernetesMixedDispatcher(expectations),
              false);
      server.init();
      return new RunningServer(server, server.createClient(new Http11MockClient()));
    }

    @Override
    public void close() {
      client.close();
      try {
        server.destroy();
      } catch (RejectedExecutionException e) {
        // mockwebserver 7.5.2 closes Vert.x from a listener and then waits on the same future
        // from a second one; when the first wins, the wait is refused although the server has
        // stopped (fabric8io/kubernetes-client#7747, fixed after the 7.5 line this project pins).
        if (!"event executor terminated".equals(e.getMessage())) {
          throw e;
        }
      }
    }
  }
}
