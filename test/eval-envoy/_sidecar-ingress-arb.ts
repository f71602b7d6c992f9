/**
 * Sidecar `ingress` listeners for the engines' differential test (issue 13): one mesh in two gets a Sidecar
 * selecting `web` (_vip-arb.ts) whose ingress declares 1–3 of its ports, or a port no Service has (7777), each with
 * a protocol (HTTP, TCP, or none: sniffed) and a `defaultEndpoint` (`127.0.0.1:<port>`, `0.0.0.0:<port>`, a unix
 * socket, or none); sometimes also egress hosts. istiod then builds `web`'s inbound chains from exactly those ports
 * (listener_inbound.go `buildInboundChainConfigs`), so a port the Service declares HTTP may be TCP inbound (network
 * RBAC: HTTP-only rules do not apply), and the Service's other ports reach the inbound passthrough chains.
 *
 * Some listeners carry `tls` (SIMPLE with a credential), which istiod applies only with `ENABLE_TLS_ON_SIDECAR_INGRESS`
 * (features.EnableTLSOnSidecarIngress, default false): Istio mTLS still decides there. Not generated: `bind`,
 * `captureMode`.
 */
import fc from "fast-check";
import { pick } from "./_route-arb.ts";

const listenerArb = (port: number) =>
  fc
    .record({
      protocol: pick(["HTTP", "TCP", undefined]),
      endpoint: pick(["127.0.0.1", "0.0.0.0", "unix", undefined]),
      tls: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
    })
    .map(({ protocol, endpoint, tls }) => {
      const ep =
        endpoint === undefined
          ? ""
          : endpoint === "unix"
            ? `, defaultEndpoint: "unix:///var/run/web.sock"`
            : `, defaultEndpoint: "${endpoint}:${port}"`;
      const t = tls ? `, tls: {mode: SIMPLE, credentialName: web-cert}` : "";
      return `  - {port: {number: ${port}, name: in-${port}${protocol === undefined ? "" : `, protocol: ${protocol}`}}${ep}${t}}`;
    });

/** A Sidecar with `ingress` listeners for the pods labelled `app: web`. */
export const sidecarIngressArb: fc.Arbitrary<string> = fc
  .record({
    ports: fc.subarray([8000, 7070, 7000, 7777], { minLength: 1, maxLength: 3 }),
    egress: fc.boolean(),
  })
  .chain(({ ports, egress }) =>
    fc.tuple(...ports.map(listenerArb)).map(
      (listeners) => `---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: web-ingress, namespace: default}
spec:
  workloadSelector: {labels: {app: web}}
  ingress:
${listeners.join("\n")}
${egress ? `  egress:\n  - hosts: ["./*", "istio-system/*"]\n` : ""}`,
    ),
  );
