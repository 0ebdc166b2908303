/**
 * The API a host uses: {@link io.shomei.core.Shomei} and its use cases, each an interface with
 * requests and sealed results — {@link io.shomei.core.Enrollment},
 * {@link io.shomei.core.Acquisition} (with download tickets), {@link io.shomei.core.Login},
 * {@link io.shomei.core.Certificates} (an account's certificate status, the check of a presented
 * chain), {@link io.shomei.core.OperatorActions} and {@link io.shomei.core.CrlPublisher}. A host
 * switches on the results (for a refused login, on {@link io.shomei.core.Refusal}) and never reads
 * a store or evaluates rules itself.
 *
 * <p>The engines behind the interfaces are package-private and assembled only by
 * {@link io.shomei.core.Shomei.Builder}.
 *
 * <h2>Building blocks</h2>
 *
 * <p>The sub-packages are the parts the engines are made of, public for banks that assemble flows
 * of their own: {@code issue} (certificate profiles and issuance), {@code pkcs12} (packaging),
 * {@code custody} (software and PKCS#11 key custody), {@code identity} (certificate to user,
 * acceptance), {@code eligibility} (re-acquisition rules and campaigns), {@code password}
 * (policy, hashing, lockout, the customer's letter), {@code audit} (the hash-chained trail) and
 * {@code migration} (adopting an existing CA's certificates). They never depend on this package.
 *
 * @since 0.1.0
 */
@NullMarked
package io.shomei.core;

import org.jspecify.annotations.NullMarked;
