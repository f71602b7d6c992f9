/** Every check-stage case table, by the check that runs it (the catalog test derives code coverage from these). */
import type { CheckCase } from "./_case.ts";
import { destinationRuleCases } from "./destination-rule.ts";
import { dynamicDnsCases, dynamicDnsSchemaCases } from "./dynamic-dns.ts";
import { gatewayServiceEntryCases } from "./gateway-service-entry.ts";
import { referenceCases } from "./references.ts";
import { schemaCases } from "./schema.ts";
import { securityCases } from "./security.ts";
import { virtualServiceCases } from "./virtual-service.ts";

export const SCHEMA_TABLES: Readonly<Record<string, readonly CheckCase[]>> = {
  schema: schemaCases,
  "dynamic DNS schema": dynamicDnsSchemaCases,
};
export const MESH_TABLES: Readonly<Record<string, readonly CheckCase[]>> = {
  "VirtualService rules": virtualServiceCases,
  "DestinationRule rules": destinationRuleCases,
  "Gateway and ServiceEntry rules": gatewayServiceEntryCases,
  "security rules": securityCases,
  "reference rules": referenceCases,
  "dynamic DNS (not modelled)": dynamicDnsCases,
};
