/**
 * Command-line parsing with `node:util` `parseArgs` (DESIGN §2). Usage errors are data, not exceptions.
 */
import { parseArgs } from "node:util";
import { ALL_TARGETS, type Target } from "../emit/outputs.ts";

export type Format = "pretty" | "json";

export type Command =
  | { readonly kind: "build"; readonly inputs: readonly string[]; readonly out: string; readonly check: boolean; readonly targets: readonly Target[] }
  | { readonly kind: "check"; readonly inputs: readonly string[]; readonly format: Format }
  | { readonly kind: "help" }
  | { readonly kind: "version" };

export const USAGE = `Usage:
  meshc build <input>... [--out DIR] [--check] [--target istio,envoy]
  meshc check <input>... [--format pretty|json]

An input is a mesh.ts file, or Istio/Kubernetes YAML files or directories.
Exit codes: 0 success; 1 errors found or stale output (--check); 2 usage error, unreadable input, internal error.`;

export type Parsed = { readonly ok: true; readonly command: Command } | { readonly ok: false; readonly error: string };

function parseTargets(value: string | undefined): readonly Target[] | string {
  if (value === undefined) return ["istio"];
  const targets = value.split(",").map((t) => t.trim());
  const bad = targets.find((t) => !(ALL_TARGETS as readonly string[]).includes(t));
  if (bad !== undefined) return `Unknown target '${bad}'; expected one of ${ALL_TARGETS.join(", ")}.`;
  if (targets.includes("envoy")) return "The 'envoy' target is not available yet; use --target istio.";
  return targets as Target[];
}

export function parseCommand(argv: readonly string[]): Parsed {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") return { ok: true, command: { kind: "help" } };
  if (name === "--version" || name === "version") return { ok: true, command: { kind: "version" } };
  try {
    if (name === "build") {
      const { values, positionals } = parseArgs({
        args: [...rest],
        allowPositionals: true,
        options: { out: { type: "string" }, check: { type: "boolean" }, target: { type: "string" } },
      });
      const targets = parseTargets(values.target);
      if (typeof targets === "string") return { ok: false, error: targets };
      return { ok: true, command: { kind: "build", inputs: positionals, out: values.out ?? "dist", check: values.check ?? false, targets } };
    }
    if (name === "check") {
      const { values, positionals } = parseArgs({ args: [...rest], allowPositionals: true, options: { format: { type: "string" } } });
      const format = values.format ?? "pretty";
      if (format !== "pretty" && format !== "json") return { ok: false, error: `Unknown format '${format}'; expected pretty or json.` };
      return { ok: true, command: { kind: "check", inputs: positionals, format } };
    }
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
  return { ok: false, error: `Unknown command '${name}'.` };
}
