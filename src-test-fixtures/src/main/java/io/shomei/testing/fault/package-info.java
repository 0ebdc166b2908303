/**
 * Fault injection for every Shomei SPI: {@link io.shomei.testing.fault.Faults#wrap} puts a
 * type-safe proxy in front of a store or a key custody that fails the calls a
 * {@link io.shomei.testing.fault.FaultPlan} selects (the Nth call of a method, or calls matching a
 * predicate) with a chosen {@link io.shomei.testing.fault.Fault}: an exception before the call, a
 * timeout, or a lost connection after the call took effect (the ambiguous commit). The plan counts
 * calls per method.
 *
 * <pre>{@code
 * FaultPlan plan = new FaultPlan();
 * CertificateStore store = Faults.wrap(CertificateStore.class, new InMemoryCertificateStore(), plan);
 * plan.failNth("CertificateStore.activate", 1, Fault.lostConnection());
 * // ... run the flow; the activation commits, then the caller gets a StorageException
 * assertThat(plan.calls("CertificateStore.activate")).isEqualTo(1);
 * }</pre>
 *
 * @since 0.1.0
 */
@NullMarked
package io.shomei.testing.fault;

import org.jspecify.annotations.NullMarked;
