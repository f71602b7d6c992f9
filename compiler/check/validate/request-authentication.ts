/** RequestAuthentication: istio `pkg/config/validation/validation.go` `ValidateRequestAuthentication`, `validateJwtRule`. */
import { Messages } from "../../diagnostics/messages.ts";
import type { RequestAuthenticationNode } from "../../ir/ir.ts";
import type { JWTRule } from "../../ir/istio-api.ts";
import { forEachNode, type Report, type Rule } from "../_rule.ts";
import { checkDuration, checkOneSelectorType, checkWorkloadSelector } from "./_common.ts";
import { isValidHeaderName } from "./_values.ts";

type Path = (string | number)[];

/** istio `security.ParseJwksURI`: an absolute http(s) URL with a host. */
function isValidJwksUri(uri: string): boolean {
  try {
    const url = new URL(uri);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}

function isJwks(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && Array.isArray((value as { keys?: unknown }).keys);
  } catch {
    return false;
  }
}

const asString = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

function checkJwtRule(report: Report, rule: JWTRule, path: Path): void {
  const issuer = asString(rule.issuer);
  const jwksUri = asString(rule.jwksUri);
  const jwks = asString(rule.jwks);
  if (!issuer && !jwksUri) report(Messages.JWT_rule_needs_issuer_or_jwksUri, path);
  if (jwksUri && !isValidJwksUri(jwksUri)) report(Messages.Invalid_jwksUri_0, [...path, "jwksUri"], [jwksUri]);
  if (jwks && jwksUri) report(Messages.Jwks_and_jwksUri, [...path, "jwksUri"]);
  if (jwks && !isJwks(jwks)) report(Messages.Invalid_jwks, [...path, "jwks"]);
  (rule.audiences ?? []).forEach((a, i) => {
    if (a === "") report(Messages.Field_0_must_not_contain_empty_values, [...path, "audiences", i], ["audiences"]);
  });
  (rule.fromHeaders ?? []).forEach((h, i) => {
    const name = asString(h.name) ?? "";
    if (name === "")
      report(Messages.Field_0_must_not_be_empty, [...path, "fromHeaders", i, "name"], ["fromHeaders.name"]);
    else if (!isValidHeaderName(name))
      report(Messages.Invalid_header_name_0, [...path, "fromHeaders", i, "name"], [name]);
  });
  for (const field of ["fromParams", "fromCookies"] as const) {
    (rule[field] ?? []).forEach((p, i) => {
      if (p === "") report(Messages.Field_0_must_not_contain_empty_values, [...path, field, i], [field]);
    });
  }
  (rule.outputClaimToHeaders ?? []).forEach((o, i) => {
    const header = asString(o.header) ?? "";
    if (header !== "" && !isValidHeaderName(header))
      report(Messages.Invalid_header_name_0, [...path, "outputClaimToHeaders", i, "header"], [header]);
  });
  checkDuration(report, rule.timeout, [...path, "timeout"]);
}

function checkRequestAuthentication(ra: RequestAuthenticationNode, report: Report): void {
  checkOneSelectorType(report, ra.spec);
  checkWorkloadSelector(report, ra.spec.selector, ["spec", "selector"]);
  (ra.spec.jwtRules ?? []).forEach((r, i) => checkJwtRule(report, r, ["spec", "jwtRules", i]));
}

/** JWT rules and selectors of every RequestAuthentication. */
export const requestAuthentication: Rule = forEachNode("requestAuthentication", checkRequestAuthentication);
