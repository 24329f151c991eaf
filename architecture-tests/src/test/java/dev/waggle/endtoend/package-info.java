/**
 * End-to-end suites: the assembled application started from a {@code config.yaml} through {@link
 * dev.waggle.bootstrap.Launcher}, on embedded PostgreSQL, with tokens from a real OIDC provider
 * (mock-oauth2-server), driven over HTTP. They live in this module because its test classpath is
 * the one that holds every module without fabric8's Vert.x/Netty 4.1 mock server, which
 * mock-oauth2-server's Netty 4.2 would hang. {@link dev.waggle.endtoend.WaggleFixture} is the
 * fixture to reuse: a config, an OIDC provider and one token per persona.
 */
package dev.waggle.endtoend;
