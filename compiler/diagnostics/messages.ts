/**
 * The diagnostic catalog: every message meshc can report, with its stable code. Call sites pass an entry and its
 * arguments, never a literal string (tsc's `diagnosticMessages.json`). Codes are grouped by stage:
 * 1xxx load/DSL, 2xxx semantic, 3xxx emit, 4xxx scenario syntax, 5xxx evaluation. Never reuse a code.
 *
 * The entries live in one file per stage under `messages/` so stages can grow independently; this object is the
 * single catalog everything else reads (tests derive the code list from it).
 */
import type { DiagnosticMessage } from "./diagnostic.ts";
import { loadMessages } from "./messages/load.ts";
import { dslMessages } from "./messages/dsl.ts";
import { yamlMessages } from "./messages/yaml.ts";
import { validateMessages } from "./messages/validate.ts";
import { kubernetesMessages } from "./messages/kubernetes.ts";
import { analyzeMessages } from "./messages/analyze.ts";
import { gatewayApiMessages } from "./messages/gateway-api.ts";
import { ingressMessages } from "./messages/ingress.ts";
import { emitMessages } from "./messages/emit.ts";
import { scenarioMessages } from "./messages/scenario.ts";
import { evalMessages } from "./messages/eval.ts";
import { importMessages } from "./messages/import.ts";
import { configMessages } from "./messages/config.ts";
import { diffMessages } from "./messages/diff.ts";
import { cliMessages } from "./messages/cli.ts";

export const Messages = {
  ...loadMessages,
  ...dslMessages,
  ...yamlMessages,
  ...validateMessages,
  ...kubernetesMessages,
  ...analyzeMessages,
  ...gatewayApiMessages,
  ...ingressMessages,
  ...emitMessages,
  ...scenarioMessages,
  ...evalMessages,
  ...importMessages,
  ...configMessages,
  ...diffMessages,
  ...cliMessages,
} as const satisfies Record<string, DiagnosticMessage>;

export type MessageKey = keyof typeof Messages;
