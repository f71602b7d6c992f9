/**
 * DestinationRule TLS SIMPLE or MUTUAL without `caCertificates`: the client does not verify the server's certificate.
 * istioctl analyze IST0128 / IST0129, `pkg/config/analysis/analyzers/destinationrule/ca-certificates.go` (not reported
 * when `credentialName` is set together with a `workloadSelector`, nor with an explicit `insecureSkipVerify`).
 */
import { Messages } from "../../diagnostics/messages.ts";
import type { ClientTLSSettings } from "../../ir/istio-api.ts";
import { forEachNode, type Rule } from "../_rule.ts";

const isObject = (v: unknown): boolean => typeof v === "object" && v !== null && !Array.isArray(v);

/** Client TLS without server verification (MESH2249). */
export const unverifiedServerCert: Rule = forEachNode("destinationRule", (dr, report) => {
  const selector = isObject(dr.spec.workloadSelector);
  const check = (tls: ClientTLSSettings | undefined, path: (string | number)[]) => {
    if (tls === undefined || !isObject(tls)) return;
    const mode = tls.mode;
    if (mode !== "SIMPLE" && mode !== "MUTUAL") return;
    if (
      tls.caCertificates !== undefined ||
      tls.insecureSkipVerify !== undefined ||
      (tls.credentialName !== undefined && selector)
    )
      return;
    report(Messages.TLS_mode_0_without_caCertificates, [...path, "mode"], [mode]);
  };
  const policy = dr.spec.trafficPolicy;
  check(policy?.tls, ["spec", "trafficPolicy", "tls"]);
  (policy?.portLevelSettings ?? []).forEach((p, i) =>
    check(p.tls, ["spec", "trafficPolicy", "portLevelSettings", i, "tls"]),
  );
});
