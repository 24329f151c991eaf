package dev.waggle.adapters.k8s;

import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.util.function.Consumer;

/**
 * Test support: makes the mock API server's client speak HTTP/1.1 straight away; the JDK client's
 * HTTP/2 upgrade attempts make every request to the mock slower.
 */
public class Http11MockClient implements Consumer<KubernetesClientBuilder> {
  @Override
  public void accept(KubernetesClientBuilder builder) {
    builder.withHttpClientFactory(
        new JdkHttpClientFactory() {
          @Override
          protected void additionalConfig(java.net.http.HttpClient.Builder http) {
            http.version(java.net.http.HttpClient.Version.HTTP_1_1);
          }
        });
  }
}
