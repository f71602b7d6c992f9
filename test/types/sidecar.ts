/**
 * Type tests for `sidecar(...)`: egress hosts are typed service references or Istio's `namespace/dnsName` strings,
 * the outbound traffic policy mode and capture mode are closed enums, and the selector takes the DSL's references.
 */
import { externalService, namespace, service, sidecar, type EgressHost } from "meshc";

const shop = namespace("shop");
const payments = service("payments", { namespace: "billing", ports: [{ name: "http", port: 8080 }], versions: { v1: {} } });
const api = externalService("api", { hosts: ["api.example.com"], ports: [{ number: 443, name: "tls", protocol: "TLS" }] });

// ---- egress hosts: services, external services, `ns/host` strings
sidecar({ namespace: shop, egress: [{ hosts: ["./*", "istio-system/*", "*/api.example.com", "~/*", payments, api] }] });
const hosts: EgressHost[] = [payments, api, "billing/payments.billing.svc.cluster.local"];
void hosts;
// @ts-expect-error: a host must name its namespace (`namespace/dnsName`), as Istio requires
sidecar({ namespace: shop, egress: [{ hosts: ["payments.billing.svc.cluster.local"] }] });
// @ts-expect-error: hosts are required on an egress listener
sidecar({ namespace: shop, egress: [{ port: { number: 8080 } }] });
// @ts-expect-error: a number is not a host
sidecar({ namespace: shop, egress: [{ hosts: [8080] }] });

// ---- per-port listener, bind, capture mode
sidecar({ namespace: shop, egress: [{ port: { number: 8080, protocol: "HTTP", name: "http" }, bind: "127.0.0.1", captureMode: "NONE", hosts: ["./*"] }] });
// @ts-expect-error: 'TPROXY' is not a Sidecar capture mode
sidecar({ namespace: shop, egress: [{ captureMode: "TPROXY", hosts: ["./*"] }] });

// ---- outbound traffic policy
sidecar({ namespace: "shop", outboundTrafficPolicy: { mode: "REGISTRY_ONLY" } });
// @ts-expect-error: 'DENY' is not an outbound traffic policy mode
sidecar({ namespace: "shop", outboundTrafficPolicy: { mode: "DENY" } });

// ---- workload selector: a service, a version, or labels
sidecar({ workloadSelector: payments, egress: [{ hosts: ["./*"] }] });
sidecar({ workloadSelector: payments.version("v1"), egress: [{ hosts: ["./*"] }] });
sidecar({ namespace: "billing", workloadSelector: { matchLabels: { app: "payments" } }, egress: [{ hosts: ["./*"] }] });
// @ts-expect-error: Sidecar selectors are label maps, not strings
sidecar({ workloadSelector: "payments", egress: [{ hosts: ["./*"] }] });
