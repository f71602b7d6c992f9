/**
 * DestinationRule TLS SIMPLE or MUTUAL without `caCertificates`: the client does not verify the server's certificate.
 * istioctl analyze IST0128 / IST0129, `pkg/config/analysis/analyzers/destinationrule/ca-certificates.go` (not reported
 * when `credentialName` is set together with a `workloadSelector`, nor with an explicit `insecureSkipVerify`).
 */
import { Messages } from "../../diagnostics/messages.ts";
import { isRecord, list, record, str } from "../../ir/_read.ts";
import { forEachOfKind, type Rule } from "../validate/_report.ts";

/** Client TLS without server verification (MESH2249). */
export const unverifiedServerCert: Rule = (ir) =>
  forEachOfKind(ir, "destinationRule", (dr, report) => {
    const selector = isRecord(dr.spec.workloadSelector);
    const check = (tls: unknown, path: (string | number)[]) => {
      const t = record(tls);
      const mode = str(t["mode"]);
      if (mode !== "SIMPLE" && mode !== "MUTUAL") return;
      if (
        t["caCertificates"] !== undefined ||
        t["insecureSkipVerify"] !== undefined ||
        (t["credentialName"] !== undefined && selector)
      )
        return;
      report(Messages.TLS_mode_0_without_caCertificates, [...path, "mode"], [mode]);
    };
    const policy = record(dr.spec.trafficPolicy);
    check(policy["tls"], ["spec", "trafficPolicy", "tls"]);
    list(policy["portLevelSettings"]).forEach((p, i) =>
      check(record(p)["tls"], ["spec", "trafficPolicy", "portLevelSettings", i, "tls"]),
    );
  });
