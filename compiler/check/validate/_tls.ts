/**
 * TLS settings: istio `agent.ValidateTLS` (ClientTLSSettings, DestinationRule) and `validateTLSOptions`
 * (ServerTLSSettings, Gateway). With `credentialName` the certificates come from a Secret and are not required.
 */
import { Messages } from "../../diagnostics/messages.ts";
import type { ClientTLSSettings, ServerTLSSettings } from "../../ir/istio-api.ts";
import type { FieldPath } from "../../diagnostics/span.ts";
import type { Report } from "../_rule.ts";

/** The certificate fields of either side's TLS settings (all strings). */
type CertificateField = "clientCertificate" | "serverCertificate" | "privateKey" | "caCertificates" | "credentialName";
type CertificateFields = Partial<Readonly<Record<CertificateField, string>>>;

const nonEmpty = (v: unknown): boolean => typeof v === "string" && v !== "";

function checkIstioMutual(
  report: Report,
  tls: CertificateFields,
  path: FieldPath,
  fields: readonly CertificateField[],
): void {
  for (const f of fields) if (nonEmpty(tls[f])) report(Messages.TLS_mode_ISTIO_MUTUAL_cannot_set_0, [...path, f], [f]);
}

function requireFields(
  report: Report,
  tls: CertificateFields,
  path: FieldPath,
  mode: string,
  fields: readonly CertificateField[],
): void {
  for (const f of fields) if (!nonEmpty(tls[f])) report(Messages.TLS_mode_0_requires_1, [...path, "mode"], [mode, f]);
}

const isObject = (v: unknown): boolean => typeof v === "object" && v !== null && !Array.isArray(v);

/** DestinationRule `trafficPolicy.tls` (client side). */
export function checkClientTls(report: Report, tls: ClientTLSSettings | undefined, path: FieldPath): void {
  if (tls === undefined || !isObject(tls)) return;
  const mode = typeof tls.mode === "string" ? tls.mode : undefined;
  if (mode === "ISTIO_MUTUAL") {
    checkIstioMutual(report, tls, path, ["clientCertificate", "privateKey", "caCertificates", "credentialName"]);
  } else if (mode === "MUTUAL" && !nonEmpty(tls.credentialName)) {
    requireFields(report, tls, path, mode, ["clientCertificate", "privateKey"]);
  }
}

/** Gateway `servers[].tls` (server side). */
export function checkServerTls(report: Report, tls: ServerTLSSettings | undefined, path: FieldPath): void {
  if (tls === undefined || !isObject(tls)) return;
  const mode = (typeof tls.mode === "string" ? tls.mode : undefined) ?? "PASSTHROUGH";
  if (mode === "ISTIO_MUTUAL") {
    checkIstioMutual(report, tls, path, ["serverCertificate", "privateKey", "caCertificates"]);
    return;
  }
  if ((mode === "SIMPLE" || mode === "MUTUAL" || mode === "OPTIONAL_MUTUAL") && nonEmpty(tls.credentialName)) return;
  if (mode === "SIMPLE") requireFields(report, tls, path, mode, ["serverCertificate", "privateKey"]);
  if (mode === "MUTUAL" || mode === "OPTIONAL_MUTUAL")
    requireFields(report, tls, path, mode, ["serverCertificate", "privateKey", "caCertificates"]);
}
