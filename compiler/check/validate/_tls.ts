/**
 * TLS settings: istio `agent.ValidateTLS` (ClientTLSSettings, DestinationRule) and `validateTLSOptions`
 * (ServerTLSSettings, Gateway). With `credentialName` the certificates come from a Secret and are not required.
 */
import { Messages } from "../../diagnostics/messages.ts";
import { isRecord, str } from "../../ir/_read.ts";
import type { FieldPath } from "../../diagnostics/span.ts";
import type { Report } from "./_report.ts";

function checkIstioMutual(
  report: Report,
  tls: Readonly<Record<string, unknown>>,
  path: FieldPath,
  fields: readonly string[],
): void {
  for (const f of fields) if (str(tls[f])) report(Messages.TLS_mode_ISTIO_MUTUAL_cannot_set_0, [...path, f], [f]);
}

function requireFields(
  report: Report,
  tls: Readonly<Record<string, unknown>>,
  path: FieldPath,
  mode: string,
  fields: readonly string[],
): void {
  for (const f of fields) if (!str(tls[f])) report(Messages.TLS_mode_0_requires_1, [...path, "mode"], [mode, f]);
}

/** DestinationRule `trafficPolicy.tls` (client side). */
export function checkClientTls(report: Report, tls: unknown, path: FieldPath): void {
  if (!isRecord(tls)) return;
  const mode = str(tls["mode"]);
  if (mode === "ISTIO_MUTUAL") {
    checkIstioMutual(report, tls, path, ["clientCertificate", "privateKey", "caCertificates", "credentialName"]);
  } else if (mode === "MUTUAL" && !str(tls["credentialName"])) {
    requireFields(report, tls, path, mode, ["clientCertificate", "privateKey"]);
  }
}

/** Gateway `servers[].tls` (server side). */
export function checkServerTls(report: Report, tls: unknown, path: FieldPath): void {
  if (!isRecord(tls)) return;
  const mode = str(tls["mode"]) ?? "PASSTHROUGH";
  if (mode === "ISTIO_MUTUAL") {
    checkIstioMutual(report, tls, path, ["serverCertificate", "privateKey", "caCertificates"]);
    return;
  }
  if ((mode === "SIMPLE" || mode === "MUTUAL" || mode === "OPTIONAL_MUTUAL") && str(tls["credentialName"])) return;
  if (mode === "SIMPLE") requireFields(report, tls, path, mode, ["serverCertificate", "privateKey"]);
  if (mode === "MUTUAL" || mode === "OPTIONAL_MUTUAL")
    requireFields(report, tls, path, mode, ["serverCertificate", "privateKey", "caCertificates"]);
}
