package dev.waggle.adapters.k8s;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Test support: gives the test class fabric8's mock API server in CRUD mode and an HTTP/1.1 client
 * for it, in its {@code KubernetesClient} and {@code KubernetesMockServer} fields.
 *
 * <p>Static fields get one server per class, instance fields one per test. It replaces fabric8's
 * own {@code @EnableKubernetesMockClient}, whose teardown in 7.5.2 sometimes fails a passing test
 * (see {@link CrudApiServerExtension}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(CrudApiServerExtension.class)
public @interface WithCrudApiServer {}
